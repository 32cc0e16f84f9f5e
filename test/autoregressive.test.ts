/**
 * The autoregressive T-output LRNN of App. M: network, gradients, data, reduced theory, energy and NTK,
 * each checked against an independent computation.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeRng, type Rng } from '../src/core/rng.js';
import { type Mat, eye, matmul, matmulTB, maxAbs, maxAbsDiff, randomOrthogonal } from '../src/core/linalg.js';
import type { Weights } from '../src/core/lrnn.js';
import { alignedInit } from '../src/core/align.js';
import { train } from '../src/core/train.js';
import { ntk } from '../src/core/ntk.js';
import { polyDerivative, seriesEval } from '../src/core/series.js';
import { taylorBField } from '../src/core/theory.js';
import { type ArDataset, arSvdTask, arTaskDynamics, arDynamicsFrom, lagSums, prefixDataset } from '../src/core/ardata.js';
import { arForward, arLoss, arGrad, arTrainData } from '../src/core/arlrnn.js';
import {
  arModeRates,
  arSimulateModes,
  arEnergy,
  arEnergyTerms,
  arRegSumDirect,
  arRegSumClosed,
  arExactU,
  arIntegrateU,
  arBRatePoly,
  arEnergyBDerivative,
  arIntegrateB,
  arMinimiseProfile,
  arTheory,
} from '../src/core/armodes.js';
import { arNtk, arNtkExplicit } from '../src/core/arntk.js';
import { trainArAligned } from '../src/core/araligned.js';

const randMat = (rng: Rng, r: number, c: number, sd = 1): Mat => ({ rows: r, cols: c, data: rng.normals(r * c, sd) });

/** Random non-whitened inputs (mean, temporal correlation) and unrelated targets at every step. */
function randomArData(rng: Rng, Nx: number, Ny: number, T: number, P: number): ArDataset {
  const X: Mat[] = [];
  let prev = randMat(rng, Nx, P);
  for (let t = 0; t < T; t++) {
    const x = randMat(rng, Nx, P);
    for (let i = 0; i < x.data.length; i++) x.data[i] += 0.5 * prev.data[i] + 0.2;
    X.push(x);
    prev = x;
  }
  return { T, P, Nx, Ny, X, Y: Array.from({ length: T }, () => randMat(rng, Ny, P)) };
}

function randomWeights(rng: Rng, Nx: number, Nh: number, Ny: number, scale = 0.5): Weights {
  return { Wx: randMat(rng, Nh, Nx, scale), Wh: randMat(rng, Nh, Nh, scale / Math.sqrt(Nh)), Wy: randMat(rng, Ny, Nh, scale) };
}

const relErr = (a: Mat, b: Mat) => maxAbsDiff(a, b) / Math.max(maxAbs(b), 1e-300);

test('forward: ŷ_t = W_y Σ_{i≤t} W_h^{t−i} W_x x_i at every t, and the loss is eq. 144', () => {
  const rng = makeRng('ar-fwd');
  const d = randomArData(rng, 2, 3, 4, 5);
  const w = randomWeights(rng, 2, 3, 3);
  const { Yhat } = arForward(w, d.X);
  let L = 0;
  for (let t = 1; t <= d.T; t++) {
    const y: Mat = { rows: 3, cols: d.P, data: new Float64Array(3 * d.P) };
    for (let i = 1; i <= t; i++) {
      let Wp = eye(3);
      for (let k = 0; k < t - i; k++) Wp = matmul(Wp, w.Wh);
      const term = matmul(matmul(matmul(w.Wy, Wp), w.Wx), d.X[i - 1]);
      for (let q = 0; q < y.data.length; q++) y.data[q] += term.data[q];
    }
    assert.ok(maxAbsDiff(Yhat[t - 1], y) < 1e-12, `ŷ_${t}`);
    for (let q = 0; q < y.data.length; q++) L += 0.5 * (d.Y[t - 1].data[q] - y.data[q]) ** 2;
  }
  assert.ok(Math.abs(arLoss(w, d) - L) < 1e-11 * L);
});

