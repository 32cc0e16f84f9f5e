/**
 * Dense row-major linear algebra on Float64Array.
 *
 * A[i][j] = A.data[i * A.cols + j]. The small helpers here allocate; the hot training loops in
 * lrnn.ts / train.ts use the `*Into` kernels on preallocated buffers. Decompositions (SVD, symmetric
 * eigendecomposition, QR) come from ml-matrix. They run at set-up (data, initialisation) and also inside
 * measurements: `svd` at every training record of unaligned runs (singular values of W_h and W_y W_x),
 * `symEig` at every sweep point (GD stability, sharpness). Every one refuses non-finite input with an
 * error naming the caller: ml-matrix's SVD loop has no iteration bound and spins forever on NaN
 * (mljs/matrix#70); for finite input it terminates, and its output is checked to be finite.
 */
import { Matrix, SingularValueDecomposition, EigenvalueDecomposition, QrDecomposition, CholeskyDecomposition } from 'ml-matrix';
import type { Rng } from './rng.js';

export interface Mat {
  rows: number;
  cols: number;
  data: Float64Array;
}

// ---------------------------------------------------------------------------------------------
// Construction

export function zeros(r: number, c: number): Mat {
  if (!Number.isInteger(r) || !Number.isInteger(c) || r < 0 || c < 0) {
    throw new Error(`zeros: bad shape ${r}×${c}`);
  }
  return { rows: r, cols: c, data: new Float64Array(r * c) };
}

export function eye(n: number): Mat {
  const A = zeros(n, n);
  for (let i = 0; i < n; i++) A.data[i * n + i] = 1;
  return A;
}

export function fromRows(rows: number[][]): Mat {
  const r = rows.length;
  const c = r === 0 ? 0 : rows[0].length;
  const A = zeros(r, c);
  for (let i = 0; i < r; i++) {
    if (rows[i].length !== c) throw new Error(`fromRows: row ${i} has ${rows[i].length} entries, expected ${c}`);
    for (let j = 0; j < c; j++) A.data[i * c + j] = rows[i][j];
  }
  return A;
}

/** Diagonal rows×cols matrix with d on its leading diagonal (d may be shorter than min(rows, cols)). */
export function diag(d: ArrayLike<number>, rows: number = d.length, cols: number = rows): Mat {
  if (d.length > Math.min(rows, cols)) throw new Error(`diag: ${d.length} entries do not fit ${rows}×${cols}`);
  const A = zeros(rows, cols);
  for (let i = 0; i < d.length; i++) A.data[i * cols + i] = d[i];
  return A;
}

export function clone(A: Mat): Mat {
  return { rows: A.rows, cols: A.cols, data: Float64Array.from(A.data) };
}

/** Rows as nested arrays (for tests and JSON). */
export function toRows(A: Mat): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < A.rows; i++) out.push(Array.from(A.data.subarray(i * A.cols, (i + 1) * A.cols)));
  return out;
}

export function get(A: Mat, i: number, j: number): number {
  return A.data[i * A.cols + j];
}

/** Columns [c0, c1) of A as a new matrix. */
export function colSlice(A: Mat, c0: number, c1: number): Mat {
  const out = zeros(A.rows, c1 - c0);
  const w = c1 - c0;
  for (let i = 0; i < A.rows; i++) {
    for (let j = 0; j < w; j++) out.data[i * w + j] = A.data[i * A.cols + c0 + j];
  }
  return out;
}

function sameShape(A: Mat, B: Mat, op: string): void {
  if (A.rows !== B.rows || A.cols !== B.cols) {
    throw new Error(`${op}: shape mismatch ${A.rows}×${A.cols} vs ${B.rows}×${B.cols}`);
  }
}

function checkOut(out: Mat, r: number, c: number, op: string): void {
  if (out.rows !== r || out.cols !== c) throw new Error(`${op}: out is ${out.rows}×${out.cols}, expected ${r}×${c}`);
}

// ---------------------------------------------------------------------------------------------
// Products

/** C = A B. `out` may be given (it must not alias A or B). */
export function matmul(A: Mat, B: Mat, out?: Mat): Mat {
  if (A.cols !== B.rows) throw new Error(`matmul: ${A.rows}×${A.cols} · ${B.rows}×${B.cols}`);
  const C = out ?? zeros(A.rows, B.cols);
  checkOut(C, A.rows, B.cols, 'matmul');
  if (C.data === A.data || C.data === B.data) throw new Error('matmul: out aliases an input');
  matmulInto(A.data, B.data, C.data, A.rows, A.cols, B.cols);
  return C;
}

