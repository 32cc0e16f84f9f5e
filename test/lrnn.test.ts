import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeRng, type Rng } from '../src/core/rng.js';
import { type Mat, eye, matmul, maxAbs, maxAbsDiff, randomOrthogonal } from '../src/core/linalg.js';
import { type Dataset, correlations, svdTask } from '../src/core/data.js';
import { type Weights, type Grads, forward, outputAt, loss, lossCorr, gradBPTT, gradCorr, cloneWeights } from '../src/core/lrnn.js';
import { alignedInit } from '../src/core/align.js';

const randMat = (rng: Rng, r: number, c: number, sd = 1): Mat => ({ rows: r, cols: c, data: rng.normals(r * c, sd) });

/** Random non-whitened data: inputs with a mean and correlations across time, unrelated targets. */
function randomData(rng: Rng, Nx: number, Ny: number, T: number, P: number): Dataset {
  const X: Mat[] = [];
  let prev = randMat(rng, Nx, P);
  for (let t = 0; t < T; t++) {
    const x = randMat(rng, Nx, P);
    for (let i = 0; i < x.data.length; i++) x.data[i] += 0.6 * prev.data[i] + 0.3;
    X.push(x);
    prev = x;
  }
  return { T, P, Nx, Ny, X, Y: randMat(rng, Ny, P) };
}

function randomWeights(rng: Rng, Nx: number, Nh: number, Ny: number, scale = 0.5): Weights {
  return {
    Wx: randMat(rng, Nh, Nx, scale),
    Wh: randMat(rng, Nh, Nh, scale / Math.sqrt(Nh)),
    Wy: randMat(rng, Ny, Nh, scale),
  };
}

const NAMES = [
  ['gWx', 'Wx'],
  ['gWh', 'Wh'],
  ['gWy', 'Wy'],
] as const;

function relErr(a: Mat, b: Mat): number {
  return maxAbsDiff(a, b) / Math.max(maxAbs(b), 1e-300);
}

test('forward follows eq. 1–3: h_{t+1} = Σ_i W_h^{t−i} W_x x_i and ŷ_T = W_y h_{T+1}', () => {
  const rng = makeRng('fwd');
  const d = randomData(rng, 2, 3, 4, 5);
  const w = randomWeights(rng, 2, 3, 3);
  const { H, Yhat } = forward(w, d.X);
  assert.equal(H.length, d.T + 1);
  assert.equal(maxAbs(H[0]), 0, 'h_1 = 0');
  for (let t = 1; t <= d.T; t++) {
    // eq. 3 with explicit powers
    const h: Mat = { rows: 3, cols: d.P, data: new Float64Array(3 * d.P) };
    for (let i = 1; i <= t; i++) {
      let Wp = eye(3);
      for (let k = 0; k < t - i; k++) Wp = matmul(Wp, w.Wh);
      const term = matmul(matmul(Wp, w.Wx), d.X[i - 1]);
      for (let q = 0; q < h.data.length; q++) h.data[q] += term.data[q];
    }
    assert.ok(maxAbsDiff(H[t], h) < 1e-12, `h_${t + 1}`);
  }
  assert.ok(maxAbsDiff(Yhat, matmul(w.Wy, H[d.T])) < 1e-12);
  assert.ok(maxAbsDiff(outputAt(w, d.X), Yhat) < 1e-12);
  // a shorter trajectory is the output of the truncated input
  assert.ok(maxAbsDiff(outputAt(w, d.X, 2), forward(w, d.X.slice(0, 2)).Yhat) < 1e-12);
  assert.throws(() => outputAt(w, d.X, 5), /T = 5/);
  let L = 0;
  for (let q = 0; q < Yhat.data.length; q++) L += 0.5 * (d.Y.data[q] - Yhat.data[q]) ** 2;
  assert.ok(Math.abs(loss(w, d) - L) < 1e-12 * L);
});

test('gradBPTT matches central finite differences of eq. 4 (relative 1e-6)', () => {
  const rng = makeRng('fd');
  const Nx = 3,
    Nh = 4,
    Ny = 2,
    T = 4,
    P = 7;
  const d = randomData(rng, Nx, Ny, T, P);
  const w = randomWeights(rng, Nx, Nh, Ny, 0.7);
  const g = gradBPTT(w, d);
  assert.ok(Math.abs(g.loss - loss(w, d)) < 1e-12 * g.loss);
  const h = 1e-5;
  for (const [gName, wName] of NAMES) {
    const fd: Mat = { rows: w[wName].rows, cols: w[wName].cols, data: new Float64Array(w[wName].data.length) };
    for (let q = 0; q < fd.data.length; q++) {
      const wp = cloneWeights(w),
        wm = cloneWeights(w);
      wp[wName].data[q] += h;
      wm[wName].data[q] -= h;
      fd.data[q] = (loss(wp, d) - loss(wm, d)) / (2 * h);
    }
    const e = relErr(g[gName], fd);
    assert.ok(e < 1e-6, `${gName}: relative error ${e}`);
  }
});

