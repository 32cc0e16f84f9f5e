/**
 * The finite-width neural tangent kernel of the LRNN over its training inputs (App. I) and the kernel
 * distance of App. J (eq. 135).
 *
 * Outputs are indexed o = p·N_y + a (sample p, output unit a; the column-major vec(Ŷ_T) of the paper).
 * The NTK is K = J Jᵀ, J_{o,θ} = ∂ŷ_{p,a}/∂θ over every entry θ of W_x, W_h and W_y (App. I).
 *
 * Derivation (exact for any weights: no alignment, no commuting matrices). With h_1 = 0,
 * h_{t+1} = W_h h_t + W_x x_t (eq. 1) and ŷ = W_y h_{T+1} (eq. 2), a perturbation of the weights gives
 *   dŷ = dW_y h_{T+1} + W_y Σ_{t=1}^{T} W_h^{T−t} (dW_h h_t + dW_x x_t),
 * so, with G_k = W_y W_h^k (N_y×N_h),
 *   ∂ŷ_{p,a}/∂(W_y)_{b,l} = δ_ab h_{p,T+1,l},
 *   ∂ŷ_{p,a}/∂(W_x)_{l,j} = Σ_t (G_{T−t})_{a,l} x_{p,t,j},
 *   ∂ŷ_{p,a}/∂(W_h)_{l,m} = Σ_t (G_{T−t})_{a,l} h_{p,t,m}.
 * Summing products of these over θ:
 *   K_{(p,a),(q,b)} = Σ_{t,t'=1}^{T} (G_{T−t} G_{T−t'}ᵀ)_{ab} (x_{p,t}·x_{q,t'} + h_{p,t}·h_{q,t'})
 *                   + δ_ab h_{p,T+1}·h_{q,T+1}.                                          (K)
 * This is the paper's eq. 132 (W_x term) and eq. 134 (W_y term); its W_h term (eq. 133) comes from the
 * binomial expansion of eq. 114, which assumes W_h and ∂L/∂W_h commute (true for aligned networks only),
 * and is replaced here by the exact sum over hidden-state inner products.
 *
 * Two evaluations of (K), chosen by cost:
 *  - 'input' (no per-sample hidden states): h_{p,t} = Σ_{i<t} M_{t−1−i} x_{p,i} with M_k = W_h^k W_x, so
 *    every inner product in (K) is a quadratic form in the stacked input x_p = [x_{p,1}; …; x_{p,T}] ∈ R^n,
 *    n = T·N_x:  K_{(p,a),(q,b)} = x_pᵀ Φ_ab x_q,  with the n×n blocks (timesteps i, i', S_{k,k'} = M_kᵀ M_{k'},
 *    C_{u,u'} = G_u G_{u'}ᵀ, A = T − i, A' = T − i'):
 *      Φ_ab[i,i'] = (C_{A,A'})_{ab} I_{N_x} + δ_ab S_{A,A'} + Σ_{u<A, u'<A'} (C_{u,u'})_{ab} S_{A−1−u, A'−1−u'}
 *    (the three terms are W_x, W_y and W_h). Cost ~ 2T·N_h²·(N_x + N_y) for the powers, T²·N_h·(N_x² + N_y²)
 *    for S and C, T⁴·N_x²·N_y²/4 for Φ and N_y²·n·P·(n + P) for K: independent of N_h² · P.
 *  - 'hidden': the Gram matrix of the stacked [x_{p,t}; h_{p,t}] over (t, p) and of h_{p,T+1}, then (K)
 *    directly. Cost ~ T·N_h²·P + (T·P)²·(N_x + N_h)/2 + T²·(N_y·P)². Better when N_x is large.
 * Both are checked against an explicit Jacobian (per-output back-propagation) in test/ntk.test.ts.
 */