/** C = Aᵀ B. */
export function matmulTA(A: Mat, B: Mat, out?: Mat): Mat {
  if (A.rows !== B.rows) throw new Error(`matmulTA: (${A.rows}×${A.cols})ᵀ · ${B.rows}×${B.cols}`);
  const C = out ?? zeros(A.cols, B.cols);
  checkOut(C, A.cols, B.cols, 'matmulTA');
  if (C.data === A.data || C.data === B.data) throw new Error('matmulTA: out aliases an input');
  gemmAtB(A.data, 0, B.data, 0, C.data, 0, A.cols, B.cols, A.rows, 1, 0);
  return C;
}

/** C = A Bᵀ. */
export function matmulTB(A: Mat, B: Mat, out?: Mat): Mat {
  if (A.cols !== B.cols) throw new Error(`matmulTB: ${A.rows}×${A.cols} · (${B.rows}×${B.cols})ᵀ`);
  const C = out ?? zeros(A.rows, B.rows);
  checkOut(C, A.rows, B.rows, 'matmulTB');
  if (C.data === A.data || C.data === B.data) throw new Error('matmulTB: out aliases an input');
  gemmABt(A.data, 0, B.data, 0, C.data, 0, A.rows, B.rows, A.cols, 1, 0);
  return C;
}

/**
 * Raw kernel: c (m×n) = a (m×k) · b (k×n), row-major, no aliasing. Overwrites c.
 * i-l-j loop order: the inner loop is a contiguous saxpy over a row of b and a row of c.
 */
export function matmulInto(a: Float64Array, b: Float64Array, c: Float64Array, m: number, k: number, n: number): void {
  c.fill(0, 0, m * n);
  for (let i = 0; i < m; i++) {
    const ai = i * k,
      ci = i * n;
    for (let l = 0; l < k; l++) {
      const v = a[ai + l];
      if (v === 0) continue;
      const bl = l * n;
      for (let j = 0; j < n; j++) c[ci + j] += v * b[bl + j];
    }
  }
}

/**
 * Raw kernel: c (m×n) = alpha · a(m×k) · b(n×k)ᵀ + beta · c, row-major, every entry a dot product of two
 * contiguous rows of length k. a starts at aOff, b at bOff, c at cOff (sub-blocks of larger buffers);
 * c must not overlap a or b. beta = 0 ignores the previous content of c (even NaN).
 * Register-blocked 4×2 (eight independent accumulators): ~2 GMAC/s in V8, 3× the naive loop.
 */
