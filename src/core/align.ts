/**
 * Aligned and unaligned initialisation (App. P.1) and connectivity-mode recovery (App. P.3), SVD form.
 */
import { type Mat, zeros, gemmABt, gemmAtB, transposeInto } from './linalg.js';
import type { Weights, Dims } from './lrnn.js';
import type { Rng } from './rng.js';

/** The fixed bases of an aligned network: data singular vectors U_y (N_y×N_y), V_x (N_x×N_x) and a hidden rotation R (N_h×N_h). */
export interface Frame {
  Uy: Mat;
  Vx: Mat;
  /** N_h×N_h orthogonal */
  R: Mat;
}

function checkFrame(frame: Frame, dims: Dims, D: number): void {
  const { Nx, Nh, Ny } = dims;
  if (frame.Uy.rows !== Ny || frame.Uy.cols !== Ny)
    throw new Error(`frame: U_y is ${frame.Uy.rows}×${frame.Uy.cols}, expected ${Ny}×${Ny}`);
  if (frame.Vx.rows !== Nx || frame.Vx.cols !== Nx)
    throw new Error(`frame: V_x is ${frame.Vx.rows}×${frame.Vx.cols}, expected ${Nx}×${Nx}`);
  if (frame.R.rows !== Nh || frame.R.cols !== Nh) throw new Error(`frame: R is ${frame.R.rows}×${frame.R.cols}, expected ${Nh}×${Nh}`);
  if (!Number.isInteger(D) || D < 0 || D > Math.min(Nx, Nh, Ny)) {
    throw new Error(`aligned network: D = ${D} modes, but at most min(Nx, Nh, Ny) = ${Math.min(Nx, Nh, Ny)} fit`);
  }
}

/**
 * out (m×n) = Σ_α d_α · P[:, α] Q[:, α]ᵀ for α < D: the product P W̄ Qᵀ with a diagonal W̄ holding d.
 */
function diagSandwich(P: Mat, d: Float64Array, Q: Mat): Mat {
  const m = P.rows,
    n = Q.rows,
    D = d.length;
  const out = zeros(m, n);
  for (let a = 0; a < D; a++) {
    const da = d[a];
    if (da === 0) continue;
    for (let i = 0; i < m; i++) {
      const v = da * P.data[i * P.cols + a];
      if (v === 0) continue;
      for (let j = 0; j < n; j++) out.data[i * n + j] += v * Q.data[j * Q.cols + a];
    }
  }
  return out;
}

/**
 * An aligned LRNN (App. P.1.1, eq. 191–193) with diagonal connectivity modes W̄_x = diag(a),
 * W̄_h = diag(b), W̄_y = diag(c) in the first D = a.length dimensions and zeros elsewhere:
 *   W_x = R W̄_x V_xᵀ,  W_h = R W̄_h Rᵀ,  W_y = U_y W̄_y Rᵀ.
 *
 * The paper writes R_x and R_y = R_x⁻¹ (eq. 191–193: W_x = R_x W̄_x V_xᵀ, W_h = R_y W̄_h R_xᵀ,
 * W_y = U_y W̄_y R_yᵀ). Then W_y W_h^k W_x = U_y W̄_y R_yᵀ (R_y W̄_h R_xᵀ)^k R_x W̄_x V_xᵀ contains the factors
 * R_xᵀ R_y between consecutive W_h's, so for k ≥ 2 it is diagonal in (U_y, V_x) only if R_xᵀ R_y = I,
 * i.e. R_x = R_y: with R_y = R_x⁻¹ = R_xᵀ the network is not aligned unless R_x² = I. We therefore use a
 * single orthogonal R = R_x = R_y, for which W_h^k = R W̄_h^k Rᵀ and eq. 33–39 hold exactly.
 */
export function alignedInit(a: Float64Array, b: Float64Array, c: Float64Array, frame: Frame, dims: Dims): Weights {
  const D = a.length;
  if (b.length !== D || c.length !== D) throw new Error(`alignedInit: a, b, c have lengths ${a.length}, ${b.length}, ${c.length}`);
  checkFrame(frame, dims, D);
  return {
    Wx: diagSandwich(frame.R, a, frame.Vx), // eq. 191
    Wh: diagSandwich(frame.R, b, frame.R), // eq. 192 with R_x = R_y = R
    Wy: diagSandwich(frame.Uy, c, frame.R), // eq. 193
  };
}