import { defineTask } from './task.js';
import { type Mat, zeros, gemmABt, transposeInto, randomOrthogonal } from './linalg.js';
import { Arena, type Buf } from './simd.js';
import { type Weights, weightDims, forward } from './lrnn.js';
import { makeRng, type Rng } from './rng.js';
import { svdTask, type Dataset } from './data.js';
import { alignedInit, unalignedInit } from './align.js';
import { eigTask, eigAlignedInit } from './eigdata.js';
import { train, type TrainResult } from './train.js';
import { tau as timescale } from './timescale.js';

export type NtkMethod = 'auto' | 'input' | 'hidden';

function checkX(w: Weights, X: Mat[], T: number): { Nx: number; Nh: number; Ny: number; P: number } {
  const dims = weightDims(w);
  if (!Number.isInteger(T) || T < 1 || T > X.length) throw new Error(`ntk: T = ${T} must be an integer in [1, ${X.length}]`);
  const P = X[0].cols;
  for (let t = 0; t < T; t++) {
    if (X[t].rows !== dims.Nx || X[t].cols !== P) throw new Error(`ntk: X[${t}] is ${X[t].rows}×${X[t].cols}, expected ${dims.Nx}×${P}`);
  }
  return { ...dims, P };
}

/** Estimated multiply-adds of the two evaluations (for 'auto'). */
export function ntkCost(dims: { Nx: number; Nh: number; Ny: number }, T: number, P: number): { input: number; hidden: number } {
  const { Nx, Nh, Ny } = dims;
  const n = T * Nx;
  const input =
    2 * T * Nh * Nh * (Nx + Ny) + T * T * Nh * (Nx * Nx + Ny * Ny) + (T ** 4 * Nx * Nx * Ny * Ny) / 4 + Ny * Ny * n * P * (n + P);
  const hidden = T * Nh * Nh * P + ((T * P) ** 2 * (Nx + Nh)) / 2 + T * T * (Ny * P) ** 2 + T * Nh * Nh * Ny;
  return { input, hidden };
}

/**
 * The NTK K = J Jᵀ of the network over the P trajectories X (X[t−1] is N_x×P), for the output after T
 * steps (default X.length): a (P·N_y)×(P·N_y) symmetric matrix, row/column o = p·N_y + a.
 */
export function ntk(w: Weights, X: Mat[], T: number = X.length, method: NtkMethod = 'auto'): Mat {
  const d = checkX(w, X, T);
  let m = method;
  if (m === 'auto') {
    const c = ntkCost(d, T, d.P);
    m = c.input <= c.hidden ? 'input' : 'hidden';
  }
  return m === 'input' ? ntkInput(w, X, T, d) : ntkHidden(w, X, T, d);
}

/**
 * Gram matrices of the powers of the recurrence, M_k = W_h^k W_x (N_h×N_x) and G_k = W_y W_h^k (N_y×N_h),
 * k = 0..T−1: S[(k,j),(k',j')] = (M_kᵀ M_k')_{jj'} (n×n, n = T·N_x; skipped when Nx = 0) and
 * C[(u,a),(u',b)] = (G_u G_u'ᵀ)_{ab} (m×m, m = T·N_y). Every product runs on simd.ts's kernel in the
 * arena `na` (same numbers as gemmABt); S and C are views into it, valid until its next use.
 */
function grams(w: Weights, T: number, Nx: number, Nh: number, Ny: number, na: NtkArena): { S: Float64Array; C: Float64Array } {
  const { ar, Wh, Mcat, G, Gt, S, C } = na;
  const n = T * Nx,
    m = T * Ny,
    by = Ny * Nh;
  Wh.data.set(w.Wh.data);
  // Mcat (N_h×n) = [M_0 M_1 … M_{T−1}]: M_0 = W_x, M_k = W_h M_{k−1}
  const mc = Mcat.data,
    wx = w.Wx.data;
  for (let i = 0; i < Nh; i++) for (let j = 0; j < Nx; j++) mc[i * n + j] = wx[i * Nx + j];
  for (let k = 1; k < T; k++) ar.gemm(Wh, 0, Nh, 1, Mcat, (k - 1) * Nx, Mcat, k * Nx, Nh, Nx, Nh, 1, 0, n, n);
  // G (m×N_h), block k = G_k = G_{k−1} W_h
  G.data.set(w.Wy.data, 0);
  for (let k = 1; k < T; k++) ar.gemm(G, (k - 1) * by, Nh, 1, Wh, 0, G, k * by, Ny, Nh, Nh, 1, 0);
  // S = Mcatᵀ Mcat; C = G Gᵀ = Gtᵀ Gt
  if (n > 0) ar.gemm(Mcat, 0, 1, n, Mcat, 0, S, 0, n, n, Nh, 1, 0);
  ar.transpose(G, 0, Gt, 0, m, Nh);
  ar.gemm(Gt, 0, 1, m, Gt, 0, C, 0, m, m, Nh, 1, 0);
  return { S: S.data, C: C.data };
}