export function gemmABt(
  a: Float64Array,
  aOff: number,
  b: Float64Array,
  bOff: number,
  c: Float64Array,
  cOff: number,
  m: number,
  n: number,
  k: number,
  alpha: number,
  beta: number,
): void {
  prepOut(c, cOff, m * n, beta);
  let i = 0;
  for (; i + 3 < m; i += 4) {
    const a0 = aOff + i * k,
      a1 = a0 + k,
      a2 = a1 + k,
      a3 = a2 + k;
    const c0 = cOff + i * n,
      c1 = c0 + n,
      c2 = c1 + n,
      c3 = c2 + n;
    let j = 0;
    for (; j + 1 < n; j += 2) {
      const b0 = bOff + j * k,
        b1 = b0 + k;
      let s00 = 0,
        s10 = 0,
        s20 = 0,
        s30 = 0,
        s01 = 0,
        s11 = 0,
        s21 = 0,
        s31 = 0;
      for (let l = 0; l < k; l++) {
        const y0 = b[b0 + l],
          y1 = b[b1 + l];
        const x0 = a[a0 + l],
          x1 = a[a1 + l],
          x2 = a[a2 + l],
          x3 = a[a3 + l];
        s00 += x0 * y0;
        s10 += x1 * y0;
        s20 += x2 * y0;
        s30 += x3 * y0;
        s01 += x0 * y1;
        s11 += x1 * y1;
        s21 += x2 * y1;
        s31 += x3 * y1;
      }
      c[c0 + j] += alpha * s00;
      c[c1 + j] += alpha * s10;
      c[c2 + j] += alpha * s20;
      c[c3 + j] += alpha * s30;
      c[c0 + j + 1] += alpha * s01;
      c[c1 + j + 1] += alpha * s11;
      c[c2 + j + 1] += alpha * s21;
      c[c3 + j + 1] += alpha * s31;
    }
    for (; j < n; j++) {
      const b0 = bOff + j * k;
      let s0 = 0,
        s1 = 0,
        s2 = 0,
        s3 = 0;
      for (let l = 0; l < k; l++) {
        const y = b[b0 + l];
        s0 += a[a0 + l] * y;
        s1 += a[a1 + l] * y;
        s2 += a[a2 + l] * y;
        s3 += a[a3 + l] * y;
      }
      c[c0 + j] += alpha * s0;
      c[c1 + j] += alpha * s1;
      c[c2 + j] += alpha * s2;
      c[c3 + j] += alpha * s3;
    }
  }
  for (; i < m; i++) {
    const a0 = aOff + i * k,
      c0 = cOff + i * n;
    let j = 0;
    for (; j + 3 < n; j += 4) {
      const b0 = bOff + j * k,
        b1 = b0 + k,
        b2 = b1 + k,
        b3 = b2 + k;
      let s0 = 0,
        s1 = 0,
        s2 = 0,
        s3 = 0;
      for (let l = 0; l < k; l++) {
        const x = a[a0 + l];
        s0 += x * b[b0 + l];
        s1 += x * b[b1 + l];
        s2 += x * b[b2 + l];
        s3 += x * b[b3 + l];
      }
      c[c0 + j] += alpha * s0;
      c[c0 + j + 1] += alpha * s1;
      c[c0 + j + 2] += alpha * s2;
      c[c0 + j + 3] += alpha * s3;
    }
    for (; j < n; j++) {
      const b0 = bOff + j * k;
      let s = 0;
      for (let l = 0; l < k; l++) s += a[a0 + l] * b[b0 + l];
      c[c0 + j] += alpha * s;
    }
  }
}
/**
 * Raw kernel: c (m×n) = alpha · L(k×m)ᵀ · R(k×n) + beta · c, i.e. c_ij = alpha Σ_q L_qi R_qj + beta c_ij:
 * a sum of k outer products of contiguous rows. Register-blocked 4×4. Same offset/aliasing rules as gemmABt.
 */
export function gemmAtB(
  L: Float64Array,
  lOff: number,
  R: Float64Array,
  rOff: number,
  c: Float64Array,
  cOff: number,
  m: number,
  n: number,
  k: number,
  alpha: number,
  beta: number,
): void {
  prepOut(c, cOff, m * n, beta);
  let i = 0;
  for (; i + 3 < m; i += 4) {
    const c0 = cOff + i * n,
      c1 = c0 + n,
      c2 = c1 + n,
      c3 = c2 + n;
    let j = 0;
    for (; j + 3 < n; j += 4) {
      let s00 = 0,
        s01 = 0,
        s02 = 0,
        s03 = 0,
        s10 = 0,
        s11 = 0,
        s12 = 0,
        s13 = 0,
        s20 = 0,
        s21 = 0,
        s22 = 0,
        s23 = 0,
        s30 = 0,
        s31 = 0,
        s32 = 0,
        s33 = 0;
      let lo = lOff + i,
        ro = rOff + j;
      for (let q = 0; q < k; q++, lo += m, ro += n) {
        const x0 = L[lo],
          x1 = L[lo + 1],
          x2 = L[lo + 2],
          x3 = L[lo + 3];
        const y0 = R[ro],
          y1 = R[ro + 1],
          y2 = R[ro + 2],
          y3 = R[ro + 3];
        s00 += x0 * y0;
        s01 += x0 * y1;
        s02 += x0 * y2;
        s03 += x0 * y3;
        s10 += x1 * y0;
        s11 += x1 * y1;
        s12 += x1 * y2;
        s13 += x1 * y3;
        s20 += x2 * y0;
        s21 += x2 * y1;
        s22 += x2 * y2;
        s23 += x2 * y3;
        s30 += x3 * y0;
        s31 += x3 * y1;
        s32 += x3 * y2;
        s33 += x3 * y3;
      }
      c[c0 + j] += alpha * s00;
      c[c0 + j + 1] += alpha * s01;
      c[c0 + j + 2] += alpha * s02;
      c[c0 + j + 3] += alpha * s03;
      c[c1 + j] += alpha * s10;
      c[c1 + j + 1] += alpha * s11;
      c[c1 + j + 2] += alpha * s12;
      c[c1 + j + 3] += alpha * s13;
      c[c2 + j] += alpha * s20;
      c[c2 + j + 1] += alpha * s21;
      c[c2 + j + 2] += alpha * s22;
      c[c2 + j + 3] += alpha * s23;
      c[c3 + j] += alpha * s30;
      c[c3 + j + 1] += alpha * s31;
      c[c3 + j + 2] += alpha * s32;
      c[c3 + j + 3] += alpha * s33;
    }
    for (; j < n; j++) {
      let s0 = 0,
        s1 = 0,
        s2 = 0,
        s3 = 0;
      let lo = lOff + i,
        ro = rOff + j;
      for (let q = 0; q < k; q++, lo += m, ro += n) {
        const y = R[ro];
        s0 += L[lo] * y;
        s1 += L[lo + 1] * y;
        s2 += L[lo + 2] * y;
        s3 += L[lo + 3] * y;
      }
      c[c0 + j] += alpha * s0;
      c[c1 + j] += alpha * s1;
      c[c2 + j] += alpha * s2;
      c[c3 + j] += alpha * s3;
    }
  }
  for (; i < m; i++) {
    const c0 = cOff + i * n;
    let j = 0;
    for (; j + 3 < n; j += 4) {
      let s0 = 0,
        s1 = 0,
        s2 = 0,
        s3 = 0;
      let lo = lOff + i,
        ro = rOff + j;
      for (let q = 0; q < k; q++, lo += m, ro += n) {
        const x = L[lo];
        s0 += x * R[ro];
        s1 += x * R[ro + 1];
        s2 += x * R[ro + 2];
        s3 += x * R[ro + 3];
      }
      c[c0 + j] += alpha * s0;
      c[c0 + j + 1] += alpha * s1;
      c[c0 + j + 2] += alpha * s2;
      c[c0 + j + 3] += alpha * s3;
    }
    for (; j < n; j++) {
      let s = 0;
      let lo = lOff + i,
        ro = rOff + j;
      for (let q = 0; q < k; q++, lo += m, ro += n) s += L[lo] * R[ro];
      c[c0 + j] += alpha * s;
    }
  }
}

