/**
 * src/core/extrapolate.ts: the effective singular values c b^{T′−t} a, the error of the App. F.3 solutions at
 * other trajectory lengths against closed forms (App. F.1), and a full network run on fresh data of length
 * T′ against the prediction of its modes.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  modeOutput,
  extrapolationError,
  extrapolationCurve,
  networkExtrapolationCurve,
  networkExtrapolationError,
} from '../src/core/extrapolate.js';
import { alignedInit } from '../src/core/align.js';
import { globalSolution, taskDynamics } from '../src/core/tasks.js';
import { randomOrthogonal, svd } from '../src/core/linalg.js';
import { makeRng } from '../src/core/rng.js';

test('modeOutput is c·b^{T′−t}·a, t = 1..T′', () => {
  const out = modeOutput(0.7, -1.3, 1.1, 6);
  for (let t = 1; t <= 6; t++) assert.ok(Math.abs(out[t - 1] - 1.1 * (-1.3) ** (6 - t) * 0.7) < 1e-14);
  assert.throws(() => modeOutput(1, 1, 1, 0), /T′/);
});

test('F.3 solutions at T′: constant and inverse-exponential are exact at every T′; exponential errs by (1 − λ^{T−T′})² (App. F.1)', () => {
  const T = 5;
  const lengths = Array.from({ length: 12 }, (_, i) => i + 1);
  for (const [kind, delta, lambda] of [
    ['constant', 1.7, 1],
    ['invexp', 0.9, 0.7],
    ['invexp', 1.2, 1.3],
  ] as const) {
    const g = globalSolution(kind, delta, lambda, T);
    const a = Math.sqrt(g.ac);
    for (const q of extrapolationCurve({ a, b: g.b, c: a }, kind, delta, lambda, lengths)) {
      assert.ok(q.relError < 1e-24, `${kind} λ=${lambda} at T′=${q.Tp}: ${q.relError}`);
    }
  }
  for (const [delta, lambda] of [
    [1, 1.2],
    [0.6, 0.8],
  ]) {
    const g = globalSolution('exp', delta, lambda, T);
    const a = Math.sqrt(g.ac);
    for (const q of extrapolationCurve({ a, b: g.b, c: a }, 'exp', delta, lambda, lengths)) {
      let sum = 0;
      for (let t = 1; t <= q.Tp; t++) sum += lambda ** (2 * t);
      const closed = delta * delta * (1 - lambda ** (T - q.Tp)) ** 2 * sum; // Σ_t (δλ^t − δλ^T λ^{t−T′})²
      assert.ok(Math.abs(q.error - closed) < 1e-12 * (1 + closed), `exp λ=${lambda} at T′=${q.Tp}: ${q.error} vs ${closed}`);
      assert.ok(Math.abs(q.relError - (1 - lambda ** (T - q.Tp)) ** 2) < 1e-12);
      if (q.Tp !== T) assert.ok(q.relError > 1e-3);
    }
  }
  // the error of arbitrary modes is the plain sum of squares
  const s = taskDynamics('exp', 1, 1.1, 4);
  let e = 0;
  for (let t = 1; t <= 4; t++) e += (s[t - 1] - 0.5 * 0.9 ** (4 - t) * 2) ** 2;
  assert.ok(Math.abs(extrapolationError(0.5, 0.9, 2, s) - e) < 1e-14);
});

test('a full aligned network on fresh whitened data of length T′ makes the error its modes predict', () => {
  const rng = makeRng('extrapolate-test');
  const N = 3,
    D = 2;
  const Uy = svd({ rows: N, cols: N, data: rng.normals(N * N) }).U;
  const Vx = svd({ rows: N, cols: N, data: rng.normals(N * N) }).V;
  const frame = { Uy, Vx, R: randomOrthogonal(N, rng) };
  // two dimensions with modes that are not a zero-loss solution of the tasks below
  const a = [0.9, 1.2],
    b = [0.95, 0.7],
    c = [1.1, 0.4];
  const w = alignedInit(Float64Array.of(a[0], a[1], 0), Float64Array.of(b[0], b[1], 0), Float64Array.of(c[0], c[1], 0), frame, {
    Nx: N,
    Nh: N,
    Ny: N,
  });
  for (const Tp of [1, 3, 7, 12]) {
    const s0 = taskDynamics('exp', 1, 1.1, Tp),
      s1 = taskDynamics('invexp', 0.8, 0.6, Tp);
    const s = new Float64Array(D * Tp);
    s.set(s0, 0);
    s.set(s1, Tp);
    const predicted = extrapolationError(a[0], b[0], c[0], s0) + extrapolationError(a[1], b[1], c[1], s1);
    let energy = 0;
    for (const v of s) energy += v * v;
    for (const P of [N * Tp + 1, N * Tp + 20]) {
      const got = networkExtrapolationError(w, Uy, Vx, s, D, Tp, P, makeRng(`fresh/${Tp}/${P}`));
      assert.ok(Math.abs(got.error - predicted) < 1e-10 * energy, `T′=${Tp}, P=${P}: network ${got.error} vs modes ${predicted}`);
      assert.ok(Math.abs(got.targetEnergy - energy) < 1e-10 * energy);
    }
    // the check can fail: the same network judged in another frame does not match
    const wrong = networkExtrapolationError(w, Vx, Uy, s, D, Tp, N * Tp + 5, makeRng(`wrong/${Tp}`));
    assert.ok(Math.abs(wrong.error - predicted) > 1e-3 * energy, `a wrong frame must disagree at T′=${Tp}`);
  }
  assert.throws(() => networkExtrapolationError(w, Uy, Vx, new Float64Array(3), D, 2, 10, rng), /expected D·T′/);
  assert.throws(() => networkExtrapolationError(w, Uy, Vx, new Float64Array(2 * 4), D, 4, 5, rng), /P/);
});

test('networkExtrapolationCurve: an aligned network with the exponential F.3 modes errs by (1 − λ^{T−T′})² at each T′', () => {
  const rng = makeRng('extrapolate-curve-test');
  const N = 2,
    T = 5,
    delta = 1,
    lambda = 1.2;
  const Uy = svd({ rows: N, cols: N, data: rng.normals(N * N) }).U;
  const Vx = svd({ rows: N, cols: N, data: rng.normals(N * N) }).V;
  const g = globalSolution('exp', delta, lambda, T);
  const m = { a: Math.sqrt(g.ac), b: g.b, c: Math.sqrt(g.ac) };
  const w = alignedInit(
    Float64Array.of(m.a, 0),
    Float64Array.of(m.b, 0),
    Float64Array.of(m.c, 0),
    { Uy, Vx, R: randomOrthogonal(N, rng) },
    { Nx: N, Nh: N, Ny: N },
  );
  const lengths = [1, 2, 5, 8];
  const got = networkExtrapolationCurve({ w, Uy, Vx }, m, 'exp', delta, lambda, lengths, 4, N, (Tp) => makeRng(`curve/${Tp}`));
  lengths.forEach((Tp, j) => {
    const closed = (1 - lambda ** (T - Tp)) ** 2; // App. F.1
    assert.ok(Math.abs(got.relError[j] - closed) < 1e-9 * Math.max(closed, 1), `T′=${Tp}: ${got.relError[j]} vs ${closed}`);
    assert.ok(Math.abs(got.modes[j] - extrapolationError(m.a, m.b, m.c, taskDynamics('exp', delta, lambda, Tp))) < 1e-15);
  });
  assert.ok(got.networkVsModes < 1e-9);
  // a network in the wrong frame does not make the error its modes predict
  const wrong = networkExtrapolationCurve({ w, Uy: Vx, Vx: Uy }, m, 'exp', delta, lambda, lengths, 4, N, (Tp) => makeRng(`curve/${Tp}`));
  assert.ok(wrong.networkVsModes > 1e-3, `wrong frame: ${wrong.networkVsModes}`);
});
