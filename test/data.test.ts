import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeRng } from '../src/core/rng.js';
import { type Mat, zeros, eye, matmulTB, matmul, matmulTA, maxAbsDiff, maxAbs, inverseSqrtSym } from '../src/core/linalg.js';
import {
  whitenedInputs,
  svdTask,
  svdTarget,
  randomSingularVectors,
  correlations,
  stackedSxx,
  stackedSyx,
  type Dataset,
} from '../src/core/data.js';

test('whitenedInputs: Σ_p x_{p,t} x_{p,t′}ᵀ = δ_{tt′} I to 1e-10, and zero mean', () => {
  for (const [Nx, T, P] of [
    [3, 4, 13],
    [2, 5, 40],
    [4, 10, 64],
  ]) {
    const X = whitenedInputs(Nx, T, P, makeRng(`w${Nx}${T}${P}`));
    assert.equal(X.length, T);
    for (let t = 0; t < T; t++) {
      assert.equal(X[t].rows, Nx);
      assert.equal(X[t].cols, P);
      for (let u = 0; u < T; u++) {
        const S = matmulTB(X[t], X[u]); // eq. 21: a sum over p
        const want = t === u ? eye(Nx) : zeros(Nx, Nx);
        assert.ok(maxAbsDiff(S, want) < 1e-10, `Σ^{X_${t + 1}X_${u + 1}} off by ${maxAbsDiff(S, want)} (Nx=${Nx}, T=${T}, P=${P})`);
      }
      for (let i = 0; i < Nx; i++) {
        let m = 0;
        for (let p = 0; p < P; p++) m += X[t].data[i * P + p];
        assert.ok(Math.abs(m) < 1e-10, 'centred');
      }
    }
  }
});

test('whitenedInputs needs P ≥ Nx·T + 1', () => {
  assert.throws(() => whitenedInputs(3, 4, 12, makeRng(1)), /P ≥ Nx·T \+ 1 = 13/);
});

test('svdTask: Σ^{YX_t} = U_y S_t V_xᵀ (eq. 203 with whitened inputs)', () => {
  const T = 4,
    Nx = 3,
    Ny = 5,
    P = 20;
  // two dimensions given (D = 2), padded to min(Nx, Ny) = 3
  const s = Float64Array.from([1, 0.5, -0.25, 2, 0.3, 0.2, 0.1, 0.05]);
  const task = svdTask(s, 2, T, Nx, Ny, P, makeRng('svd-task'));
  assert.equal(task.s.length, 3 * T);
  assert.deepEqual(Array.from(task.s.subarray(0, 2 * T)), Array.from(s));
  assert.deepEqual(Array.from(task.s.subarray(2 * T)), [0, 0, 0, 0]);
  assert.ok(maxAbsDiff(matmulTA(task.Uy, task.Uy), eye(Ny)) < 1e-12);
  assert.ok(maxAbsDiff(matmulTA(task.Vx, task.Vx), eye(Nx)) < 1e-12);
  const c = correlations(task.data);
  for (let t = 0; t < T; t++) {
    const St = zeros(Ny, Nx);
    for (let a = 0; a < 3; a++) St.data[a * Nx + a] = task.s[a * T + t];
    const want = matmulTB(matmul(task.Uy, St), task.Vx);
    assert.ok(maxAbsDiff(c.Syx[t], want) < 1e-12, `t=${t + 1}: ${maxAbsDiff(c.Syx[t], want)}`);
  }
  // perfectly linear targets: the least-squares residual is zero to round-off
  assert.ok(c.yPerp !== undefined && c.yPerp < 1e-24, `yPerp = ${c.yPerp}`);
  assert.throws(() => svdTask(s, 4, T, Nx, Ny, P, makeRng(1)), /min\(Nx, Ny\) = 3/);
});

test('svdTask is deterministic per seed (identical bytes)', () => {
  const s = Float64Array.from([1, 0.9, 0.8]);
  const a = svdTask(s, 1, 3, 2, 2, 8, makeRng('det'));
  const b = svdTask(s, 1, 3, 2, 2, 8, makeRng('det'));
  assert.deepEqual(Buffer.from(a.data.Y.data.buffer), Buffer.from(b.data.Y.data.buffer));
  a.data.X.forEach((x, t) => {
    assert.deepEqual(Buffer.from(x.data.buffer), Buffer.from(b.data.X[t].data.buffer));
  });
});