function prepOut(c: Float64Array, off: number, len: number, beta: number): void {
  if (beta === 0) c.fill(0, off, off + len);
  else if (beta !== 1) for (let q = off; q < off + len; q++) c[q] *= beta;
}

// ---------------------------------------------------------------------------------------------
// Elementwise

export function transpose(A: Mat, out?: Mat): Mat {
  const C = out ?? zeros(A.cols, A.rows);
  checkOut(C, A.cols, A.rows, 'transpose');
  if (C.data === A.data) throw new Error('transpose: out aliases the input');
  transposeInto(A.data, C.data, A.rows, A.cols);
  return C;
}

/** Raw kernel: t (c×r, starting at tOff) = aᵀ for a (r×c). */
export function transposeInto(a: Float64Array, t: Float64Array, r: number, c: number, tOff = 0): void {
  for (let i = 0; i < r; i++) {
    const ai = i * c;
    for (let j = 0; j < c; j++) t[tOff + j * r + i] = a[ai + j];
  }
}

export function add(A: Mat, B: Mat): Mat {
  sameShape(A, B, 'add');
  const C = zeros(A.rows, A.cols);
  for (let i = 0; i < C.data.length; i++) C.data[i] = A.data[i] + B.data[i];
  return C;
}

export function sub(A: Mat, B: Mat): Mat {
  sameShape(A, B, 'sub');
  const C = zeros(A.rows, A.cols);
  for (let i = 0; i < C.data.length; i++) C.data[i] = A.data[i] - B.data[i];
  return C;
}

export function scale(A: Mat, s: number): Mat {
  const C = zeros(A.rows, A.cols);
  for (let i = 0; i < C.data.length; i++) C.data[i] = s * A.data[i];
  return C;
}

/** Y ← Y + alpha·X, in place; returns Y. */
export function axpy(Y: Mat, alpha: number, X: Mat): Mat {
  sameShape(Y, X, 'axpy');
  const y = Y.data,
    x = X.data;
  for (let i = 0; i < y.length; i++) y[i] += alpha * x[i];
  return Y;
}

export function frobNorm(A: Mat): number {
  let s = 0;
  const a = A.data;
  for (let i = 0; i < a.length; i++) s += a[i] * a[i];
  return Math.sqrt(s);
}

/** max |A_ij| (NaN if any entry is NaN; 0 for an empty matrix). */
export function maxAbs(A: Mat): number {
  let m = 0;
  const a = A.data;
  for (let i = 0; i < a.length; i++) {
    const v = Math.abs(a[i]);
    if (v > m) m = v;
    else if (Number.isNaN(v)) return NaN;
  }
  return m;
}

