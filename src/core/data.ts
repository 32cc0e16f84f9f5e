/**
 * Datasets for the single-output LRNN (§2, App. P.4.1, SVD form).
 *
 * A dataset holds P trajectories {x_{p,1}, …, x_{p,T}, y_{p,T}} as matrices: X[t-1] is N_x×P with
 * column p = x_{p,t}; Y is N_y×P with column p = y_{p,T}.
 */
import { type Mat, zeros, svd, matmulTB, inverseSqrtSym, matmul, cholesky, forwardSubst, backSubstT, symmetrizeInPlace } from './linalg.js';
import type { Rng } from './rng.js';

export interface Dataset {
  T: number;
  P: number;
  Nx: number;
  Ny: number;
  /** length T; X[t-1] is Nx×P, column p = x_{p,t} */
  X: Mat[];
  /** Ny×P, column p = y_{p,T} */
  Y: Mat;
}

/** Throws a clear Error when the shapes of a dataset disagree with its declared sizes. */
export function checkDataset(d: Dataset): void {
  const { T, P, Nx, Ny } = d;
  if (!(T >= 1) || d.X.length !== T) throw new Error(`dataset: T = ${T} but X has ${d.X.length} timesteps`);
  d.X.forEach((x, i) => {
    if (x.rows !== Nx || x.cols !== P) throw new Error(`dataset: X[${i}] is ${x.rows}×${x.cols}, expected ${Nx}×${P}`);
  });
  if (d.Y.rows !== Ny || d.Y.cols !== P) throw new Error(`dataset: Y is ${d.Y.rows}×${d.Y.cols}, expected ${Ny}×${P}`);
}

/**
 * P trajectories of T whitened N_x-dimensional inputs (Assumption 1, App. P.4.1).
 *
 * A Gaussian Z ∈ R^{(N_x T)×P} (row (t-1)·N_x + i holds dimension i at timestep t, drawn row by row)
 * is centred over p and whitened jointly over all (t, dimension) pairs, X = (Z Zᵀ)^{-1/2} Z, so that
 * Σ^{X_t X_t'} = Σ_p x_{p,t} x_{p,t'}ᵀ = δ_{tt'} I (eq. 21 with Assumption 1; a sum over p, not a mean).
 * One refinement pass (repeat the whitening on the result) brings the identity to round-off.
 * Centring removes one degree of freedom, so P ≥ N_x·T + 1 is required.
 */
export function whitenedInputs(Nx: number, T: number, P: number, rng: Rng): Mat[] {
  const n = Nx * T;
  if (!(Nx >= 1 && T >= 1 && Number.isInteger(Nx) && Number.isInteger(T) && Number.isInteger(P))) {
    throw new Error(`whitenedInputs: bad sizes Nx=${Nx}, T=${T}, P=${P}`);
  }
  if (P < n + 1) {
    throw new Error(
      `whitenedInputs: P = ${P} trajectories cannot be centred and whitened over Nx·T = ${n} dimensions; need P ≥ Nx·T + 1 = ${n + 1}`,
    );
  }
  let Z: Mat = { rows: n, cols: P, data: rng.normals(n * P) };
  // centre every (t, dimension) row over the P samples
  for (let r = 0; r < n; r++) {
    let m = 0;
    for (let p = 0; p < P; p++) m += Z.data[r * P + p];
    m /= P;
    for (let p = 0; p < P; p++) Z.data[r * P + p] -= m;
  }
  // whiten: X = (Z Zᵀ)^{-1/2} Z, twice (the second pass corrects the first's round-off)
  for (let pass = 0; pass < 2; pass++) Z = matmul(inverseSqrtSym(matmulTB(Z, Z)), Z);
  const X: Mat[] = [];
  for (let t = 0; t < T; t++) {
    const x = zeros(Nx, P);
    x.data.set(Z.data.subarray(t * Nx * P, (t + 1) * Nx * P));
    X.push(x);
  }
  return X;
}

export interface SvdTask {
  data: Dataset;
  /** Ny×Ny orthogonal: left singular vectors of every Σ^{YX_t} */
  Uy: Mat;
  /** Nx×Nx orthogonal: right singular vectors of every Σ^{YX_t} */
  Vx: Mat;
  /** D×T row-major with D = min(Nx, Ny): s[α*T + t-1] = s_{α,t} (zero-padded past the given dimensions) */
  s: Float64Array;
}