test('BPTT gradient of eq. 144 matches central finite differences', () => {
  const rng = makeRng('ar-fd');
  const d = randomArData(rng, 2, 2, 4, 6);
  const w = randomWeights(rng, 2, 3, 2, 0.7);
  const g = arGrad(w, d, 'bptt');
  const h = 1e-6;
  for (const [gk, wk] of [
    ['gWx', 'Wx'],
    ['gWh', 'Wh'],
    ['gWy', 'Wy'],
  ] as const) {
    const W = w[wk];
    for (let q = 0; q < W.data.length; q++) {
      const v = W.data[q];
      W.data[q] = v + h;
      const Lp = arLoss(w, d);
      W.data[q] = v - h;
      const Lm = arLoss(w, d);
      W.data[q] = v;
      const fd = (Lp - Lm) / (2 * h);
      const an = g[gk].data[q];
      assert.ok(Math.abs(fd - an) <= 1e-6 * Math.max(1, Math.abs(an)), `${gk}[${q}]: finite difference ${fd}, BPTT ${an}`);
    }
  }
});

test('BPTT and correlation-space (Σ^{Y_t X_i}) gradients agree, and so do their losses', () => {
  const rng = makeRng('ar-corr');
  for (const [Nx, Nh, Ny, T] of [
    [2, 3, 2, 5],
    [3, 4, 2, 3],
    [2, 3, 4, 4],
    [2, 2, 2, 1],
  ]) {
    const d = randomArData(rng, Nx, Ny, T, 7);
    const w = randomWeights(rng, Nx, Nh, Ny);
    const gb = arGrad(w, d, 'bptt');
    const gc = arGrad(w, d, 'corr');
    for (const k of ['gWx', 'gWh', 'gWy'] as const)
      assert.ok(relErr(gc[k], gb[k]) < 1e-10, `${k} (Nx=${Nx}, Nh=${Nh}, Ny=${Ny}, T=${T}): ${relErr(gc[k], gb[k])}`);
    assert.ok(Math.abs(gc.loss - gb.loss) < 1e-10 * gb.loss, `loss ${gc.loss} vs ${gb.loss}`);
  }
});

test('data: on whitened inputs Σ^{Y_t X_i} = U_y S_{t,i} V_xᵀ for i ≤ t and 0 for i > t', () => {
  const rng = makeRng('ar-data');
  const T = 3,
    N = 3,
    P = 12;
  const s1 = arDynamicsFrom(T, (t, i) => 1 + t + 0.1 * i);
  const s2 = arTaskDynamics('invexp', 0.7, 0.5, T);
  const s = new Float64Array(2 * T * T);
  s.set(s1, 0);
  s.set(s2, T * T);
  const task = arSvdTask(s, 2, T, N, N, P, rng);
  for (let t = 1; t <= T; t++) {
    for (let i = 1; i <= T; i++) {
      const Syx = matmulTB(task.data.Y[t - 1], task.data.X[i - 1]);
      // U_yᵀ Σ V_x should be diag(s_{·,t,i}) (0 for i > t)
      const M = matmul(matmul(transpose(task.Uy), Syx), task.Vx);
      for (let a = 0; a < N; a++) {
        for (let b = 0; b < N; b++) {
          const want = a === b && a < 2 && i <= t ? s[a * T * T + (t - 1) * T + i - 1] : 0;
          assert.ok(Math.abs(M.data[a * N + b] - want) < 1e-10, `Σ^{Y_${t} X_${i}} entry (${a},${b}): ${M.data[a * N + b]} vs ${want}`);
        }
      }
    }
  }
  // the prefix of output t is a single-output dataset with target y_t
  const pd = prefixDataset(task.data, 2);
  assert.equal(pd.T, 2);
  assert.equal(pd.Y, task.data.Y[1]);
});

function transpose(A: Mat): Mat {
  const out: Mat = { rows: A.cols, cols: A.rows, data: new Float64Array(A.data.length) };
  for (let i = 0; i < A.rows; i++) for (let j = 0; j < A.cols; j++) out.data[j * A.rows + i] = A.data[i * A.cols + j];
  return out;
}

