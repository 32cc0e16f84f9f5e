import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeRng } from '../src/core/rng.js';
import { type Mat, fromRows, maxAbs, maxAbsDiff, zeros } from '../src/core/linalg.js';
import { outputAt, gradBPTT, type Weights } from '../src/core/lrnn.js';
import { unalignedInit } from '../src/core/align.js';
import { ntk, ntkExplicit, ntkJacobian, kernelDistance, ntkCost } from '../src/core/ntk.js';

function randomNet(seed: string, Nx: number, Nh: number, Ny: number, T: number, P: number, sigma = 0.9) {
  const rng = makeRng(seed);
  const w = unalignedInit({ Nx, Nh, Ny }, sigma, rng);
  // plain Gaussian inputs (not whitened: the NTK formulas must not rely on whitening)
  const X: Mat[] = Array.from({ length: T }, () => ({ rows: Nx, cols: P, data: rng.normals(Nx * P) }));
  return { w, X, rng };
}

const rel = (A: Mat, B: Mat) => maxAbsDiff(A, B) / maxAbs(B);

test('structured NTK (input and hidden forms) equals J Jᵀ of the explicit Jacobian to 1e-10 relative', () => {
  const cases: Array<[number, number, number, number, number]> = [
    // Nx, Nh, Ny, T, P
    [3, 5, 2, 1, 7],
    [2, 4, 3, 2, 5],
    [3, 6, 2, 5, 6],
    [4, 4, 4, 6, 9],
    [1, 7, 1, 8, 4],
    [5, 3, 2, 4, 3],
  ];
  for (const [Nx, Nh, Ny, T, P] of cases) {
    const { w, X } = randomNet(`ntk-${Nx}-${Nh}-${Ny}-${T}`, Nx, Nh, Ny, T, P);
    const Kex = ntkExplicit(w, X);
    assert.equal(Kex.rows, P * Ny);
    for (const method of ['input', 'hidden'] as const) {
      const K = ntk(w, X, T, method);
      const e = rel(K, Kex);
      assert.ok(e < 1e-10, `${method} Nx=${Nx} Nh=${Nh} Ny=${Ny} T=${T} P=${P}: relative error ${e}`);
    }
  }
});

test('explicit Jacobian matches central finite differences of the network output', () => {
  const Nx = 2,
    Nh = 3,
    Ny = 2,
    T = 4,
    P = 3;
  const { w, X } = randomNet('fd', Nx, Nh, Ny, T, P);
  const J = ntkJacobian(w, X);
  const eps = 1e-6;
  const mats: Array<keyof Weights> = ['Wx', 'Wh', 'Wy'];
  let col = 0;
  let worst = 0;
  for (const name of mats) {
    const M = w[name];
    for (let q = 0; q < M.data.length; q++, col++) {
      const v = M.data[q];
      M.data[q] = v + eps;
      const Yp = outputAt(w, X, T);
      M.data[q] = v - eps;
      const Ym = outputAt(w, X, T);
      M.data[q] = v;
      for (let p = 0; p < P; p++) {
        for (let a = 0; a < Ny; a++) {
          const fd = (Yp.data[a * P + p] - Ym.data[a * P + p]) / (2 * eps);
          worst = Math.max(worst, Math.abs(fd - J.data[(p * Ny + a) * J.cols + col]));
        }
      }
    }
  }
  assert.equal(col, J.cols);
  assert.ok(worst < 1e-8, `max |FD − J| = ${worst}`);
});

test('the NTK predicts the output change of one small gradient step: Δŷ = −lr·K (ŷ − y) + O(lr²)', () => {
  const Nx = 3,
    Nh = 5,
    Ny = 2,
    T = 4,
    P = 6;
  const { w, X, rng } = randomNet('step', Nx, Nh, Ny, T, P, 0.7);
  const Y: Mat = { rows: Ny, cols: P, data: rng.normals(Ny * P) };
  const K = ntk(w, X);
  const Y0 = outputAt(w, X);
  const g = gradBPTT(w, { T, P, Nx, Ny, X, Y });
  // residual e_o = ŷ_{p,a} − y_{p,a}, o = p·N_y + a
  const e = new Float64Array(P * Ny);
  for (let p = 0; p < P; p++) for (let a = 0; a < Ny; a++) e[p * Ny + a] = Y0.data[a * P + p] - Y.data[a * P + p];
  const pred = new Float64Array(P * Ny);
  for (let o = 0; o < P * Ny; o++) {
    let s = 0;
    for (let o2 = 0; o2 < P * Ny; o2++) s += K.data[o * P * Ny + o2] * e[o2];
    pred[o] = -s;
  }
  const errs: number[] = [];
  for (const lr of [1e-5, 5e-6]) {
    const w1: Weights = {
      Wx: { ...w.Wx, data: w.Wx.data.map((v, q) => v - lr * g.gWx.data[q]) },
      Wh: { ...w.Wh, data: w.Wh.data.map((v, q) => v - lr * g.gWh.data[q]) },
      Wy: { ...w.Wy, data: w.Wy.data.map((v, q) => v - lr * g.gWy.data[q]) },
    };
    const Y1 = outputAt(w1, X);
    let num = 0,
      den = 0;
    for (let p = 0; p < P; p++) {
      for (let a = 0; a < Ny; a++) {
        const d = (Y1.data[a * P + p] - Y0.data[a * P + p]) / lr;
        num = Math.max(num, Math.abs(d - pred[p * Ny + a]));
        den = Math.max(den, Math.abs(pred[p * Ny + a]));
      }
    }
    errs.push(num / den);
  }
  assert.ok(errs[0] < 1e-2, `relative error ${errs[0]} at lr = 1e-5`);
  // first-order agreement: the error halves with the step
  assert.ok(Math.abs(errs[0] / errs[1] - 2) < 0.1, `error ratio ${errs[0] / errs[1]} (expected ≈ 2)`);
});