/**
 * Structured task dynamics in SVD form (App. P.4.1). The singular values s (D rows × T columns,
 * row-major: s[α*T + t-1] = s_{α,t}) are given; U_y and V_x are the left singular vectors of an
 * N_y×N_y Gaussian matrix and the right singular vectors of an N_x×N_x Gaussian matrix; the output is
 *   Y_T = Σ_t U_y S_t V_xᵀ X_t  (eq. 203),
 * so with whitened inputs Σ^{YX_t} = U_y S_t V_xᵀ (Assumption 2). S_t is N_y×N_x with s_{·,t} on its
 * diagonal. Random draws, in order: the whitened inputs, then the U_y matrix, then the V_x matrix.
 */
export function svdTask(s: Float64Array, D: number, T: number, Nx: number, Ny: number, P: number, rng: Rng): SvdTask {
  const Dfull = Math.min(Nx, Ny);
  if (!Number.isInteger(D) || D < 0 || D > Dfull) {
    throw new Error(`svdTask: D = ${D} singular-value dimensions, but at most min(Nx, Ny) = ${Dfull} fit`);
  }
  if (s.length !== D * T) throw new Error(`svdTask: s has ${s.length} entries, expected D·T = ${D * T}`);
  const sFull = new Float64Array(Dfull * T);
  sFull.set(s);
  const X = whitenedInputs(Nx, T, P, rng);
  const { Uy, Vx } = randomSingularVectors(Nx, Ny, rng);
  const Y = svdTarget(Uy, Vx, sFull, Dfull, T, X);
  return { data: { T, P, Nx, Ny, X, Y }, Uy, Vx, s: sFull };
}

/**
 * Random singular vectors of an SVD task: U_y (N_y×N_y) and V_x (N_x×N_x), the left and right singular
 * vectors of two standard Gaussian matrices, drawn in that order (data.ts and ardata.ts tasks).
 */
export function randomSingularVectors(Nx: number, Ny: number, rng: Rng): { Uy: Mat; Vx: Mat } {
  const Uy = svd({ rows: Ny, cols: Ny, data: rng.normals(Ny * Ny) }).U;
  const Vx = svd({ rows: Nx, cols: Nx, data: rng.normals(Nx * Nx) }).V;
  return { Uy, Vx };
}

/**
 * B ← U_y S V_xᵀ = Σ_α s_α u_α v_αᵀ (B is N_y×N_x), with s_α = s[α·stride + offset] for α < D: the map
 * from one input step to the target (Σ^{YX_t} of eq. 203 with whitened inputs).
 */
export function svdMapInto(Uy: Mat, Vx: Mat, s: Float64Array, D: number, stride: number, offset: number, B: Mat): void {
  const Ny = Uy.rows,
    Nx = Vx.rows;
  B.data.fill(0);
  for (let a = 0; a < D; a++) {
    const sa = s[a * stride + offset];
    if (sa === 0) continue;
    for (let i = 0; i < Ny; i++) {
      const u = sa * Uy.data[i * Ny + a];
      for (let j = 0; j < Nx; j++) B.data[i * Nx + j] += u * Vx.data[j * Nx + a];
    }
  }
}

/** Y += B x (B is N_y×N_x, x and Y hold P samples in their columns). */
export function addMapped(B: Mat, x: Mat, Y: Mat): void {
  const Ny = B.rows,
    Nx = B.cols,
    P = Y.cols;
  const xd = x.data;
  for (let i = 0; i < Ny; i++) {
    for (let j = 0; j < Nx; j++) {
      const b = B.data[i * Nx + j];
      if (b === 0) continue;
      for (let p = 0; p < P; p++) Y.data[i * P + p] += b * xd[j * P + p];
    }
  }
}

/**
 * The target of an SVD task (eq. 203): y = Σ_{t=1}^T U_y S_t V_xᵀ x_t for every sample, with the
 * singular values s (D×T row-major, s[α·T + t − 1]) and inputs X[0..T−1] (N_x×P each).
 */
export function svdTarget(Uy: Mat, Vx: Mat, s: Float64Array, D: number, T: number, X: readonly Mat[]): Mat {
  const P = X[0].cols;
  const Y = zeros(Uy.rows, P);
  const B = zeros(Uy.rows, Vx.rows);
  for (let t = 0; t < T; t++) {
    svdMapInto(Uy, Vx, s, D, T, t, B);
    addMapped(B, X[t], Y);
  }
  return Y;
}

