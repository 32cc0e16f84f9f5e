/**
 * Eigendecomposition data (App. P.4.1) and eigen-aligned networks (App. P.1.1, P.3), checked against
 * independent evidence: correlations measured on the samples, eigenvalues from a general (non-symmetric)
 * eigensolver, and complex products computed by hand.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';
import { eigTask, eigAlignedInit, recoverEigModes, blockMatrix, conjugate } from '../src/core/eigdata.js';
import { correlations } from '../src/core/data.js';
import { matmul, matmulTB, eye, maxAbsDiff, type Mat } from '../src/core/linalg.js';
import { makeRng } from '../src/core/rng.js';

const T = 4;
// mode 0: complex at every step; mode 1: real; mode 2: complex with a real first step (still a pair)
const modes = [
  { re: [0.3, 0.5, -0.2, 0.8], im: [0.4, -0.1, 0.6, 0.2] },
  { re: [1.1, 0.7, 0.3, -0.4], im: [0, 0, 0, 0] },
  { re: [0.2, 0.1, 0.0, 0.5], im: [0, 0.3, -0.7, 0.1] },
];
const N = 6; // 2 + 1 + 2 = 5 dimensions used, one zero dimension

function maxAbs(xs: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < xs.length; i++) m = Math.max(m, Math.abs(xs[i]));
  return m;
}

test('eigTask: layout, orthogonal Q, and Σ^{YX_t} measured on the samples equals Q H_t Qᵀ', () => {
  const task = eigTask(modes, N, T, N * T + 5, makeRng('eig-1'));
  assert.deepEqual(task.blocks, [
    { kind: 'pair', index: 0, mode: 0 },
    { kind: 'real', index: 2, mode: 1 },
    { kind: 'pair', index: 3, mode: 2 },
  ]);
  assert.ok(maxAbsDiff(matmulTB(task.Q, task.Q), eye(N)) < 1e-12, 'Q orthogonal');
  const c = correlations(task.data);
  for (let t = 0; t < T; t++) {
    assert.ok(maxAbsDiff(c.Syx[t], conjugate(task.Q, task.H[t])) < 1e-10, `Σ^{YX_${t + 1}}`);
    for (let u = 0; u < T; u++)
      assert.ok(maxAbsDiff(c.Sxx[t * T + u], t === u ? eye(N) : { rows: N, cols: N, data: new Float64Array(N * N) }) < 1e-10);
    // H_t by hand
    const H = task.H[t].data;
    assert.equal(H[0 * N + 0], modes[0].re[t]);
    assert.equal(H[0 * N + 1], -modes[0].im[t]);
    assert.equal(H[1 * N + 0], modes[0].im[t]);
    assert.equal(H[2 * N + 2], modes[1].re[t]);
    assert.equal(H[4 * N + 3], modes[2].im[t]);
    assert.equal(H[5 * N + 5], 0);
  }
});

test('eigTask: the eigenvalues of Σ^{YX_t} are the given d_t, their conjugates, the real modes and zeros', () => {
  const task = eigTask(modes, N, T, N * T + 1, makeRng('eig-2'));
  const c = correlations(task.data);
  for (let t = 0; t < T; t++) {
    const S = c.Syx[t];
    const dec = new EigenvalueDecomposition(
      new Matrix(Array.from({ length: N }, (_, i) => Array.from(S.data.subarray(i * N, (i + 1) * N)))),
    );
    const got = dec.realEigenvalues.map((re, i) => [re, dec.imaginaryEigenvalues[i]] as [number, number]);
    const want: [number, number][] = [
      [modes[0].re[t], modes[0].im[t]],
      [modes[0].re[t], -modes[0].im[t]],
      [modes[1].re[t], 0],
      [modes[2].re[t], modes[2].im[t]],
      [modes[2].re[t], -modes[2].im[t]],
      [0, 0],
    ];
    // match each wanted eigenvalue to a distinct computed one
    const used = new Set<number>();
    for (const [wr, wi] of want) {
      let best = -1,
        bestD = Infinity;
      got.forEach(([gr, gi], k) => {
        const d = Math.hypot(gr - wr, gi - wi);
        if (!used.has(k) && d < bestD) {
          bestD = d;
          best = k;
        }
      });
      assert.ok(bestD < 1e-8, `t=${t + 1}: eigenvalue ${wr}+${wi}i missing (closest at ${bestD})`);
      used.add(best);
    }
  }
});

test('eigen-aligned network: W_y W_h^k W_x = Q·block(c b^k a)·Qᵀ with complex products by hand; modes recovered exactly', () => {
  const task = eigTask(modes, N, T, N * T + 1, makeRng('eig-3'));
  const a = { re: [0.3, -0.5, 0.2], im: [0.7, 0, -0.4] };
  const b = { re: [0.6, 0.9, -0.3], im: [0.5, 0, 0.8] };
  const c = { re: [-0.2, 0.4, 1.1], im: [0.9, 0, 0.1] };
  const w = eigAlignedInit(task, a, b, c);
  // complex product by hand
  const mul = (x: [number, number], y: [number, number]): [number, number] => [x[0] * y[0] - x[1] * y[1], x[0] * y[1] + x[1] * y[0]];
  let Whk: Mat = eye(N);
  for (let k = 0; k < 4; k++) {
    const prod = matmul(w.Wy, matmul(Whk, w.Wx));
    const re: number[] = [],
      im: number[] = [];
    for (let m = 0; m < 3; m++) {
      let z: [number, number] = [c.re[m], c.im[m]];
      for (let j = 0; j < k; j++) z = mul(z, [b.re[m], b.im[m]]);
      z = mul(z, [a.re[m], a.im[m]]);
      re.push(z[0]);
      im.push(z[1]);
    }
    assert.ok(maxAbsDiff(prod, conjugate(task.Q, blockMatrix(task.blocks, re, im, N))) < 1e-12, `k=${k}`);
    Whk = matmul(Whk, w.Wh);
  }
  const r = recoverEigModes(w, task);
  assert.ok(r.offBlock < 1e-14, `offBlock ${r.offBlock}`);
  for (const [got, want] of [
    [r.a, a],
    [r.b, b],
    [r.c, c],
  ] as const) {
    assert.ok(maxAbs(got.re.map((v, i) => v - want.re[i])) < 1e-14);
    assert.ok(maxAbs(got.im.map((v, i) => v - want.im[i])) < 1e-14);
  }
  // a perturbation outside the block structure is detected
  const pert = { ...w, Wh: { ...w.Wh, data: Float64Array.from(w.Wh.data) } };
  const E = conjugate(task.Q, blockMatrix([{ kind: 'real', index: 5, mode: 0 }], [1e-3], [0], N));
  for (let i = 0; i < E.data.length; i++) pert.Wh.data[i] += E.data[i];
  assert.ok(Math.abs(recoverEigModes(pert, task).offBlock - 1e-3) < 1e-12);
  // a symmetric (non-rotation) perturbation inside a pair block is detected too
  const S = eye(N).data.fill(0);
  S[0] = 2e-3; // W̄_11 − W̄_22 = 2e-3
  const pert2 = { ...w, Wh: { rows: N, cols: N, data: Float64Array.from(w.Wh.data) } };
  const E2 = conjugate(task.Q, { rows: N, cols: N, data: S });
  for (let i = 0; i < E2.data.length; i++) pert2.Wh.data[i] += E2.data[i];
  assert.ok(Math.abs(recoverEigModes(pert2, task).offBlock - 2e-3) < 1e-12);
});

test('eigTask: clear errors for too many modes, wrong lengths, too few samples', () => {
  assert.throws(() => eigTask(modes, 4, T, 100, makeRng('x')), /need 5 dimensions/);
  assert.throws(() => eigTask([{ re: [1, 2], im: [0, 0] }], 3, T, 100, makeRng('x')), /expected T = 4/);
  assert.throws(() => eigTask(modes, N, T, N * T, makeRng('x')), /P ≥/);
});
