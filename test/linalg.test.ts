import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeRng } from '../src/core/rng.js';
import {
  type Mat,
  zeros,
  eye,
  fromRows,
  clone,
  matmul,
  matmulTA,
  matmulTB,
  transpose,
  add,
  sub,
  scale,
  axpy,
  frobNorm,
  maxAbs,
  maxAbsDiff,
  svd,
  symEig,
  randomOrthogonal,
  inverseSqrtSym,
  gemmABt,
  gemmAtB,
  diag,
  cholesky,
  forwardSubst,
  backSubstT,
  qrQ,
  symmetrizeInPlace,
} from '../src/core/linalg.js';

const rng = makeRng('linalg-test');
const rand = (r: number, c: number): Mat => ({ rows: r, cols: c, data: rng.normals(r * c) });

/** Textbook triple loop: the reference every kernel is checked against. */
function naive(A: Mat, B: Mat): Mat {
  const C = zeros(A.rows, B.cols);
  for (let i = 0; i < A.rows; i++) {
    for (let j = 0; j < B.cols; j++) {
      let s = 0;
      for (let l = 0; l < A.cols; l++) s += A.data[i * A.cols + l] * B.data[l * B.cols + j];
      C.data[i * B.cols + j] = s;
    }
  }
  return C;
}

function orthogonalityError(Q: Mat): number {
  return maxAbsDiff(matmulTA(Q, Q), eye(Q.cols));
}

test('matmul, matmulTA, matmulTB agree with the triple loop on every remainder shape', () => {
  for (let m = 1; m <= 6; m++) {
    for (let n = 1; n <= 6; n++) {
      for (const k of [1, 2, 5]) {
        const A = rand(m, k),
          B = rand(k, n);
        const ref = naive(A, B);
        assert.ok(maxAbsDiff(matmul(A, B), ref) < 1e-13, `matmul ${m}×${k}·${k}×${n}`);
        assert.ok(maxAbsDiff(matmulTA(transpose(A), B), ref) < 1e-13, `matmulTA ${m},${n},${k}`);
        assert.ok(maxAbsDiff(matmulTB(A, transpose(B)), ref) < 1e-13, `matmulTB ${m},${n},${k}`);
      }
    }
  }
});

test('gemm kernels honour offsets, alpha and beta (beta = 0 wipes NaN)', () => {
  for (const [m, n, k] of [
    [5, 7, 3],
    [4, 4, 9],
    [1, 9, 2],
    [9, 1, 4],
  ]) {
    const A = rand(m, k),
      Bt = rand(n, k);
    const ref = naive(A, transpose(Bt));
    const pad = 3;
    const a = new Float64Array(pad + m * k);
    a.set(A.data, pad);
    const b = new Float64Array(pad + n * k);
    b.set(Bt.data, pad);
    const c0 = rand(m, n);
    const c = new Float64Array(pad + m * n);
    c.set(c0.data, pad);
    gemmABt(a, pad, b, pad, c, pad, m, n, k, -2, 0.5);
    const want = add(scale(ref, -2), scale(c0, 0.5));
    assert.ok(maxAbsDiff({ rows: m, cols: n, data: c.subarray(pad) }, want) < 1e-13);
    // gemmAtB: c = alpha Lᵀ R + beta c with L = Aᵀ (k×m), R = Bᵀ (k×n)
    const L = transpose(A),
      R = transpose(Bt);
    const c2 = new Float64Array(m * n).fill(NaN);
    gemmAtB(L.data, 0, R.data, 0, c2, 0, m, n, k, 1, 0);
    assert.ok(maxAbsDiff({ rows: m, cols: n, data: c2 }, ref) < 1e-13);
    gemmAtB(L.data, 0, R.data, 0, c2, 0, m, n, k, 1, 1);
    assert.ok(maxAbsDiff({ rows: m, cols: n, data: c2 }, scale(ref, 2)) < 1e-13);
  }
});

test('elementwise helpers', () => {
  const A = fromRows([
    [1, -2],
    [3, 4],
  ]);
  const B = fromRows([
    [0.5, 0],
    [-1, 2],
  ]);
  assert.deepEqual(Array.from(add(A, B).data), [1.5, -2, 2, 6]);
  assert.deepEqual(Array.from(sub(A, B).data), [0.5, -2, 4, 2]);
  assert.deepEqual(Array.from(scale(A, 2).data), [2, -4, 6, 8]);
  const C = clone(A);
  axpy(C, -1, A);
  assert.equal(maxAbs(C), 0);
  assert.equal(A.data[0], 1, 'clone is a copy');
  assert.equal(frobNorm(A), Math.sqrt(30));
  assert.equal(maxAbs(A), 4);
  assert.ok(Number.isNaN(maxAbs(fromRows([[1, NaN]]))));
  assert.deepEqual(Array.from(transpose(fromRows([[1, 2, 3]])).data), [1, 2, 3]);
  assert.deepEqual(Array.from(diag([2, 3], 2, 3).data), [2, 0, 0, 0, 3, 0]);
  assert.throws(() => matmul(A, rand(3, 3)), /matmul/);
  assert.throws(() => fromRows([[1, 2], [3]]), /row 1/);
});