test('gradCorr equals gradBPTT to 1e-12 on non-whitened data (both ∂L/∂W_h groupings, T = 1, 2, 5)', () => {
  const cases: [number, number, number, number][] = [
    [3, 5, 2, 5], // Ny < Nx: grouped by output dimension
    [2, 6, 3, 5], // Nx < Ny: grouped by input dimension
    [4, 7, 4, 5],
    [1, 5, 1, 6],
    [3, 4, 2, 1],
    [2, 3, 3, 2],
    [2, 1, 3, 4], // Nh = 1
  ];
  for (const [Nx, Nh, Ny, T] of cases) {
    const rng = makeRng(`corr-${Nx}-${Nh}-${Ny}-${T}`);
    const d = randomData(rng, Nx, Ny, T, 9);
    const w = randomWeights(rng, Nx, Nh, Ny, 0.8);
    const gb: Grads = gradBPTT(w, d);
    const gc: Grads = gradCorr(w, correlations(d));
    for (const [gName] of NAMES) {
      const e = relErr(gc[gName], gb[gName]);
      assert.ok(e < 1e-12, `${gName} (Nx=${Nx}, Nh=${Nh}, Ny=${Ny}, T=${T}): relative error ${e}`);
    }
    assert.ok(Math.abs(gc.loss - gb.loss) < 1e-12 * gb.loss, `loss ${gc.loss} vs ${gb.loss}`);
    assert.ok(Math.abs(lossCorr(w, correlations(d)) - gb.loss) < 1e-12 * gb.loss);
    if (T === 1) assert.equal(maxAbs(gc.gWh), 0, 'T = 1: W_h receives no gradient');
  }
});

test('the correlation loss stays accurate near zero (sum-of-squares form, never negative)', () => {
  // inverse-exponential dynamics s_t = δ λ^{T−t}: zero loss at a·c = δ, b = λ (App. F.3)
  const T = 6,
    N = 3,
    P = 3 * T + 5,
    delta = 1.3,
    lambda = 0.8;
  const s = new Float64Array(T);
  for (let t = 1; t <= T; t++) s[t - 1] = delta * lambda ** (T - t);
  const rng = makeRng('zero-loss');
  const task = svdTask(s, 1, T, N, N, P, rng);
  const frame = { Uy: task.Uy, Vx: task.Vx, R: randomOrthogonal(N, rng) };
  const c = correlations(task.data);
  for (const eps of [0, 1e-9, 1e-6]) {
    const w = alignedInit(Float64Array.of(Math.sqrt(delta) + eps), Float64Array.of(lambda), Float64Array.of(Math.sqrt(delta)), frame, {
      Nx: N,
      Nh: N,
      Ny: N,
    });
    const exact = loss(w, task.data); // per sample
    const fromCorr = gradCorr(w, c).loss;
    assert.ok(fromCorr >= 0);
    assert.ok(Math.abs(fromCorr - exact) <= 1e-6 * exact + 1e-28, `eps=${eps}: ${fromCorr} vs ${exact}`);
  }
});

test('gradCorr accepts theoretical correlations without samples (whitened identity blocks)', () => {
  const rng = makeRng('theory');
  const Nx = 2,
    Nh = 3,
    Ny = 2,
    T = 3;
  const Syx = Array.from({ length: T }, () => randMat(rng, Ny, Nx));
  const Sxx = Array.from({ length: T * T }, (_, k) =>
    Math.floor(k / T) === k % T ? eye(Nx) : { rows: Nx, cols: Nx, data: new Float64Array(Nx * Nx) },
  );
  const c = { T, P: 10, Nx, Ny, Syx, Sxx, yy: 50 };
  const w = randomWeights(rng, Nx, Nh, Ny);
  const g = gradCorr(w, c);
  // eq. 25 with whitened input: ∂L/∂W_y = −Σ_i (Σ^{YX_i} − W_y W_h^{T−i} W_x) W_xᵀ W_h^{(T−i)ᵀ}
  let want: Mat = { rows: Ny, cols: Nh, data: new Float64Array(Ny * Nh) };
  for (let i = 1; i <= T; i++) {
    let Wp = eye(Nh);
    for (let k = 0; k < T - i; k++) Wp = matmul(Wp, w.Wh);
    const M = matmul(Wp, w.Wx);
    const err = Syx[i - 1].data.map((v, q) => v - matmul(w.Wy, M).data[q]);
    const term = matmul({ rows: Ny, cols: Nx, data: err }, { rows: Nx, cols: Nh, data: transposeData(M) });
    want = { rows: Ny, cols: Nh, data: want.data.map((v, q) => v - term.data[q]) };
  }
  assert.ok(relErr(g.gWy, want) < 1e-12);
  assert.ok(Number.isFinite(g.loss) && g.loss >= 0);
});

function transposeData(M: Mat): Float64Array {
  const out = new Float64Array(M.data.length);
  for (let i = 0; i < M.rows; i++) for (let j = 0; j < M.cols; j++) out[j * M.rows + i] = M.data[i * M.cols + j];
  return out;
}
