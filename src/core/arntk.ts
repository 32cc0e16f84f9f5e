/**
 * The finite-width NTK of the autoregressive T-output LRNN (App. M.5) over all P·T·N_y outputs, and one
 * NTK experiment (the T-output counterpart of ntkRun in ntk.ts).
 *
 * Outputs are indexed o = ((t−1)·P + p)·N_y + a (output time t, sample p, unit a): block (t, t') of K is the
 * P·N_y × P·N_y kernel between the outputs at times t and t', ordered as the single-output NTK (ntk.ts).
 * With h_1 = 0, h_{i+1} = W_h h_i + W_x x_i and ŷ_t = W_y h_{t+1},
 *   dŷ_t = dW_y h_{t+1} + W_y Σ_{i≤t} W_h^{t−i} (dW_h h_i + dW_x x_i),
 * so with G_k = W_y W_h^k the kernel is, exactly and for any weights (no alignment, no commuting matrices),
 *   K_{(t,p,a),(t',q,b)} = Σ_{i≤t} Σ_{j≤t'} (G_{t−i} G_{t'−j}ᵀ)_{ab} x_{p,i}·x_{q,j}       (W_x term, cf. eq. 160)
 *                        + Σ_{i≤t} Σ_{j≤t'} (G_{t−i} G_{t'−j}ᵀ)_{ab} h_{p,i}·h_{q,j}       (W_h term, cf. eq. 161)
 *                        + δ_ab h_{p,t+1}·h_{q,t'+1}                                        (W_y term, cf. eq. 162)
 * where h_{p,i} = Σ_{r=0}^{i−2} W_h^{r} W_x x_{p,i−1−r}, so the W_h term equals
 *   Σ_{i≤t} Σ_{j≤t'} Σ_{r<t−i} Σ_{r'<t'−j} x_{p,i}ᵀ W_xᵀ W_h^{(t−i−1−r)ᵀ} W_h^{t'−j−1−r'} W_x x_{q,j} (W_y W_h^r W_h^{r'ᵀ} W_yᵀ)_{ab}.
 * Where the printed eq. 160–162 differ (README, figM4 notes): the kernel needs two output times t, t' (the
 * printed left side has one t, summed on the right); the W_x term's second input index runs to t' (printed
 * j ≤ t − 1); the W_h term has two independent sums r, r' and no factor −(t − i) (the printed index k is
 * undefined; a Gram matrix has no minus sign; a single r-sum with factor t − i only arises when W_h commutes
 * with its perturbation, as in the binomial step of eq. 114); the W_y term pairs h_{t+1} with h_{t'+1}.
 * The single-output NTK (ntk.ts) is the block t = t' = T.
 */
import { defineTask } from './task.js';
import { type Mat, zeros, gemmABt } from './linalg.js';
import { type Weights, weightDims } from './lrnn.js';
import { arForward } from './arlrnn.js';
import { inputHiddenGram, ntkJacobian, ntkRunResult, setOutputTerm, svdTaskInit, type NtkRunResult, type NtkRunSpec } from './ntk.js';
import { makeRng } from './rng.js';
import { arSvdTask, arDynamicsFrom, type ArDataset } from './ardata.js';
import { arTrainData } from './arlrnn.js';
import { train } from './train.js';

function checkX(w: Weights, X: Mat[]): { Nx: number; Nh: number; Ny: number; P: number; T: number } {
  const dims = weightDims(w);
  const T = X.length;
  if (T < 1) throw new Error('arNtk: no inputs');
  const P = X[0].cols;
  X.forEach((x, t) => {
    if (x.rows !== dims.Nx || x.cols !== P) throw new Error(`arNtk: X[${t}] is ${x.rows}×${x.cols}, expected ${dims.Nx}×${P}`);
  });
  return { ...dims, P, T };
}

/** The T-output NTK K = J Jᵀ over all P·T·N_y outputs, structured (see the header); never forms J. */
export function arNtk(w: Weights, X: Mat[]): Mat {
  const { Nx, Nh, Ny, P, T } = checkX(w, X);
  // G_k = W_y W_h^k, k = 0..T−1 (T blocks of N_y×N_h); C[(u,a),(u',b)] = (G_u G_{u'}ᵀ)_{ab}
  const by = Ny * Nh;
  const G = new Float64Array(T * by);
  G.set(w.Wy.data, 0);
  const WhT = new Float64Array(Nh * Nh);
  for (let i = 0; i < Nh; i++) for (let j = 0; j < Nh; j++) WhT[j * Nh + i] = w.Wh.data[i * Nh + j];
  for (let k = 1; k < T; k++) gemmABt(G, (k - 1) * by, WhT, 0, G, k * by, Ny, Nh, Nh, 1, 0); // G_k = G_{k−1} W_h
  const m = T * Ny;
  const C = new Float64Array(m * m);
  gemmABt(G, 0, G, 0, C, 0, m, m, Nh, 1, 0);
  // Zg[(i,p),(j,q)] = x_{p,i}·x_{q,j} + h_{p,i}·h_{q,j}
  const { H } = arForward(w, X);
  const TP = T * P;
  const Zg = inputHiddenGram(X, H, T, Nx, Nh, P);
  const n = TP * Ny;
  const K = zeros(n, n);
  const k = K.data;
  // W_y term: δ_ab h_{p,t+1}·h_{q,t'+1}
  setOutputTerm(K, H.slice(1, T + 1), Nh, Ny, P);
  // W_x and W_h terms: Σ_{i≤t, j≤t'} C_{t−i, t'−j} ⊗ Zg_{i, j}, accumulated per (t, t', a, b) in a P×P block;
  // K is symmetric, so only t' ≥ t is computed and the block is written to both places
  const blk = new Float64Array(P * P);
  for (let t = 1; t <= T; t++) {
    for (let t2 = t; t2 <= T; t2++) {
      for (let a = 0; a < Ny; a++) {
        for (let b = 0; b < Ny; b++) {
          blk.fill(0);
          for (let i = 1; i <= t; i++) {
            for (let j = 1; j <= t2; j++) {
              const cab = C[((t - i) * Ny + a) * m + (t2 - j) * Ny + b];
              if (cab === 0) continue;
              for (let p = 0; p < P; p++) {
                const zrow = ((i - 1) * P + p) * TP + (j - 1) * P;
                const brow = p * P;
                for (let q = 0; q < P; q++) blk[brow + q] += cab * Zg[zrow + q];
              }
            }
          }
          for (let p = 0; p < P; p++) {
            const r = ((t - 1) * P + p) * Ny + a;
            for (let q = 0; q < P; q++) {
              const c = ((t2 - 1) * P + q) * Ny + b;
              const v = blk[p * P + q];
              k[r * n + c] += v;
              if (t2 !== t) k[c * n + r] += v;
            }
          }
        }
      }
    }
  }
  return K;
}

