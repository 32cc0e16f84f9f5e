/**
 * Eigendecomposition data and eigen-aligned networks (App. N; App. P.1.1, P.3, P.4.1 "Eigendecomposition").
 *
 * Each mode α has eigenvalues d_{α,t}, t = 1..T (possibly complex). A mode with any nonzero imaginary part
 * is a conjugate pair μ ± iν and occupies a 2×2 real block [[μ, −ν], [ν, μ]] (μ = Re d_t, ν = Im d_t);
 * a real mode occupies a 1×1 block. Blocks are laid out in the order of the modes from dimension 0; the
 * remaining dimensions up to N are zero. With one orthogonal Q (the real Schur basis of App. P.4.1, the
 * same at every timestep) the data correlation is Σ^{YX_t} = Q H_t Qᵀ (eq. 204 with Q⁻¹ = Qᵀ).
 *
 * The real 2×2 block [[x, −y], [y, x]] acts on (e_1, e_2) exactly as multiplication by z = x + iy acts on
 * (Re, Im): block products are complex products, so a block-diagonal network in the Q basis carries one
 * complex connectivity mode per pair (App. N, eq. 136 ff.).
 */
import { type Mat, zeros, randomOrthogonal } from './linalg.js';
import { type Dataset, whitenedInputs } from './data.js';
import type { Weights } from './lrnn.js';
import type { Rng } from './rng.js';

export interface EigBlock {
  kind: 'real' | 'pair';
  /** first dimension of the block */
  index: number;
  /** index into modes */
  mode: number;
}

export interface EigTask {
  /** X[t-1] is N×P, Y is N×P */
  data: Dataset;
  /** N×N orthogonal */
  Q: Mat;
  /** T real block-diagonal N×N matrices: H[t-1] = H_t */
  H: Mat[];
  blocks: EigBlock[];
  N: number;
  T: number;
}

/** A mode's eigenvalue trajectory: d_t = re[t−1] + i·im[t−1], t = 1..T. */
export interface EigMode {
  re: number[];
  im: number[];
}

/** Block layout of a list of modes: a pair for a mode with any nonzero imaginary part, else a 1×1 block. */
export function eigBlocks(modes: ReadonlyArray<EigMode>, N: number, T: number): EigBlock[] {
  const blocks: EigBlock[] = [];
  let index = 0;
  modes.forEach((m, mode) => {
    if (m.re.length !== T || m.im.length !== T) {
      throw new Error(`eigTask: mode ${mode} has ${m.re.length} real and ${m.im.length} imaginary parts, expected T = ${T}`);
    }
    const kind: EigBlock['kind'] = m.im.some((v) => v !== 0) ? 'pair' : 'real';
    blocks.push({ kind, index, mode });
    index += kind === 'pair' ? 2 : 1;
  });
  if (index > N) throw new Error(`eigTask: the modes need ${index} dimensions (2 per conjugate pair), but N = ${N}`);
  return blocks;
}

/** The N×N block-diagonal real matrix with one block per mode: [[x, −y], [y, x]] for a pair, [x] for a real mode. */
export function blockMatrix(blocks: ReadonlyArray<EigBlock>, re: ArrayLike<number>, im: ArrayLike<number>, N: number): Mat {
  const B = zeros(N, N);
  for (const bl of blocks) {
    const i = bl.index;
    const x = re[bl.mode],
      y = im[bl.mode];
    B.data[i * N + i] = x;
    if (bl.kind === 'pair') {
      B.data[i * N + i + 1] = -y;
      B.data[(i + 1) * N + i] = y;
      B.data[(i + 1) * N + i + 1] = x;
    }
  }
  return B;
}

/** Q B Qᵀ for an N×N Q. */
export function conjugate(Q: Mat, B: Mat): Mat {
  const N = Q.rows;
  const QB = new Float64Array(N * N);
  for (let i = 0; i < N; i++) {
    for (let l = 0; l < N; l++) {
      const q = Q.data[i * N + l];
      if (q === 0) continue;
      for (let j = 0; j < N; j++) QB[i * N + j] += q * B.data[l * N + j];
    }
  }
  const out = zeros(N, N);
  for (let i = 0; i < N; i++) {
    for (let j = 0; j < N; j++) {
      let s = 0;
      for (let l = 0; l < N; l++) s += QB[i * N + l] * Q.data[j * N + l];
      out.data[i * N + j] = s;
    }
  }
  return out;
}

/** Qᵀ W Q for an N×N Q. */
export function unconjugate(Q: Mat, W: Mat): Mat {
  const N = Q.rows;
  const WQ = new Float64Array(N * N);
  for (let i = 0; i < N; i++) {
    for (let l = 0; l < N; l++) {
      const w = W.data[i * N + l];
      if (w === 0) continue;
      for (let j = 0; j < N; j++) WQ[i * N + j] += w * Q.data[l * N + j];
    }
  }
  const out = zeros(N, N);
  for (let l = 0; l < N; l++) {
    for (let i = 0; i < N; i++) {
      const q = Q.data[l * N + i];
      if (q === 0) continue;
      for (let j = 0; j < N; j++) out.data[i * N + j] += q * WQ[l * N + j];
    }
  }
  return out;
}