/** max |A − B| entrywise. */
export function maxAbsDiff(A: Mat, B: Mat): number {
  sameShape(A, B, 'maxAbsDiff');
  let m = 0;
  for (let i = 0; i < A.data.length; i++) {
    const v = Math.abs(A.data[i] - B.data[i]);
    if (v > m || Number.isNaN(v)) m = v;
  }
  return m;
}

// ---------------------------------------------------------------------------------------------
// Decompositions (ml-matrix), guarded against non-finite input and output

/** Throws when a matrix holds NaN or ±Infinity: no decomposition of it means anything, and ml-matrix's SVD never returns. */
export function assertFinite(A: Mat, who: string): void {
  const a = A.data;
  for (let i = 0; i < a.length; i++) {
    if (!Number.isFinite(a[i])) {
      throw new Error(
        `${who}: the ${A.rows}×${A.cols} matrix has a non-finite entry (${a[i]} at row ${Math.floor(i / A.cols)}, column ${i % A.cols})`,
      );
    }
  }
}

function assertFiniteResult(x: ArrayLike<number>, who: string): void {
  for (let i = 0; i < x.length; i++) {
    if (!Number.isFinite(x[i])) throw new Error(`${who}: the decomposition returned a non-finite value (${x[i]}) for finite input`);
  }
}

function toML(A: Mat): Matrix {
  const M = new Matrix(A.rows, A.cols);
  for (let i = 0; i < A.rows; i++) {
    for (let j = 0; j < A.cols; j++) M.set(i, j, A.data[i * A.cols + j]);
  }
  return M;
}

function fromML(M: Matrix): Mat {
  const A = zeros(M.rows, M.columns);
  for (let i = 0; i < M.rows; i++) {
    for (let j = 0; j < M.columns; j++) A.data[i * M.columns + j] = M.get(i, j);
  }
  return A;
}

/**
 * Thin SVD A = U diag(S) Vᵀ with k = min(rows, cols): U is rows×k, V is cols×k, S descending and
 * non-negative. For a square A, U and V are full orthogonal matrices.
 */
export function svd(A: Mat): { U: Mat; S: Float64Array; V: Mat } {
  if (A.rows === 0 || A.cols === 0) throw new Error('svd: empty matrix');
  assertFinite(A, 'svd');
  const k = Math.min(A.rows, A.cols);
  const dec = new SingularValueDecomposition(toML(A), {
    computeLeftSingularVectors: true,
    computeRightSingularVectors: true,
    autoTranspose: true,
  });
  const U = fromML(dec.leftSingularVectors);
  const V = fromML(dec.rightSingularVectors);
  const s = dec.diagonal;
  assertFiniteResult(s, 'svd');
  assertFiniteResult(U.data, 'svd');
  assertFiniteResult(V.data, 'svd');
  return {
    U: U.cols === k ? U : colSlice(U, 0, k),
    V: V.cols === k ? V : colSlice(V, 0, k),
    S: Float64Array.from(s.slice(0, k)),
  };
}

/** Symmetric eigendecomposition A = V diag(values) Vᵀ, values ascending, eigenvectors in the columns of V. */
export function symEig(A: Mat): { values: Float64Array; vectors: Mat } {
  if (A.rows !== A.cols) throw new Error(`symEig: matrix is ${A.rows}×${A.cols}, not square`);
  assertFinite(A, 'symEig');
  // Symmetrise explicitly so round-off asymmetry in the input cannot leak in.
  const n = A.rows;
  const S = zeros(n, n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) S.data[i * n + j] = 0.5 * (A.data[i * n + j] + A.data[j * n + i]);
  }
  const dec = new EigenvalueDecomposition(toML(S), { assumeSymmetric: true });
  const values = Float64Array.from(dec.realEigenvalues);
  const vectors = fromML(dec.eigenvectorMatrix);
  assertFiniteResult(values, 'symEig');
  assertFiniteResult(vectors.data, 'symEig');
  // Sort ascending (tql2 already does; keep the contract explicit).
  const order = Array.from(values.keys()).sort((p, q) => values[p] - values[q]);
  const vals = Float64Array.from(order, (p) => values[p]);
  const vecs = zeros(n, n);
  for (let c = 0; c < n; c++) {
    const src = order[c];
    for (let i = 0; i < n; i++) vecs.data[i * n + c] = vectors.data[i * n + src];
  }
  return { values: vals, vectors: vecs };
}