export interface Correlations {
  T: number;
  P: number;
  Nx: number;
  Ny: number;
  /** length T, each Ny×Nx: Σ^{YX_t} = Σ_p y_{p,T} x_{p,t}ᵀ (eq. 19) */
  Syx: Mat[];
  /** length T·T, index (t-1)*T + (t'-1), each Nx×Nx: Σ^{X_t X_t'} = Σ_p x_{p,t} x_{p,t'}ᵀ (eq. 21) */
  Sxx: Mat[];
  /** Σ_p ||y_{p,T}||² (the constant term of the loss, eq. 4) */
  yy: number;
  /**
   * Σ_p ||y_{p,T} − Σ_t B_t x_{p,t}||² for the least-squares maps B_t: the part of the targets no linear
   * function of the inputs explains (the loss floor is half of it), computed sample by sample so that it
   * is accurate to round-off even when it is ~0. Undefined when the stacked input correlation is singular
   * or when the correlations were not computed from samples.
   */
  yPerp?: number;
}

/** The correlation matrices that fully determine loss and gradient (eq. 19, 21). */
export function correlations(d: Dataset): Correlations {
  checkDataset(d);
  const { T, P, Nx, Ny } = d;
  const Syx = d.X.map((x) => matmulTB(d.Y, x));
  const Sxx: Mat[] = new Array(T * T);
  for (let t = 0; t < T; t++) {
    for (let u = t; u < T; u++) {
      const m = matmulTB(d.X[t], d.X[u]);
      Sxx[t * T + u] = m;
      if (u !== t) {
        const mt = zeros(Nx, Nx);
        for (let i = 0; i < Nx; i++) for (let j = 0; j < Nx; j++) mt.data[j * Nx + i] = m.data[i * Nx + j];
        Sxx[u * T + t] = mt;
      }
    }
  }
  let yy = 0;
  for (let i = 0; i < d.Y.data.length; i++) yy += d.Y.data[i] * d.Y.data[i];
  const c: Correlations = { T, P, Nx, Ny, Syx, Sxx, yy };
  // Least-squares residual: B = Σ^{YX} (Σ^{XX})⁻¹ over the stacked inputs, residual Y − B X, per sample.
  const K = cholesky(stackedSxx(c));
  if (K) {
    const n = T * Nx;
    const B = stackedSyx(c).data; // rows become B rows: b ← K⁻ᵀ K⁻¹ b
    for (let a = 0; a < Ny; a++) {
      forwardSubst(K, B, a * n);
      backSubstT(K, B, a * n);
    }
    let r2 = 0;
    const row = new Float64Array(P);
    for (let a = 0; a < Ny; a++) {
      row.set(d.Y.data.subarray(a * P, (a + 1) * P));
      for (let t = 0; t < T; t++) {
        const x = d.X[t].data;
        for (let j = 0; j < Nx; j++) {
          const b = B[a * n + t * Nx + j];
          for (let p = 0; p < P; p++) row[p] -= b * x[j * P + p];
        }
      }
      for (let p = 0; p < P; p++) r2 += row[p] * row[p];
    }
    c.yPerp = r2;
  }
  return c;
}

/** The (T·N_x)×(T·N_x) input correlation of the stacked input [x_1; …; x_T], symmetrised (eq. 21). */
export function stackedSxx(c: Correlations): Mat {
  const { T, Nx } = c;
  const n = T * Nx;
  const S = zeros(n, n);
  for (let t = 0; t < T; t++) {
    for (let u = 0; u < T; u++) {
      const m = c.Sxx[t * T + u].data;
      for (let i = 0; i < Nx; i++) {
        for (let j = 0; j < Nx; j++) S.data[(t * Nx + i) * n + u * Nx + j] = m[i * Nx + j];
      }
    }
  }
  return symmetrizeInPlace(S);
}

/** The N_y×(T·N_x) input-output correlation [Σ^{YX_1} … Σ^{YX_T}] (eq. 19). */
export function stackedSyx(c: Correlations): Mat {
  const { T, Nx, Ny } = c;
  const n = T * Nx;
  const S = zeros(Ny, n);
  for (let t = 0; t < T; t++) {
    const m = c.Syx[t].data;
    for (let a = 0; a < Ny; a++) {
      for (let j = 0; j < Nx; j++) S.data[a * n + t * Nx + j] = m[a * Nx + j];
    }
  }
  return S;
}

/** True when the argument is a Dataset (has per-sample inputs) rather than Correlations. */
export function isDataset(d: Dataset | Correlations): d is Dataset {
  return (d as Dataset).X !== undefined;
}