/** Buffers of one NTK evaluation, kept for the next call of the same shape (figures take the NTK every few steps). */
interface NtkArena {
  ar: Arena;
  Wh: Buf;
  Mcat: Buf;
  G: Buf;
  Gt: Buf;
  S: Buf;
  C: Buf;
  Phi: Buf;
  Xs: Buf;
  Psi: Buf;
  Kab: Buf;
}
let lastArena: { key: string; na: NtkArena } | null = null;
function ntkArena(T: number, Nx: number, Nh: number, Ny: number, P: number): NtkArena {
  const key = `${T}/${Nx}/${Nh}/${Ny}/${P}`;
  if (lastArena?.key !== key) {
    const n = T * Nx,
      m = T * Ny;
    const sizes = [Nh * Nh, Nh * n, m * Nh, Nh * m, n * n, m * m, n * n, n * P, n * P, P * P];
    const ar = new Arena(sizes);
    const [Wh, Mcat, G, Gt, S, C, Phi, Xs, Psi, Kab] = sizes.map((z) => ar.alloc(z));
    lastArena = { key, na: { ar, Wh, Mcat, G, Gt, S, C, Phi, Xs, Psi, Kab } };
  }
  return lastArena.na;
}

/** 'input' evaluation: K_{(p,a),(q,b)} = x_pᵀ Φ_ab x_q (see the header). */
function ntkInput(w: Weights, X: Mat[], T: number, d: { Nx: number; Nh: number; Ny: number; P: number }): Mat {
  const { Nx, Nh, Ny, P } = d;
  const n = T * Nx;
  const na = ntkArena(T, Nx, Nh, Ny, P);
  // S[(k,j),(k',j')] = (M_kᵀ M_{k'})_{jj'};  C[(u,a),(u',b)] = (G_u G_{u'}ᵀ)_{ab}
  const { S, C } = grams(w, T, Nx, Nh, Ny, na);
  const m = T * Ny;
  const s = (k: number, j: number, k2: number, j2: number) => S[(k * Nx + j) * n + k2 * Nx + j2];
  const c = (u: number, a: number, u2: number, b: number) => C[(u * Ny + a) * m + u2 * Ny + b];

  // Xs: n×P stacked inputs (row (i−1)·N_x + j = component j of x_{·,i})
  const Xs = na.Xs.data;
  for (let t = 0; t < T; t++) Xs.set(X[t].data.subarray(0, Nx * P), t * Nx * P);

  const K = zeros(P * Ny, P * Ny);
  const Phi = na.Phi.data;
  const Kab = na.Kab.data;
  const PN = P * Ny;
  for (let a = 0; a < Ny; a++) {
    for (let b = a; b < Ny; b++) {
      // Φ_ab, block (i, i') for timesteps i, i' = 1..T (0-based ti, ti'), A = T − i = T − 1 − ti
      Phi.fill(0);
      for (let ti = 0; ti < T; ti++) {
        const A = T - 1 - ti;
        for (let ti2 = 0; ti2 < T; ti2++) {
          const A2 = T - 1 - ti2;
          const r0 = ti * Nx,
            c0 = ti2 * Nx;
          // W_x term: (C_{A,A'})_{ab} I
          const cx = c(A, a, A2, b);
          for (let j = 0; j < Nx; j++) Phi[(r0 + j) * n + c0 + j] += cx;
          // W_y term: δ_ab S_{A,A'} (h_{T+1} = Σ_i M_{T−i} x_i)
          if (a === b) {
            for (let j = 0; j < Nx; j++) for (let j2 = 0; j2 < Nx; j2++) Phi[(r0 + j) * n + c0 + j2] += s(A, j, A2, j2);
          }
          // W_h term: Σ_{u<A, u'<A'} (C_{u,u'})_{ab} S_{A−1−u, A'−1−u'}
          for (let u = 0; u < A; u++) {
            for (let u2 = 0; u2 < A2; u2++) {
              const cu = c(u, a, u2, b);
              if (cu === 0) continue;
              const k = A - 1 - u,
                k2 = A2 - 1 - u2;
              for (let j = 0; j < Nx; j++) {
                const srow = (k * Nx + j) * n + k2 * Nx;
                const prow = (r0 + j) * n + c0;
                for (let j2 = 0; j2 < Nx; j2++) Phi[prow + j2] += cu * S[srow + j2];
              }
            }
          }
        }
      }
      // K_ab = Xsᵀ Φ_ab Xs: Ψ = Φ_ab Xs (n×P), then K_ab = Xsᵀ Ψ (P×P)
      na.ar.gemm(na.Phi, 0, n, 1, na.Xs, 0, na.Psi, 0, n, P, n, 1, 0);
      na.ar.gemm(na.Xs, 0, 1, P, na.Psi, 0, na.Kab, 0, P, P, n, 1, 0);
      for (let p = 0; p < P; p++) {
        for (let q = 0; q < P; q++) {
          const v = Kab[p * P + q];
          K.data[(p * Ny + a) * PN + q * Ny + b] = v;
          K.data[(q * Ny + b) * PN + p * Ny + a] = v; // K_ba = K_abᵀ
        }
      }
    }
  }
  return K;
}