test('correlations of non-whitened data: definitions (eq. 19, 21), yy and the least-squares residual', () => {
  const rng = makeRng('corr');
  const T = 3,
    Nx = 2,
    Ny = 2,
    P = 11;
  const X: Mat[] = Array.from({ length: T }, () => ({ rows: Nx, cols: P, data: rng.normals(Nx * P) }));
  const Y: Mat = { rows: Ny, cols: P, data: rng.normals(Ny * P) };
  const d: Dataset = { T, P, Nx, Ny, X, Y };
  const c = correlations(d);
  for (let t = 0; t < T; t++) {
    for (let a = 0; a < Ny; a++) {
      for (let j = 0; j < Nx; j++) {
        let s = 0;
        for (let p = 0; p < P; p++) s += Y.data[a * P + p] * X[t].data[j * P + p];
        assert.ok(Math.abs(c.Syx[t].data[a * Nx + j] - s) < 1e-12);
      }
    }
    for (let u = 0; u < T; u++) assert.ok(maxAbsDiff(c.Sxx[t * T + u], matmulTB(X[t], X[u])) < 1e-12);
  }
  let yy = 0;
  for (const v of Y.data) yy += v * v;
  assert.ok(Math.abs(c.yy - yy) < 1e-12);
  // yPerp = yy − ||Σ^{YX} (Σ^{XX})^{-1/2}||²
  const W = inverseSqrtSym(stackedSxx(c));
  const C0 = matmul(stackedSyx(c), W);
  let c2 = 0;
  for (const v of C0.data) c2 += v * v;
  assert.ok(c.yPerp !== undefined);
  assert.ok(Math.abs(c.yPerp! - (yy - c2)) < 1e-10, `${c.yPerp} vs ${yy - c2}`);
  assert.ok(maxAbs(stackedSxx(c)) > 0);
});

test('correlations rejects inconsistent shapes', () => {
  const d: Dataset = { T: 2, P: 3, Nx: 1, Ny: 1, X: [zeros(1, 3)], Y: zeros(1, 3) };
  assert.throws(() => correlations(d), /T = 2 but X has 1/);
});

test('svdTarget is Σ_t U_y S_t V_xᵀ x_t (eq. 203), the target svdTask builds', () => {
  const rng = makeRng('svd-target');
  const Nx = 3,
    Ny = 4,
    T = 3,
    P = 13,
    D = 2;
  const X = whitenedInputs(Nx, T, P, rng);
  const { Uy, Vx } = randomSingularVectors(Nx, Ny, rng);
  const s = Float64Array.of(1.5, 0.7, 0.2, -0.4, 0, 2.1); // D×T
  const want = zeros(Ny, P);
  for (let t = 0; t < T; t++) {
    const S = zeros(Ny, Nx);
    for (let a = 0; a < D; a++) S.data[a * Nx + a] = s[a * T + t];
    const Y = matmul(matmul(matmul(Uy, S), { rows: Nx, cols: Nx, data: matmulTA(Vx, eye(Nx)).data }), X[t]);
    for (let i = 0; i < want.data.length; i++) want.data[i] += Y.data[i];
  }
  assert.ok(maxAbsDiff(svdTarget(Uy, Vx, s, D, T, X), want) < 1e-12);
  // the singular vectors are orthogonal and svdTask draws the same ones after the inputs
  assert.ok(maxAbsDiff(matmulTA(Uy, Uy), eye(Ny)) < 1e-12 && maxAbsDiff(matmulTA(Vx, Vx), eye(Nx)) < 1e-12);
  const r1 = makeRng('svd-target-task'),
    r2 = makeRng('svd-target-task');
  const task = svdTask(s, D, T, Nx, Ny, P, r1);
  const X2 = whitenedInputs(Nx, T, P, r2);
  const sv = randomSingularVectors(Nx, Ny, r2);
  assert.deepEqual(task.data.Y.data, svdTarget(sv.Uy, sv.Vx, task.s, Math.min(Nx, Ny), T, X2).data);
});