/**
 * The explicit Jacobian of all T-output outputs (rows o = ((t−1)·P + p)·N_y + a; columns vec(W_x), vec(W_h),
 * vec(W_y)): the rows of output time t are the single-output per-output back-propagation Jacobian of the
 * prefix x_1..x_t (ntk.ts ntkJacobian). For tests and small networks.
 */
export function arNtkJacobian(w: Weights, X: Mat[]): Mat {
  const { Ny, P, T } = checkX(w, X);
  const blocks = Array.from({ length: T }, (_, t) => ntkJacobian(w, X, t + 1));
  const cols = blocks[0].cols;
  const J = zeros(T * P * Ny, cols);
  blocks.forEach((B, t) => {
    J.data.set(B.data, t * P * Ny * cols);
  });
  return J;
}

/** K = J Jᵀ from the explicit Jacobian. */
export function arNtkExplicit(w: Weights, X: Mat[]): Mat {
  const J = arNtkJacobian(w, X);
  const K = zeros(J.rows, J.rows);
  gemmABt(J.data, 0, J.data, 0, K.data, 0, J.rows, J.rows, J.cols, 1, 0);
  return K;
}

// ---------------------------------------------------------------------------------------------------
// One T-output NTK experiment (figM4), pure and seeded: a worker task.

/**
 * One T-output NTK experiment: the fields of a single-output one (ntk.ts NtkRunSpec) on the constant task,
 * whose D dimensions have s_{t,i} = δ (integration at every step); stopFrac is against ½ Σ_p Σ_t ||y_{p,t}||².
 */
export type ArNtkRunSpec = Omit<NtkRunSpec, 'task' | 'lambdaR' | 'lambdaPhi' | 'settleTol' | 'settleLoss' | 'settleEvery'>;

/** The same record as a single-output NTK experiment (ntk.ts NtkRunResult); the losses are eq. 144. */
export type ArNtkRunResult = NtkRunResult;

/**
 * Data and initial weights. The random draws are those of ntkSetup (ntk.ts) for the constant task, in the
 * same order (task: inputs, U_y, V_x; then R or the unaligned weights), so a single-output run with the
 * same seed has the same inputs, singular vectors and initial network.
 */
export function arNtkSetup(spec: ArNtkRunSpec): { data: ArDataset; w0: Weights } {
  const { T, N, Nh, D, P } = spec;
  if (!(D >= 1 && D <= N)) throw new Error(`T-output ntk run: D = ${D} task dimensions must be in [1, N = ${N}]`);
  const rng = makeRng(spec.seed);
  const one = arDynamicsFrom(T, () => spec.delta);
  const s = new Float64Array(D * T * T);
  for (let al = 0; al < D; al++) s.set(one, al * T * T);
  const task = arSvdTask(s, D, T, N, N, P, rng);
  return { data: task.data, w0: svdTaskInit(spec, task, { Nx: N, Nh, Ny: N }, rng, 'T-output ntk run') };
}

/** Trains one T-output network (shared trainer, eq. 144) and returns the kernel distance (eq. 135) of its NTK. */
export function arNtkRun(spec: ArNtkRunSpec): ArNtkRunResult {
  const { data, w0 } = arNtkSetup(spec);
  const K0 = arNtk(w0, data.X);
  let lossZero = 0;
  for (const y of data.Y) for (const v of y.data) lossZero += 0.5 * v * v;
  const res = train(w0, arTrainData(data, spec.Nh), {
    eta: spec.eta,
    steps: spec.steps,
    divergenceBound: spec.divergenceBound,
    ...(spec.stopFrac !== undefined ? { stopLoss: spec.stopFrac * lossZero } : {}),
  });
  return ntkRunResult(K0, res, lossZero, spec.steps, (w) => arNtk(w, data.X));
}

export const AR_NTK_TASK = defineTask(import.meta.url, 'arNtkRun', arNtkRun);