test('NTK of a feedforward step (T = 1) is W_yW_yᵀ ⊗ XᵀX + I ⊗ (W_xX)ᵀ(W_xX), by hand', () => {
  const w: Weights = {
    Wx: fromRows([
      [1, 2],
      [0, -1],
    ]),
    Wh: fromRows([
      [5, 7],
      [-3, 2],
    ]), // irrelevant at T = 1
    Wy: fromRows([[2, 1]]),
  };
  const X = [
    fromRows([
      [1, 0],
      [0, 1],
    ]),
  ]; // two samples e_1, e_2
  // h_p = W_x x_p: h_1 = (1, 0), h_2 = (2, −1); W_y W_yᵀ = 5
  // K_pq = 5 x_p·x_q + h_p·h_q
  const want = fromRows([
    [5 + 1, 0 + 2],
    [0 + 2, 5 + 5],
  ]);
  for (const method of ['input', 'hidden'] as const) assert.ok(maxAbsDiff(ntk(w, X, 1, method), want) < 1e-14, method);
});

test('kernel distance (eq. 135): scale invariant, symmetric, 0 for equal, 1 for orthogonal, by hand', () => {
  const A = fromRows([
    [2, 1],
    [1, 3],
  ]);
  const B = fromRows([
    [1, 0],
    [0, -1],
  ]);
  assert.ok(kernelDistance(A, { ...A, data: A.data.map((v) => 3.5 * v) }) < 1e-15);
  assert.ok(kernelDistance(A, A) < 1e-15);
  // ⟨A,B⟩ = 2 − 3 = −1; ‖A‖ = √15, ‖B‖ = √2
  assert.ok(Math.abs(kernelDistance(A, B) - (1 + 1 / Math.sqrt(30))) < 1e-15);
  assert.equal(kernelDistance(A, B), kernelDistance(B, A));
  assert.equal(
    kernelDistance(
      fromRows([
        [1, 0],
        [0, 0],
      ]),
      fromRows([
        [0, 0],
        [0, 1],
      ]),
    ),
    1,
  );
  assert.ok(Number.isNaN(kernelDistance(A, zeros(2, 2))));
});

test('auto picks the input form for wide networks with few inputs, the hidden form for wide inputs', () => {
  const wide = ntkCost({ Nx: 4, Nh: 300, Ny: 4 }, 10, 64);
  assert.ok(wide.input < wide.hidden);
  const manyInputs = ntkCost({ Nx: 200, Nh: 10, Ny: 4 }, 10, 8);
  assert.ok(manyInputs.hidden < manyInputs.input);
});

test('train stopLoss: stops at the first step with loss ≤ stopLoss, with the weights of a run of exactly that many steps', async () => {
  const { train } = await import('../src/core/train.js');
  const { svdTask } = await import('../src/core/data.js');
  const rng = makeRng('stop');
  const T = 3,
    N = 3;
  const task = svdTask(new Float64Array(2 * T).fill(1), 2, T, N, N, 16, rng);
  const w0 = unalignedInit({ Nx: N, Nh: 4, Ny: N }, 0.5, rng);
  const full = train(w0, task.data, { eta: 0.5, steps: 4000, recordEvery: 1 });
  const stopLoss = 1e-3 * full.records[0].loss;
  const k = full.records.findIndex((r) => r.loss <= stopLoss);
  assert.ok(k > 10 && k < 4000, `reaches the threshold at step ${k}`);
  const early = train(w0, task.data, { eta: 0.5, steps: 4000, stopLoss, recordEvery: 100 });
  assert.equal(early.stoppedAt, k);
  assert.equal(early.diverged, null);
  assert.equal(early.records[early.records.length - 1].step, k);
  const exact = train(w0, task.data, { eta: 0.5, steps: k });
  for (const W of ['Wx', 'Wh', 'Wy'] as const) assert.deepEqual(early.w[W].data, exact.w[W].data, W);
  assert.equal(early.finalLoss, exact.finalLoss);
  assert.equal(train(w0, task.data, { eta: 0.5, steps: 50 }).stoppedAt, undefined);
});