/** 'hidden' evaluation: (K) from the Gram matrices of the per-sample inputs and hidden states. */
function ntkHidden(w: Weights, X: Mat[], T: number, d: { Nx: number; Nh: number; Ny: number; P: number }): Mat {
  const { Nx, Nh, Ny, P } = d;
  const { C } = grams(w, T, 0, Nh, Ny, ntkArena(T, 0, Nh, Ny, 0));
  const m = T * Ny;
  const { H } = forward(w, X.slice(0, T)); // H[t−1] = h_t (N_h×P), H[0] = 0
  const TP = T * P;
  const Zg = inputHiddenGram(X, H, T, Nx, Nh, P);
  const PN = P * Ny;
  const K = zeros(PN, PN);
  const k = K.data;
  setOutputTerm(K, [H[T]], Nh, Ny, P);
  for (let t = 0; t < T; t++) {
    const u = T - 1 - t;
    for (let t2 = 0; t2 < T; t2++) {
      const u2 = T - 1 - t2;
      for (let a = 0; a < Ny; a++) {
        for (let b = 0; b < Ny; b++) {
          const cab = C[(u * Ny + a) * m + u2 * Ny + b];
          if (cab === 0) continue;
          for (let p = 0; p < P; p++) {
            const zrow = (t * P + p) * TP + t2 * P;
            const krow = (p * Ny + a) * PN + b;
            for (let q = 0; q < P; q++) k[krow + q * Ny] += cab * Zg[zrow + q];
          }
        }
      }
    }
  }
  return K;
}

/**
 * Sets the W_y term δ_ab h_{p,·}·h_{q,·} of the NTK: K[(r, a), (c, a)] = hs_r·hs_c for every output unit a,
 * with r, c running over the stacked hidden states hs (each N_h×P; rows ordered (k, p)) and K of size
 * (|hs|·P·N_y)². The single-output NTK uses hs = [h_{T+1}], the T-output one hs = [h_2, …, h_{T+1}].
 */