/** Q from the QR decomposition of A (A square or tall), columns sign-fixed so that diag(R) > 0. */
export function qrQ(A: Mat): Mat {
  assertFinite(A, 'qrQ');
  const dec = new QrDecomposition(toML(A));
  const Q = fromML(dec.orthogonalMatrix);
  const R = fromML(dec.upperTriangularMatrix);
  const k = Math.min(Q.cols, R.rows);
  for (let j = 0; j < k; j++) {
    if (R.data[j * R.cols + j] < 0) {
      for (let i = 0; i < Q.rows; i++) Q.data[i * Q.cols + j] = -Q.data[i * Q.cols + j];
    }
  }
  return Q;
}

/**
 * Haar-distributed n×n orthogonal matrix: QR of an n×n standard Gaussian, with the column signs
 * fixed so that diag(R) > 0 (Mezzadri 2007). Draws n² normals, row by row.
 */
export function randomOrthogonal(n: number, rng: Rng): Mat {
  const G = zeros(n, n);
  G.data.set(rng.normals(n * n));
  return qrQ(G);
}

/** A^{-1/2} for a symmetric positive-definite A (via symEig). Throws if A is not positive definite. */
export function inverseSqrtSym(A: Mat): Mat {
  const { values, vectors } = symEig(A);
  const n = A.rows;
  const top = values.length ? Math.abs(values[values.length - 1]) : 0;
  for (let i = 0; i < n; i++) {
    if (!(values[i] > top * 1e-14) || values[i] <= 0) {
      throw new Error(`inverseSqrtSym: matrix is not positive definite (eigenvalue ${values[i]})`);
    }
  }
  // V diag(λ^{-1/2}) Vᵀ
  const W = zeros(n, n);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < n; c++) W.data[i * n + c] = vectors.data[i * n + c] / Math.sqrt(values[c]);
  }
  return symmetrizeInPlace(matmulTB(W, vectors)); // exact symmetry
}

/** A ← (A + Aᵀ)/2 for a square A, entry by entry (exactly symmetric afterwards); returns A. */
export function symmetrizeInPlace(A: Mat): Mat {
  if (A.rows !== A.cols) throw new Error(`symmetrizeInPlace: matrix is ${A.rows}×${A.cols}, not square`);
  const n = A.rows,
    a = A.data;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const v = 0.5 * (a[i * n + j] + a[j * n + i]);
      a[i * n + j] = v;
      a[j * n + i] = v;
    }
  }
  return A;
}

/**
 * Cholesky factor of a symmetric positive-definite A: lower-triangular K with A = K Kᵀ, by ml-matrix's
 * CholeskyDecomposition. ml-matrix requires exact symmetry, so A is symmetrised first, 0.5·(a_ij + a_ji)
 * (A is symmetric up to round-off where it comes from sums of outer products). Returns null when A is not
 * (numerically) positive definite; throws on non-finite input.
 */
export function cholesky(A: Mat): Mat | null {
  if (A.rows !== A.cols) throw new Error(`cholesky: matrix is ${A.rows}×${A.cols}, not square`);
  assertFinite(A, 'cholesky');
  const n = A.rows;
  const a = A.data;
  const S = new Matrix(n, n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) S.set(i, j, 0.5 * (a[i * n + j] + a[j * n + i]));
  const chol = new CholeskyDecomposition(S);
  if (!chol.isPositiveDefinite()) return null;
  const L = chol.lowerTriangularMatrix;
  const K = zeros(n, n);
  for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) K.data[i * n + j] = L.get(i, j);
  return K;
}

/** Solves K z = b in place (b ← K⁻¹ b) for lower-triangular K (n×n); b is read at bOff with stride 1. */
export function forwardSubst(K: Mat, b: Float64Array, bOff = 0): void {
  const n = K.rows,
    k = K.data;
  for (let i = 0; i < n; i++) {
    let v = b[bOff + i];
    for (let q = 0; q < i; q++) v -= k[i * n + q] * b[bOff + q];
    b[bOff + i] = v / k[i * n + i];
  }
}

/** Solves Kᵀ z = b in place (b ← K⁻ᵀ b) for lower-triangular K (n×n). */
export function backSubstT(K: Mat, b: Float64Array, bOff = 0): void {
  const n = K.rows,
    k = K.data;
  for (let i = n - 1; i >= 0; i--) {
    let v = b[bOff + i];
    for (let q = i + 1; q < n; q++) v -= k[q * n + i] * b[bOff + q];
    b[bOff + i] = v / k[i * n + i];
  }
}