test('svd: thin factors reconstruct A, orthonormal columns, descending singular values', () => {
  for (const [r, c] of [
    [6, 3],
    [3, 6],
    [5, 5],
    [1, 4],
  ]) {
    const A = rand(r, c);
    const { U, S, V } = svd(A);
    const k = Math.min(r, c);
    assert.equal(U.rows, r);
    assert.equal(U.cols, k);
    assert.equal(V.rows, c);
    assert.equal(V.cols, k);
    assert.equal(S.length, k);
    const US = zeros(r, k);
    for (let i = 0; i < r; i++) for (let j = 0; j < k; j++) US.data[i * k + j] = U.data[i * k + j] * S[j];
    assert.ok(maxAbsDiff(matmulTB(US, V), A) < 1e-12, `reconstruct ${r}×${c}`);
    assert.ok(orthogonalityError(U) < 1e-12);
    assert.ok(orthogonalityError(V) < 1e-12);
    for (let j = 1; j < k; j++) assert.ok(S[j - 1] >= S[j] && S[j] >= 0);
  }
});

test('symEig and inverseSqrtSym', () => {
  const G = rand(6, 9);
  const S = matmulTB(G, G); // symmetric positive definite
  const { values, vectors } = symEig(S);
  for (let i = 1; i < values.length; i++) assert.ok(values[i - 1] <= values[i], 'ascending');
  const VL = zeros(6, 6);
  for (let i = 0; i < 6; i++) for (let j = 0; j < 6; j++) VL.data[i * 6 + j] = vectors.data[i * 6 + j] * values[j];
  assert.ok(maxAbsDiff(matmulTB(VL, vectors), S) < 1e-11);
  const W = inverseSqrtSym(S);
  assert.ok(maxAbsDiff(matmul(matmul(W, S), W), eye(6)) < 1e-11, 'S^{-1/2} S S^{-1/2} = I');
  assert.throws(
    () =>
      inverseSqrtSym(
        fromRows([
          [1, 0],
          [0, -1],
        ]),
      ),
    /positive definite/,
  );
});

test('cholesky and triangular solves', () => {
  const G = rand(5, 8);
  const S = matmulTB(G, G);
  const K = cholesky(S)!;
  assert.ok(K !== null);
  assert.ok(maxAbsDiff(matmulTB(K, K), S) < 1e-12);
  for (let i = 0; i < 5; i++) for (let j = i + 1; j < 5; j++) assert.equal(K.data[i * 5 + j], 0);
  const b = rng.normals(5);
  const z = Float64Array.from(b);
  forwardSubst(K, z);
  backSubstT(K, z); // z = S⁻¹ b
  const Sz = matmul(S, { rows: 5, cols: 1, data: z });
  assert.ok(maxAbsDiff(Sz, { rows: 5, cols: 1, data: b }) < 1e-10);
  assert.equal(
    cholesky(
      fromRows([
        [1, 2],
        [2, 1],
      ]),
    ),
    null,
  );
});

test('randomOrthogonal: orthogonal, deterministic per seed, Haar sign convention', () => {
  const Q = randomOrthogonal(7, makeRng('q'));
  assert.ok(orthogonalityError(Q) < 1e-13);
  const Q2 = randomOrthogonal(7, makeRng('q'));
  assert.deepEqual(Buffer.from(Q.data.buffer), Buffer.from(Q2.data.buffer));
  // Haar: the first column of Q is uniform on the sphere, so E[Q_00] = 0 and E[Q_00²] = 1/n.
  const r = makeRng('haar');
  let m1 = 0,
    m2 = 0;
  const n = 3,
    N = 4000;
  for (let s = 0; s < N; s++) {
    const q = randomOrthogonal(n, r).data[0];
    m1 += q / N;
    m2 += (q * q) / N;
  }
  assert.ok(Math.abs(m1) < 0.03, `mean ${m1}`);
  assert.ok(Math.abs(m2 - 1 / n) < 0.02, `second moment ${m2}`);
});

test('decompositions refuse non-finite input with an error naming the caller (ml-matrix SVD would never return)', () => {
  for (const bad of [NaN, Infinity, -Infinity]) {
    const A: Mat = { rows: 3, cols: 3, data: Float64Array.of(2, 0.1, 0, 0.1, 3, 0.2, 0, 0.2, 1) };
    A.data[4] = bad;
    assert.throws(() => svd(A), /svd: the 3×3 matrix has a non-finite entry .* row 1, column 1/);
    assert.throws(() => symEig(A), /symEig: .*non-finite/);
    assert.throws(() => cholesky(A), /cholesky: .*non-finite/);
    assert.throws(() => qrQ(A), /qrQ: .*non-finite/);
  }
  // finite input still works, and a finite matrix that is not positive definite is null, not an error
  assert.equal(cholesky({ rows: 2, cols: 2, data: Float64Array.of(1, 2, 2, 1) }), null);
  assert.equal(svd({ rows: 2, cols: 2, data: Float64Array.of(3, 0, 0, 4) }).S[0], 4);
});

test('symmetrizeInPlace: (A + Aᵀ)/2, exactly symmetric, the diagonal untouched', () => {
  const A = rand(4, 4);
  const before = clone(A);
  const S = symmetrizeInPlace(A);
  assert.equal(S, A, 'in place');
  for (let i = 0; i < 4; i++) {
    assert.equal(S.data[i * 4 + i], before.data[i * 4 + i]);
    for (let j = 0; j < 4; j++) {
      assert.equal(S.data[i * 4 + j], S.data[j * 4 + i]);
      assert.ok(Math.abs(S.data[i * 4 + j] - 0.5 * (before.data[i * 4 + j] + before.data[j * 4 + i])) <= 1e-16);
    }
  }
  assert.throws(() => symmetrizeInPlace(rand(2, 3)), /not square/);
});