export function setOutputTerm(K: Mat, hs: Mat[], Nh: number, Ny: number, P: number): void {
  const m = hs.length * P,
    n = m * Ny;
  const Hn = new Float64Array(m * Nh); // row k·P + p = h_{p} of hs[k]
  hs.forEach((h, i) => {
    transposeInto(h.data, Hn, Nh, P, i * P * Nh);
  });
  const G = new Float64Array(m * m);
  gemmABt(Hn, 0, Hn, 0, G, 0, m, m, Nh, 1, 0);
  const k = K.data;
  for (let r = 0; r < m; r++) {
    for (let c = 0; c < m; c++) {
      const v = G[r * m + c];
      for (let a = 0; a < Ny; a++) k[(r * Ny + a) * n + c * Ny + a] = v;
    }
  }
}

/**
 * The Gram matrix ((T·P)×(T·P)) of the stacked inputs and hidden states z_{p,t} = [x_{p,t}; h_{p,t}],
 * t = 1..T, rows ordered (t−1)·P + p: the x_{p,t}·x_{q,t'} + h_{p,t}·h_{q,t'} of the W_x and W_h terms of
 * (K) (and of the T-output NTK, arntk.ts). H[t−1] = h_t (N_h×P), as forward() returns it.
 */
export function inputHiddenGram(X: Mat[], H: Mat[], T: number, Nx: number, Nh: number, P: number): Float64Array {
  const z = Nx + Nh,
    TP = T * P;
  const Z = new Float64Array(TP * z);
  for (let t = 0; t < T; t++) {
    const x = X[t].data,
      h = H[t].data;
    for (let p = 0; p < P; p++) {
      const row = (t * P + p) * z;
      for (let j = 0; j < Nx; j++) Z[row + j] = x[j * P + p];
      for (let l = 0; l < Nh; l++) Z[row + Nx + l] = h[l * P + p];
    }
  }
  const Zg = new Float64Array(TP * TP);
  gemmABt(Z, 0, Z, 0, Zg, 0, TP, TP, z, 1, 0);
  return Zg;
}

/**
 * The explicit Jacobian J ((P·N_y) × (N_h·N_x + N_h² + N_y·N_h)): row o = p·N_y + a is ∂ŷ_{p,a}/∂θ by
 * back-propagation of the single output (p, a) through time; columns are vec(W_x), vec(W_h), vec(W_y),
 * each row-major. For tests and small networks.
 */
export function ntkJacobian(w: Weights, X: Mat[], T: number = X.length): Mat {
  const { Nx, Nh, Ny, P } = checkX(w, X, T);
  const nx = Nh * Nx,
    nh = Nh * Nh,
    ny = Ny * Nh;
  const J = zeros(P * Ny, nx + nh + ny);
  const wh = w.Wh.data,
    wx = w.Wx.data,
    wy = w.Wy.data;
  const h: Float64Array[] = Array.from({ length: T + 1 }, () => new Float64Array(Nh));
  const delta = new Float64Array(Nh),
    next = new Float64Array(Nh);
  for (let p = 0; p < P; p++) {
    // forward for sample p: h[t] = h_{t+1}
    h[0].fill(0);
    for (let t = 0; t < T; t++) {
      for (let i = 0; i < Nh; i++) {
        let v = 0;
        for (let l = 0; l < Nh; l++) v += wh[i * Nh + l] * h[t][l];
        for (let j = 0; j < Nx; j++) v += wx[i * Nx + j] * X[t].data[j * P + p];
        h[t + 1][i] = v;
      }
    }
    for (let a = 0; a < Ny; a++) {
      const row = J.data.subarray((p * Ny + a) * J.cols, (p * Ny + a + 1) * J.cols);
      // ∂ŷ_a/∂(W_y)_{a,l} = h_{T+1,l}
      for (let l = 0; l < Nh; l++) row[nx + nh + a * Nh + l] = h[T][l];
      // δ_{T+1} = (W_y)_{a,:}ᵀ; step t: ∂/∂W_x += δ_{t+1} x_tᵀ, ∂/∂W_h += δ_{t+1} h_tᵀ, δ_t = W_hᵀ δ_{t+1}
      for (let l = 0; l < Nh; l++) delta[l] = wy[a * Nh + l];
      for (let t = T - 1; t >= 0; t--) {
        for (let l = 0; l < Nh; l++) {
          const dl = delta[l];
          for (let j = 0; j < Nx; j++) row[l * Nx + j] += dl * X[t].data[j * P + p];
          for (let m2 = 0; m2 < Nh; m2++) row[nx + l * Nh + m2] += dl * h[t][m2];
        }
        for (let m2 = 0; m2 < Nh; m2++) {
          let v = 0;
          for (let l = 0; l < Nh; l++) v += wh[l * Nh + m2] * delta[l];
          next[m2] = v;
        }
        delta.set(next);
      }
    }
  }
  return J;
}