/** Pᵀ A Q (P: m×p, A: m×n, Q: n×q) → p×q, with the blocked kernels (O(N_h³) for W̄_h, so keep it fast). */
function project(P: Mat, A: Mat, Q: Mat): Mat {
  const m = A.rows,
    n = A.cols,
    q = Q.cols,
    p = P.cols;
  const Qt = new Float64Array(q * n);
  transposeInto(Q.data, Qt, n, q);
  const AQ = new Float64Array(m * q);
  gemmABt(A.data, 0, Qt, 0, AQ, 0, m, q, n, 1, 0); // A Q
  const out = zeros(p, q);
  gemmAtB(P.data, 0, AQ, 0, out.data, 0, p, q, m, 1, 0); // Pᵀ (A Q)
  return out;
}

function largestOffDiagonal(M: Mat): number {
  let m = 0;
  for (let i = 0; i < M.rows; i++) {
    for (let j = 0; j < M.cols; j++) {
      if (i === j) continue;
      const v = Math.abs(M.data[i * M.cols + j]);
      if (v > m || Number.isNaN(v)) m = v;
    }
  }
  return m;
}

/**
 * Connectivity modes of a network in a fixed frame (App. P.3, eq. 197–199 with R_x = R_y = R):
 *   W̄_x = Rᵀ W_x V_x,  W̄_h = Rᵀ W_h R,  W̄_y = U_yᵀ W_y R;
 * a, b, c are the first D diagonal entries. offDiagonal is the largest |entry| off the diagonal of the
 * three W̄ (i ≠ j): 0 for an aligned network, so it measures how far the network is from aligned.
 */
export function recoverModes(
  w: Weights,
  frame: Frame,
  D: number,
): { a: Float64Array; b: Float64Array; c: Float64Array; offDiagonal: number } {
  checkFrame(frame, { Nx: w.Wx.cols, Nh: w.Wh.rows, Ny: w.Wy.rows }, D);
  const Wxb = project(frame.R, w.Wx, frame.Vx); // eq. 197
  const Whb = project(frame.R, w.Wh, frame.R); // eq. 198
  const Wyb = project(frame.Uy, w.Wy, frame.R); // eq. 199
  const a = new Float64Array(D),
    b = new Float64Array(D),
    c = new Float64Array(D);
  for (let i = 0; i < D; i++) {
    a[i] = Wxb.data[i * Wxb.cols + i];
    b[i] = Whb.data[i * Whb.cols + i];
    c[i] = Wyb.data[i * Wyb.cols + i];
  }
  const offDiagonal = Math.max(largestOffDiagonal(Wxb), largestOffDiagonal(Whb), largestOffDiagonal(Wyb));
  return { a, b, c, offDiagonal };
}

/**
 * An unaligned LRNN (App. P.1.2): every entry N(0, σ²/N_in) with N_in the fan-in (number of columns) of
 * that matrix: N_x for W_x, N_h for W_h and W_y. `sigmas` overrides σ per matrix. The paper says
 * "row-size"; for W = (out × in) acting on column vectors the fan-in is the row length, i.e. the column
 * count. Draws W_x, then W_h, then W_y, each row by row.
 */
export function unalignedInit(dims: Dims, sigma: number, rng: Rng, sigmas?: { x?: number; h?: number; y?: number }): Weights {
  const { Nx, Nh, Ny } = dims;
  const sx = sigmas?.x ?? sigma,
    sh = sigmas?.h ?? sigma,
    sy = sigmas?.y ?? sigma;
  const make = (r: number, c: number, s: number): Mat => ({ rows: r, cols: c, data: rng.normals(r * c, s / Math.sqrt(c)) });
  const Wx = make(Nh, Nx, sx);
  const Wh = make(Nh, Nh, sh);
  const Wy = make(Ny, Nh, sy);
  return { Wx, Wh, Wy };
}