test('reduced rates equal eq. 152, 153 (triple sum over r) and 155 summed literally, and −τ∂E/∂θ of eq. 156', () => {
  const T = 5;
  const s = arDynamicsFrom(T, (t, i) => Math.sin(t + 2 * i) + 0.3 * t);
  const a = 0.7,
    b = 0.6,
    c = -0.4;
  const r = arModeRates({ a: Float64Array.of(a), b: Float64Array.of(b), c: Float64Array.of(c) }, s, T);
  let da = 0,
    db = 0,
    dc = 0;
  for (let t = 1; t <= T; t++) {
    for (let i = 1; i <= t; i++) {
      const e = s[(t - 1) * T + i - 1] - c * b ** (t - i) * a;
      da += b ** (t - i) * c * e; // eq. 152
      dc += e * a * b ** (t - i); // eq. 155
      if (i <= t - 1) for (let rr = 0; rr <= t - i - 1; rr++) db += b ** rr * c * e * a * b ** (t - i - 1 - rr); // eq. 153
    }
  }
  assert.ok(Math.abs(r.da[0] - da) < 1e-12 && Math.abs(r.db[0] - db) < 1e-12 && Math.abs(r.dc[0] - dc) < 1e-12);
  // gradient descent on eq. 156 (τ = 1): τ dθ/dt_θ = −∂E/∂θ
  const h = 1e-6;
  const E = (aa: number, bb: number, cc: number) => arEnergy(aa * cc, bb, s, T);
  const fa = -(E(a + h, b, c) - E(a - h, b, c)) / (2 * h);
  const fb = -(E(a, b + h, c) - E(a, b - h, c)) / (2 * h);
  const fc = -(E(a, b, c + h) - E(a, b, c - h)) / (2 * h);
  assert.ok(Math.abs(fa - da) < 1e-7 && Math.abs(fb - db) < 1e-7 && Math.abs(fc - dc) < 1e-7, `${fa} ${fb} ${fc} vs ${da} ${db} ${dc}`);
});

test('full aligned T-output network (shared trainer) follows the reduced dynamics eq. 152–155 step for step', () => {
  const T = 4,
    N = 2,
    P = 12,
    eta = 1;
  const s = new Float64Array(2 * T * T);
  s.set(arTaskDynamics('invexp', 1.2, 0.7, T), 0);
  s.set(arTaskDynamics('exp', 0.8, 0.9, T), T * T);
  const steps = 400;
  for (const gradient of ['corr', 'bptt'] as const) {
    const run = trainArAligned({
      s: Array.from(s),
      D: 2,
      T,
      N,
      P,
      a0: [0.3, 0.2],
      b0: [0.2, -0.1],
      c0: [0.25, 0.3],
      eta,
      steps,
      recordEvery: 100,
      seed: 'ar-aligned',
      gradient,
    });
    const sim = arSimulateModes({ a: Float64Array.of(0.3, 0.2), b: Float64Array.of(0.2, -0.1), c: Float64Array.of(0.25, 0.3) }, s, T, {
      tau: run.tau,
      steps,
      recordEvery: 100,
    });
    assert.equal(run.t.length, sim.records.length);
    let gap = 0;
    run.t.forEach((_, k) => {
      for (let al = 0; al < 2; al++) {
        gap = Math.max(
          gap,
          Math.abs(run.a[k][al] - sim.records[k].a[al]),
          Math.abs(run.b[k][al] - sim.records[k].b[al]),
          Math.abs(run.c[k][al] - sim.records[k].c[al]),
        );
      }
    });
    assert.ok(gap < 1e-10, `${gradient}: largest network-vs-modes gap ${gap}`);
    assert.ok(run.offDiagonal < 1e-10, `stays aligned (${run.offDiagonal})`);
    // the loss of eq. 144 is the energy of eq. 156 at τ = 1 (whitened inputs)
    const last = run.t.length - 1;
    const Emodes = [0, 1].reduce(
      (acc, al) => acc + arEnergy(run.a[last][al] * run.c[last][al], run.b[last][al], s.subarray(al * T * T, (al + 1) * T * T), T),
      0,
    );
    assert.ok(Math.abs(run.loss[last] - Emodes) < 1e-9 * Math.max(1, Emodes), `loss ${run.loss[last]} vs energy ${Emodes}`);
  }
});

test('the shared trainer runs the T-output engines: BPTT and correlations give the same trajectory', () => {
  const rng = makeRng('ar-train');
  const d = randomArData(rng, 2, 2, 3, 8);
  const w0 = randomWeights(rng, 2, 3, 2, 0.4);
  const a = train(w0, arTrainData(d, 3, 'bptt'), { eta: 0.5, steps: 50 });
  const b = train(w0, arTrainData(d, 3, 'corr'), { eta: 0.5, steps: 50 });
  for (const k of ['Wx', 'Wh', 'Wy'] as const) assert.ok(relErr(a.w[k], b.w[k]) < 1e-10);
  assert.ok(b.finalLoss < arLoss(w0, d), 'the loss decreases');
  assert.ok(Math.abs(b.finalLoss - arLoss(b.w, d)) < 1e-10 * b.finalLoss);
});