/** K = J Jᵀ from the explicit Jacobian (tests; cost (P·N_y)²·(#parameters)). */
export function ntkExplicit(w: Weights, X: Mat[], T: number = X.length): Mat {
  const J = ntkJacobian(w, X, T);
  const K = zeros(J.rows, J.rows);
  gemmABt(J.data, 0, J.data, 0, K.data, 0, J.rows, J.rows, J.cols, 1, 0);
  return K;
}

/** ⟨A, B⟩_F. */
export function frobInner(A: Mat, B: Mat): number {
  if (A.rows !== B.rows || A.cols !== B.cols) throw new Error(`frobInner: ${A.rows}×${A.cols} vs ${B.rows}×${B.cols}`);
  let s = 0;
  const a = A.data,
    b = B.data;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

/**
 * Kernel distance of App. J, eq. (135) (Fort et al., 2020): D = 1 − ⟨K0, K1⟩_F / (‖K0‖_F ‖K1‖_F).
 * 0 when K1 is a positive multiple of K0, 1 when they are orthogonal; NaN if either kernel is zero
 * or not finite.
 */
export function kernelDistance(K0: Mat, K1: Mat): number {
  const n0 = Math.sqrt(frobInner(K0, K0));
  const n1 = Math.sqrt(frobInner(K1, K1));
  if (!(n0 > 0) || !(n1 > 0) || !Number.isFinite(n0) || !Number.isFinite(n1)) return NaN;
  // clamp round-off (the cosine of two equal kernels can come out as 1 + 1e-16)
  const cos = Math.min(1, Math.max(-1, frobInner(K0, K1) / (n0 * n1)));
  return 1 - cos;
}

// ---------------------------------------------------------------------------------------------------
// One NTK experiment: the unit of the ntk figures (fig5, figA4–A7). Pure and seeded (a worker task).

export interface NtkRunSpec {
  /** 'constant': SVD data with s_{α,t} = δ in D dimensions (App. P.4.1, constant dynamics λ = 1);
   *  'rotation': eigendecomposition data (App. P.4.1) with D/2 conjugate pairs d_t = δ λ^{T−t}, λ = R e^{iφ} */
  task: 'constant' | 'rotation';
  T: number;
  /** N_x = N_y = N */
  N: number;
  /** hidden width N_h (≥ D for an aligned network) */
  Nh: number;
  /** task dimensions D ≤ N (even for 'rotation') */
  D: number;
  P: number;
  delta: number;
  /** rotation: R_λ and φ_λ in units of π */
  lambdaR?: number;
  lambdaPhi?: number;
  init: 'aligned' | 'unaligned';
  /** input-output init scale: aligned a(0) = c(0); unaligned σ of W_x and W_y (App. P.1.2) */
  sigmaIO: number;
  /** recurrent init scale: aligned b(0); unaligned σ of W_h */
  sigmaRec: number;
  eta: number;
  steps: number;
  seed: string;
  divergenceBound?: number;
  /** stop training once the loss is ≤ stopFrac·½Σ_p‖y_p‖² (converged; the NTK no longer moves) */
  stopFrac?: number;
  /**
   * also stop once the kernel has settled: checked every settleEvery (t_θ/τ units, default 0.25) while the
   * loss is ≤ settleLoss·½Σ‖y‖² (default 1e-4), stop when D moved by ≤ settleTol since the previous check
   */
  settleTol?: number;
  settleLoss?: number;
  settleEvery?: number;
}

export interface NtkRunResult {
  /** eq. 135 between the NTK at initialisation and at the end of training; null when diverged */
  distance: number | null;
  /** ‖K(0)‖_F, ‖K(end)‖_F (null when diverged) */
  norm0: number;
  norm1: number | null;
  /** loss (eq. 4) at initialisation and at the end, and the zero-weight loss ½Σ_p‖y_p‖² for scale */
  loss0: number;
  loss1: number | null;
  lossZero: number;
  tau: number;
  /** gradient steps taken (fewer than spec.steps when stopped as converged) */
  steps: number;
  diverged: null | { step: number; reason: string };
}

/** Unaligned initial weights of an NTK run (App. P.1.2): entries N(0, σ²/N_in), σ_io for W_x and W_y, σ_rec for W_h. */
function unalignedNtkInit(spec: Pick<NtkRunSpec, 'sigmaIO' | 'sigmaRec'>, dims: { Nx: number; Nh: number; Ny: number }, rng: Rng): Weights {
  return unalignedInit(dims, spec.sigmaIO, rng, { x: spec.sigmaIO, h: spec.sigmaRec, y: spec.sigmaIO });
}

/**
 * Initial weights of an NTK run on SVD data (drawn after the task, from the same rng): unaligned, or
 * aligned (App. P.1.1, one hidden rotation R, see align.ts) with modes a = c = σ_io, b = σ_rec in the D
 * task dimensions. Shared by the single-output (ntkSetup) and T-output (arntk.ts arNtkSetup) runs, so both
 * draw the same network from the same seed. `who` names the caller in errors.
 */
export function svdTaskInit(
  spec: Pick<NtkRunSpec, 'init' | 'sigmaIO' | 'sigmaRec' | 'D'>,
  frame: { Uy: Mat; Vx: Mat },
  dims: { Nx: number; Nh: number; Ny: number },
  rng: Rng,
  who: string,
): Weights {
  if (spec.init === 'unaligned') return unalignedNtkInit(spec, dims, rng);
  if (dims.Nh < spec.D) throw new Error(`${who}: an aligned network needs N_h ≥ D (N_h = ${dims.Nh}, D = ${spec.D})`);
  const R = randomOrthogonal(dims.Nh, rng);
  const v = (x: number) => new Float64Array(spec.D).fill(x);
  return alignedInit(v(spec.sigmaIO), v(spec.sigmaRec), v(spec.sigmaIO), { Uy: frame.Uy, Vx: frame.Vx, R }, dims);
}

/**
 * The record of one NTK run, from its kernel at initialisation K0 and its training: the kernel distance
 * (eq. 135) between K0 and the NTK at the trained weights, the norms, and the losses against the
 * zero-network loss lossZero; no distance when training diverged (or the kernel is zero).
 */
export function ntkRunResult(K0: Mat, res: TrainResult, lossZero: number, plannedSteps: number, kernel: (w: Weights) => Mat): NtkRunResult {
  const steps = res.diverged ? res.diverged.step : (res.stoppedAt ?? plannedSteps);
  const norm0 = Math.sqrt(frobInner(K0, K0));
  const loss0 = res.records[0]?.loss ?? NaN;
  if (res.diverged) {
    return { distance: null, norm0, norm1: null, loss0, loss1: null, lossZero, tau: res.tau, steps, diverged: res.diverged };
  }
  const K1 = kernel(res.w);
  const dist = kernelDistance(K0, K1);
  return {
    distance: Number.isFinite(dist) ? dist : null,
    norm0,
    norm1: Math.sqrt(frobInner(K1, K1)),
    loss0,
    loss1: res.finalLoss,
    lossZero,
    tau: res.tau,
    steps,
    diverged: Number.isFinite(dist) ? null : { step: plannedSteps, reason: 'kernel distance undefined (zero NTK)' },
  };
}

/** The task data and the initial weights of one NTK experiment (random draws: data, then frame or weights). */
export function ntkSetup(spec: NtkRunSpec): { data: Dataset; w0: Weights } {
  const { T, N, Nh, D, P } = spec;
  if (!(D >= 1 && D <= N)) throw new Error(`ntk run: D = ${D} task dimensions must be in [1, N = ${N}]`);
  const rng = makeRng(spec.seed);
  const dims = { Nx: N, Nh, Ny: N };
  if (spec.task === 'constant') {
    const s = new Float64Array(D * T).fill(spec.delta); // s_{α,t} = δ f(1, t) = δ
    const task = svdTask(s, D, T, N, N, P, rng);
    return { data: task.data, w0: svdTaskInit(spec, task, dims, rng, 'ntk run') };
  }
  // rotation: d_t = δ λ^{T−t}, λ = R e^{iφ}; D/2 conjugate pairs (at T = 1, d = δ is real: D real modes)
  if (D % 2 !== 0) throw new Error(`ntk run: the rotational task needs an even D (conjugate pairs), got ${D}`);
  const R = spec.lambdaR ?? 1,
    phi = (spec.lambdaPhi ?? 0) * Math.PI;
  const re: number[] = [],
    im: number[] = [];
  for (let t = 1; t <= T; t++) {
    const r = spec.delta * R ** (T - t),
      ang = phi * (T - t);
    re.push(r * Math.cos(ang));
    im.push(r * Math.sin(ang));
  }
  const isReal = im.every((v) => v === 0);
  const modes = Array.from({ length: isReal ? D : D / 2 }, () => ({ re: [...re], im: [...im] }));
  const task = eigTask(modes, N, T, P, rng);
  if (spec.init === 'unaligned') return { data: task.data, w0: unalignedNtkInit(spec, dims, rng) };
  if (Nh !== N) throw new Error(`ntk run: an eigen-aligned network needs N_h = N (got N_h = ${Nh}, N = ${N})`);
  const m = (x: number) => ({ re: modes.map(() => x), im: modes.map(() => 0) });
  // eigen-aligned (App. P.1.1, eq. 194–196): real modes a = c = σ_io, b = σ_rec in every block
  return { data: task.data, w0: eigAlignedInit(task, m(spec.sigmaIO), m(spec.sigmaRec), m(spec.sigmaIO)) };
}

/**
 * Trains one network by full-batch gradient descent (the shared trainer, τ = P·N_y/η) and returns the
 * kernel distance (eq. 135) between its NTK over the training inputs at initialisation and at the end.
 */
export function ntkRun(spec: NtkRunSpec): NtkRunResult {
  const { data, w0 } = ntkSetup(spec);
  const K0 = ntk(w0, data.X, data.T);
  let lossZero = 0;
  for (let i = 0; i < data.Y.data.length; i++) lossZero += 0.5 * data.Y.data[i] ** 2;
  const tau = timescale(data.P, data.Ny, spec.eta); // τ = P·N_y/η (App. P.2)
  const settleTol = spec.settleTol ?? 0;
  const settleLoss = (spec.settleLoss ?? 1e-4) * lossZero;
  const every = Math.max(1, Math.round((spec.settleEvery ?? 0.25) * tau));
  let prevD = NaN;
  const settled = (step: number, L: number, w: Weights): boolean => {
    if (step % every !== 0) return false;
    if (!(L <= settleLoss)) {
      prevD = NaN;
      return false;
    }
    const D = kernelDistance(K0, ntk(w, data.X, data.T));
    const done = Math.abs(D - prevD) <= settleTol;
    prevD = D;
    return done;
  };
  const res = train(w0, data, {
    eta: spec.eta,
    steps: spec.steps,
    divergenceBound: spec.divergenceBound,
    ...(spec.stopFrac !== undefined ? { stopLoss: spec.stopFrac * lossZero } : {}),
    ...(settleTol > 0 ? { stopWhen: settled } : {}),
  });
  return ntkRunResult(K0, res, lossZero, spec.steps, (w) => ntk(w, data.X, data.T));
}

export const NTK_TASK = defineTask(import.meta.url, 'ntkRun', ntkRun);