/**
 * Eigendecomposition task (App. P.4.1): whitened inputs (data.ts), a Haar-random orthogonal Q, the block
 * matrices H_t, and Y_T = Σ_t Q H_t Qᵀ x_t (eq. 204), so that Σ^{YX_t} = Q H_t Qᵀ.
 * Random draws, in order: the whitened inputs, then Q. Needs P ≥ N·T + 1.
 */
export function eigTask(modes: Array<{ re: number[]; im: number[] }>, N: number, T: number, P: number, rng: Rng): EigTask {
  if (!Number.isInteger(N) || N < 1 || !Number.isInteger(T) || T < 1) throw new Error(`eigTask: bad sizes N=${N}, T=${T}`);
  const blocks = eigBlocks(modes, N, T);
  const X = whitenedInputs(N, T, P, rng);
  const Q = randomOrthogonal(N, rng);
  const H: Mat[] = [];
  const Y = zeros(N, P);
  const re = new Float64Array(modes.length),
    im = new Float64Array(modes.length);
  for (let t = 0; t < T; t++) {
    modes.forEach((m, k) => {
      re[k] = m.re[t];
      im[k] = m.im[t];
    });
    const Ht = blockMatrix(blocks, re, im, N);
    H.push(Ht);
    const S = conjugate(Q, Ht); // Σ^{YX_t} = Q H_t Qᵀ
    const x = X[t].data;
    for (let i = 0; i < N; i++) {
      for (let j = 0; j < N; j++) {
        const v = S.data[i * N + j];
        if (v === 0) continue;
        for (let p = 0; p < P; p++) Y.data[i * P + p] += v * x[j * P + p];
      }
    }
  }
  return { data: { T, P, Nx: N, Ny: N, X, Y }, Q, H, blocks, N, T };
}

/** Complex connectivity modes, one entry per mode (a real mode ignores its imaginary part). */
export interface ComplexModeValues {
  re: number[];
  im: number[];
}

/**
 * An eigen-aligned real LRNN (App. P.1.1, eq. 194–196 with the real Schur basis Q in place of P):
 *   W_x = Q Ā Qᵀ,  W_h = Q B̄ Qᵀ,  W_y = Q C̄ Qᵀ,
 * with Ā, B̄, C̄ block-diagonal in the task's layout: block [[Re z, −Im z], [Im z, Re z]] for complex mode z
 * of a pair, [Re z] for a real mode; zero in the remaining dimensions.
 */
export function eigAlignedInit(
  task: Pick<EigTask, 'Q' | 'blocks' | 'N'>,
  a: ComplexModeValues,
  b: ComplexModeValues,
  c: ComplexModeValues,
): Weights {
  const { Q, blocks, N } = task;
  const W = (m: ComplexModeValues) => conjugate(Q, blockMatrix(blocks, m.re, m.im, N));
  return { Wx: W(a), Wh: W(b), Wy: W(c) };
}

/**
 * Connectivity modes of a real network in the eigen basis (App. P.3, eq. 200–202 with Q): W̄ = Qᵀ W Q,
 * and for each block the complex mode z = x + iy read as x = (W̄_11 + W̄_22)/2, y = (W̄_21 − W̄_12)/2
 * (for a real mode, x = W̄_11, y = 0). offBlock is the largest deviation of the three W̄ from the
 * block structure: entries outside the blocks, and W̄_11 − W̄_22, W̄_12 + W̄_21 inside each pair block
 * (0 for an eigen-aligned network).
 */
export function recoverEigModes(
  w: Weights,
  task: Pick<EigTask, 'Q' | 'blocks' | 'N'>,
): { a: ComplexModeValues; b: ComplexModeValues; c: ComplexModeValues; offBlock: number } {
  const { Q, blocks, N } = task;
  let offBlock = 0;
  const inBlock = new Int32Array(N).fill(-1);
  blocks.forEach((bl, k) => {
    inBlock[bl.index] = k;
    if (bl.kind === 'pair') inBlock[bl.index + 1] = k;
  });
  const read = (W: Mat): ComplexModeValues => {
    const M = unconjugate(Q, W).data;
    const re = new Array<number>(blocks.length).fill(0),
      im = new Array<number>(blocks.length).fill(0);
    for (const bl of blocks) {
      const i = bl.index;
      if (bl.kind === 'pair') {
        const m11 = M[i * N + i],
          m12 = M[i * N + i + 1],
          m21 = M[(i + 1) * N + i],
          m22 = M[(i + 1) * N + i + 1];
        re[bl.mode] = 0.5 * (m11 + m22);
        im[bl.mode] = 0.5 * (m21 - m12);
        offBlock = Math.max(offBlock, Math.abs(m11 - m22), Math.abs(m12 + m21));
      } else {
        re[bl.mode] = M[i * N + i];
      }
    }
    for (let i = 0; i < N; i++) {
      for (let j = 0; j < N; j++) {
        if (inBlock[i] >= 0 && inBlock[i] === inBlock[j]) continue;
        const v = Math.abs(M[i * N + j]);
        if (v > offBlock || Number.isNaN(v)) offBlock = v;
      }
    }
    return { re, im };
  };
  const a = read(w.Wx),
    b = read(w.Wh),
    c = read(w.Wy);
  return { a, b, c, offBlock };
}