test('eq. 157: the exact u(t) solves τ du/dt_θ = 2u(A − Bu) (RK4) with the T-output sums', () => {
  const T = 4;
  for (const [kind, delta, lambda, b, u0] of [
    ['invexp', 1.5, 0.6, 0.6, 0.01],
    ['exp', 1, 1.1, 0.8, 0.2],
    ['constant', 0.5, 1, 0.3, 1.5],
  ] as const) {
    const s = arTaskDynamics(kind, delta, lambda, T);
    for (const t of [0.1, 0.5, 2]) {
      const exact = arExactU(t, u0, b, s, T);
      const num = arIntegrateU(u0, b, s, T, t, 1e-4);
      assert.ok(Math.abs(exact - num) < 1e-9 * Math.max(1, Math.abs(num)), `${kind} t=${t}: ${exact} vs ${num}`);
    }
  }
});

test('eq. 158 (literal) equals the derivatives of the T-output field G(b), and the Taylor engine tracks RK4', () => {
  const T = 5;
  const s = arDynamicsFrom(T, (t, i) => 0.9 ** (t - i) + 0.1 * i);
  const u = 1.3,
    b = 0.4;
  let G = arBRatePoly(u, s, T);
  // G itself is τ db/dt_θ of eq. 154
  const rate = arModeRates({ a: Float64Array.of(1), b: Float64Array.of(b), c: Float64Array.of(u) }, s, T).db[0];
  assert.ok(Math.abs(seriesEval(G, b) - rate) < 1e-12);
  for (let n = 1; n <= 6; n++) {
    const lit = arEnergyBDerivative(n, b, u, s, T);
    const poly = seriesEval(G, b);
    assert.ok(Math.abs(lit - poly) < 1e-9 * Math.max(1, Math.abs(poly)), `n = ${n}: eq. 158 ${lit} vs G^{(n−1)} ${poly}`);
    G = polyDerivative(G);
  }
  const field = arBRatePoly(u, s, T);
  const tEnd = 0.5;
  const taylor = taylorBField(field, 0.1, { order: 5, window: 0.01, tEnd }).b.at(-1)!;
  const ref = arIntegrateB(0.1, u, s, T, tEnd, 1e-4);
  assert.ok(Math.abs(taylor - ref) < 1e-8, `Taylor ${taylor} vs RK4 ${ref}`);
});

test('eq. 159: the closed-form regulariser equals the direct sum over (t, i), and data + reg = eq. 156', () => {
  for (const T of [1, 2, 5, 10]) {
    for (const b of [-1.2, -1, -0.7, 0, 0.3, 0.99, 1, 1.1]) {
      const direct = arRegSumDirect(b, T);
      assert.ok(Math.abs(arRegSumClosed(b, T) - direct) < 1e-10 * direct, `T=${T} b=${b}`);
    }
  }
  const T = 6;
  const s = arTaskDynamics('exp', 1.2, 0.8, T);
  for (const [u, b] of [
    [0.5, 0.5],
    [-1, 1.05],
    [2, -0.3],
  ]) {
    const { total } = arEnergyTerms(u, b, s, T, 3);
    const E = arEnergy(u, b, s, T, 3);
    assert.ok(Math.abs(total - E) < 1e-10 * Math.max(1, E), `(u, b) = (${u}, ${b}): ${total} vs ${E}`);
  }
});

test('M.3: inverse-exponential dynamics have zero energy at b = λ, ac = δ; exponential ones have none at any (b, u) on a grid', () => {
  const T = 5;
  const s = arTaskDynamics('invexp', 1.3, 0.7, T);
  assert.ok(arEnergy(1.3, 0.7, s, T) < 1e-28);
  const se = arTaskDynamics('exp', 1, 0.8, T);
  let best = Infinity;
  for (let b = -2; b <= 2; b += 0.01) for (let u = -3; u <= 3; u += 0.01) best = Math.min(best, arEnergy(u, b, se, T));
  assert.ok(best > 1e-3, `min energy ${best}`);
  const { sigma, n } = lagSums(s, T);
  assert.deepEqual(Array.from(n), [5, 4, 3, 2, 1]);
  assert.ok(Math.abs(sigma[1] - 4 * 1.3 * 0.7) < 1e-12);
});

