/**
 * Data for the autoregressive T-output LRNN (App. M): P trajectories {x_{p,1..T}, y_{p,1..T}} with a
 * target at every timestep.
 *
 * Task dynamics are singular values s_{α,t,i} of Σ^{Y_t X_i} (eq. 145), one for every output time t and
 * input time i ≤ t. Layout: D × T × T row-major, s[α·T² + (t−1)·T + (i−1)] = s_{α,t,i}; entries with i > t
 * are ignored (a causal network cannot use future inputs). With whitened inputs (Assumption 1) the targets
 *   y_t = Σ_{i≤t} U_y S_{t,i} V_xᵀ x_i
 * give Σ^{Y_t X_i} = U_y S_{t,i} V_xᵀ exactly (constant singular vectors, Assumption 2, App. M).
 */
import { type Mat, zeros } from './linalg.js';
import type { Rng } from './rng.js';
import { type Dataset, whitenedInputs, randomSingularVectors, svdMapInto, addMapped } from './data.js';

export interface ArDataset {
  T: number;
  P: number;
  Nx: number;
  Ny: number;
  /** length T; X[t−1] is N_x×P, column p = x_{p,t} */
  X: Mat[];
  /** length T; Y[t−1] is N_y×P, column p = y_{p,t} */
  Y: Mat[];
}

export function checkArDataset(d: ArDataset): void {
  const { T, P, Nx, Ny } = d;
  if (!(Number.isInteger(T) && T >= 1) || d.X.length !== T || d.Y.length !== T) {
    throw new Error(`T-output dataset: T = ${T} but X has ${d.X.length} and Y has ${d.Y.length} timesteps`);
  }
  d.X.forEach((x, i) => {
    if (x.rows !== Nx || x.cols !== P) throw new Error(`T-output dataset: X[${i}] is ${x.rows}×${x.cols}, expected ${Nx}×${P}`);
  });
  d.Y.forEach((y, i) => {
    if (y.rows !== Ny || y.cols !== P) throw new Error(`T-output dataset: Y[${i}] is ${y.rows}×${y.cols}, expected ${Ny}×${P}`);
  });
}

/**
 * The single-output dataset of output time t: the first t inputs and the target y_t. The T-output loss
 * (eq. 144) is the sum over t of the single-output losses (eq. 4) of these prefixes.
 */
export function prefixDataset(d: ArDataset, t: number): Dataset {
  if (!Number.isInteger(t) || t < 1 || t > d.T) throw new Error(`prefixDataset: t = ${t} must be an integer in [1, ${d.T}]`);
  return { T: t, P: d.P, Nx: d.Nx, Ny: d.Ny, X: d.X.slice(0, t), Y: d.Y[t - 1] };
}

/** s_{t,i} of one dimension (T×T, row t−1, column i−1) from a function of (t, i), zero for i > t. */
export function arDynamicsFrom(T: number, f: (t: number, i: number) => number): Float64Array {
  if (!Number.isInteger(T) || T < 1) throw new RangeError(`trajectory length T must be an integer ≥ 1, got ${T}`);
  const s = new Float64Array(T * T);
  for (let t = 1; t <= T; t++) for (let i = 1; i <= t; i++) s[(t - 1) * T + i - 1] = f(t, i);
  return s;
}

/**
 * The T-output task families (App. M.3, the analogues of §3.3 with the output time t in place of T):
 *   constant  s_{t,i} = δ            (integration at every step; = inverse-exponential with λ = 1)
 *   invexp    s_{t,i} = δ λ^{t−i}    (the only family with zero-loss solutions, M.3: b = λ, ac = δ)
 *   exp       s_{t,i} = δ λ^{i}      (depends on the input time i, not on the lag t − i)
 */
export type ArDynamicsKind = 'constant' | 'invexp' | 'exp';
export const AR_DYNAMICS_KINDS: readonly ArDynamicsKind[] = ['constant', 'invexp', 'exp'];

export function arTaskDynamics(kind: ArDynamicsKind, delta: number, lambda: number, T: number): Float64Array {
  switch (kind) {
    case 'constant':
      return arDynamicsFrom(T, () => delta);
    case 'invexp':
      return arDynamicsFrom(T, (t, i) => delta * lambda ** (t - i));
    case 'exp':
      return arDynamicsFrom(T, (_t, i) => delta * lambda ** i);
    default: {
      const never: never = kind;
      throw new RangeError(`unknown T-output task dynamics '${String(never)}'`);
    }
  }
}

export interface ArSvdTask {
  data: ArDataset;
  Uy: Mat;
  Vx: Mat;
  /** D' × T × T with D' = min(N_x, N_y), zero-padded past the given dimensions */
  s: Float64Array;
}

/**
 * A T-output SVD task: whitened inputs (App. P.4.1), U_y and V_x from Gaussian matrices, and
 * y_t = Σ_{i≤t} U_y S_{t,i} V_xᵀ x_i. The random draws are those of svdTask (data.ts), in the same
 * order (inputs, then U_y, then V_x), so a T-output and a single-output task with the same seed share
 * their inputs and singular vectors.
 */
export function arSvdTask(s: Float64Array, D: number, T: number, Nx: number, Ny: number, P: number, rng: Rng): ArSvdTask {
  const Dfull = Math.min(Nx, Ny);
  if (!Number.isInteger(D) || D < 0 || D > Dfull) throw new Error(`arSvdTask: D = ${D} dimensions, but at most min(Nx, Ny) = ${Dfull} fit`);
  const TT = T * T;
  if (s.length !== D * TT) throw new Error(`arSvdTask: s has ${s.length} entries, expected D·T² = ${D * TT}`);
  const sFull = new Float64Array(Dfull * TT);
  sFull.set(s);
  const X = whitenedInputs(Nx, T, P, rng);
  const { Uy, Vx } = randomSingularVectors(Nx, Ny, rng);
  const Y: Mat[] = [];
  const B = zeros(Ny, Nx);
  for (let t = 1; t <= T; t++) {
    const y = zeros(Ny, P);
    for (let i = 1; i <= t; i++) {
      svdMapInto(Uy, Vx, sFull, Dfull, TT, (t - 1) * T + i - 1, B); // B = U_y S_{t,i} V_xᵀ
      addMapped(B, X[i - 1], y);
    }
    Y.push(y);
  }
  return { data: { T, P, Nx, Ny, X, Y }, Uy, Vx, s: sFull };
}

/**
 * The lag statistics of one dimension that the reduced dynamics and the energy depend on (k = t − i):
 *   σ_k = Σ_{t=k+1}^{T} s_{t,t−k},  n_k = T − k pairs (t, i) with lag k,  ss = Σ_t Σ_{i≤t} s_{t,i}².
 * s is one dimension's T×T block.
 */
export function lagSums(s: ArrayLike<number>, T: number, offset = 0): { sigma: Float64Array; n: Float64Array; ss: number } {
  const sigma = new Float64Array(T);
  const n = new Float64Array(T);
  let ss = 0;
  for (let t = 1; t <= T; t++) {
    for (let i = 1; i <= t; i++) {
      const v = s[offset + (t - 1) * T + i - 1]!;
      sigma[t - i] += v;
      ss += v * v;
    }
  }
  for (let k = 0; k < T; k++) n[k] = T - k;
  return { sigma, n, ss };
}