test('T-output NTK (structured) equals J Jᵀ of the explicit Jacobian; its block (T, T) is the single-output NTK', () => {
  const rng = makeRng('ar-ntk');
  for (const [Nx, Nh, Ny, T, P] of [
    [2, 3, 2, 4, 3],
    [3, 2, 1, 3, 4],
    [1, 4, 3, 1, 2],
    [2, 2, 2, 5, 2],
  ]) {
    const X = Array.from({ length: T }, () => randMat(rng, Nx, P));
    const w = randomWeights(rng, Nx, Nh, Ny, 0.8);
    const K = arNtk(w, X);
    const Ke = arNtkExplicit(w, X);
    assert.ok(relErr(K, Ke) < 1e-11, `(Nx=${Nx}, Nh=${Nh}, Ny=${Ny}, T=${T}): ${relErr(K, Ke)}`);
    const n = P * Ny,
      N = T * n;
    const Ks = ntk(w, X, T);
    let gap = 0;
    for (let r = 0; r < n; r++)
      for (let c = 0; c < n; c++) gap = Math.max(gap, Math.abs(K.data[((T - 1) * n + r) * N + (T - 1) * n + c] - Ks.data[r * n + c]));
    assert.ok(gap < 1e-11 * maxAbs(Ks), `block (T, T) vs single-output NTK: ${gap}`);
  }
  // aligned networks too (the case App. M assumes)
  const R = randomOrthogonal(3, rng),
    U = randomOrthogonal(3, rng),
    V = randomOrthogonal(3, rng);
  const w = alignedInit(
    Float64Array.of(0.5, 0.4),
    Float64Array.of(0.9, -0.3),
    Float64Array.of(0.6, 0.2),
    { Uy: U, Vx: V, R },
    { Nx: 3, Nh: 3, Ny: 3 },
  );
  const X = Array.from({ length: 4 }, () => randMat(rng, 3, 3));
  assert.ok(relErr(arNtk(w, X), arNtkExplicit(w, X)) < 1e-11);
});

test('arMinimiseProfile finds the global minimum of eq. 156 (vs a brute-force (b, u) grid) and reports the energy there', () => {
  const T = 5;
  for (const lambda of [0.7, 1.2, 1.4]) {
    const s = arTaskDynamics('exp', 1, lambda, T);
    const m = arMinimiseProfile(s, T, [-3, 3]);
    assert.ok(Math.abs(m.E - arEnergy(m.u, m.b, s, T)) < 1e-12, 'E is the energy at (u, b)');
    let best = Infinity;
    for (let b = -3; b <= 3; b += 0.005) for (let u = -1; u <= 6; u += 0.005) best = Math.min(best, arEnergy(u, b, s, T));
    assert.ok(m.E <= best + 1e-12, `λ = ${lambda}: profile minimum ${m.E} vs grid ${best}`);
    assert.ok(best - m.E < 1e-3, `λ = ${lambda}: the grid gets close (${best - m.E})`);
    assert.equal(m.atBound, false);
  }
});

test('arTheory: zero loss at b = λ, ac = δ for inverse-exp. and constant dynamics; for exp. the brute-force minimum of eq. 156', () => {
  const T = 5;
  for (const [kind, lambda] of [
    ['invexp', 0.8],
    ['constant', 1],
  ] as const) {
    const th = arTheory(kind, 1.3, lambda, T, 3);
    assert.deepEqual([th.b, th.ac, th.zeroLoss], [lambda, 1.3, true]);
    assert.ok(th.residual < 1e-28, `${kind}: ${th.residual}`);
  }
  const s = arTaskDynamics('exp', 1, 1.2, T);
  let zero = 0;
  for (const v of s) zero += v * v;
  // brute force over (u, b): E(u, b) is quadratic in u, so a golden-section search over u at every b of a grid
  const ternary = (f: (x: number) => number, lo: number, hi: number): number => {
    for (let it = 0; it < 120; it++) {
      const m1 = lo + (hi - lo) / 3,
        m2 = hi - (hi - lo) / 3;
      if (f(m1) < f(m2)) hi = m2;
      else lo = m1;
    }
    return 0.5 * (lo + hi);
  };
  const overU = (b: number) =>
    arEnergy(
      ternary((u) => arEnergy(u, b, s, T), -20, 20),
      b,
      s,
      T,
    );
  let kBest = 0;
  for (let k = 0; k <= 3000; k++) if (overU(-3 + (6 * k) / 3000) < overU(-3 + (6 * kBest) / 3000)) kBest = k;
  const bBest = -3 + (6 * kBest) / 3000;
  const best = overU(ternary(overU, bBest - 0.002, bBest + 0.002)); // the grid cell's neighbours, refined
  const th = arTheory('exp', 1, 1.2, T, 3);
  assert.equal(th.zeroLoss, false);
  assert.ok(th.residual * 0.5 * zero <= best + 1e-12, `theory ${th.residual * 0.5 * zero} above brute force ${best}`);
  assert.ok(Math.abs(th.residual * 0.5 * zero - best) < 1e-9 * best, `theory ${th.residual * 0.5 * zero} vs brute force ${best}`);
  assert.ok(th.residual > 1e-3, 'a loss remains');
});
