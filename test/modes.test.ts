import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeRng } from '../src/core/rng.js';
import { cloneModes, energy, energyTerms, geometricSum, modeRates, simulateModes, uniformModes, type Modes } from '../src/core/modes.js';
import { globalSolution, stackDims, taskDynamics, type DynamicsKind } from '../src/core/tasks.js';

function randomProblem(seed: string, D: number, T: number): { m: Modes; s: Float64Array } {
  const rng = makeRng(seed);
  const m: Modes = { a: rng.normals(D, 0.8), b: rng.normals(D, 0.6), c: rng.normals(D, 0.8) };
  return { m, s: rng.normals(D * T, 1) };
}

test('modeRates (eq. 5–7) equal −τ·∂E/∂(a, b, c) of eq. (8) by central differences, to 1e-7 relative', (t) => {
  const D = 12;
  const T = 7;
  const tau = 2.5;
  const { m, s } = randomProblem('rates', D, T);
  const r = modeRates(m, s, T);
  let worst = 0;
  for (const [key, rk] of [
    ['a', 'da'],
    ['b', 'db'],
    ['c', 'dc'],
  ] as const) {
    for (let al = 0; al < D; al++) {
      const x = m[key][al]!;
      const h = 1e-5 * (1 + Math.abs(x));
      const mp = cloneModes(m);
      const mm = cloneModes(m);
      mp[key][al] = x + h;
      mm[key][al] = x - h;
      const fd = (-tau * (energy(mp, s, T, tau)[al]! - energy(mm, s, T, tau)[al]!)) / (2 * h);
      const got = r[rk][al]!;
      const rel = Math.abs(fd - got) / Math.max(Math.abs(got), 1e-3);
      worst = Math.max(worst, rel);
      assert.ok(rel < 1e-7, `${rk}[${al}]: rate ${got} vs finite difference ${fd} (rel ${rel})`);
    }
  }
  t.diagnostic(`max relative error rate vs −τ∂E finite difference: ${worst.toExponential(2)}`);
});

test('energyTerms (eq. 9): data + reg equals eq. (8), including b = ±1 (exactly for integer data)', () => {
  const rng = makeRng('terms');
  const T = 6;
  for (const b of [-1, 1, 0, 0.3, -0.8, 1.7, -1.2]) {
    for (let rep = 0; rep < 5; rep++) {
      const s = rng.normals(T, 1);
      const u = rng.normal();
      const tau = 0.5 + rng.uniform();
      const { data, reg, total } = energyTerms(u, b, s, T, tau);
      assert.equal(total, data + reg);
      const a = Math.sqrt(Math.abs(u));
      const E = energy({ a: Float64Array.of(a), b: Float64Array.of(b), c: Float64Array.of(Math.sign(u) * a) }, s, T, tau)[0]!;
      assert.ok(Math.abs(total - E) <= 1e-12 * Math.max(1, E), `b=${b}: data+reg ${total} vs E ${E}`);
      assert.ok(reg >= 0);
    }
  }
  // integer data: every sum is exact in floating point, so equality must be exact at b = ±1
  const s = Float64Array.of(3, -1, 4, 1, -5, 9);
  for (const b of [1, -1]) {
    for (const u of [2, -3, 0, 1]) {
      const { total, reg } = energyTerms(u, b, s, T);
      assert.equal(reg, (u * u * T) / 2, 'Σ b^{2(T−i)} = T at b² = 1');
      const E = energy({ a: Float64Array.of(u), b: Float64Array.of(b), c: Float64Array.of(1) }, s, T)[0]!;
      assert.equal(total, E, `b=${b}, u=${u}`);
    }
  }
  // the closed form (1 − b^{2T})/(1 − b²) of eq. (9) away from b² = 1
  for (const b of [0, 0.5, -0.9, 1.1, 2]) {
    const closed = (1 - b ** (2 * T)) / (1 - b * b);
    assert.ok(Math.abs(geometricSum(b, T) - closed) <= 1e-12 * closed);
  }
});

test('simulateModes: one step is m + (1/τ)·rates; m0 is never mutated; records at recordEvery/recordAt', () => {
  const D = 5;
  const T = 4;
  const tau = 37;
  const { m, s } = randomProblem('step', D, T);
  const before = cloneModes(m);
  const r = modeRates(m, s, T);
  const one = simulateModes(m, s, T, { tau, steps: 1 });
  for (const [k, rk] of [
    ['a', 'da'],
    ['b', 'db'],
    ['c', 'dc'],
  ] as const) {
    for (let al = 0; al < D; al++) {
      const want = m[k][al]! + r[rk][al]! / tau;
      assert.ok(Math.abs(one.m[k][al]! - want) <= 1e-15 * Math.max(1, Math.abs(want)), `${k}[${al}]`);
    }
    assert.deepEqual([...m[k]], [...before[k]], 'm0 untouched');
  }
  const rec = simulateModes(m, s, T, { tau: 1000, steps: 100, recordEvery: 30, recordAt: [5, 30] });
  assert.deepEqual(
    rec.records.map((x) => x.step),
    [0, 5, 30, 60, 90, 100],
  );
  assert.deepEqual(
    rec.records.map((x) => x.t),
    [0, 0.005, 0.03, 0.06, 0.09, 0.1],
  );
  assert.deepEqual([...rec.records[0]!.b], [...m.b]);
  assert.deepEqual([...rec.records.at(-1)!.b], [...rec.m.b]);
  assert.deepEqual(
    simulateModes(m, s, T, { tau, steps: 10 }).records.map((x) => x.step),
    [0, 10],
    'the shared default: first and last step',
  );
  assert.throws(() => simulateModes(m, s, T, { tau: 0, steps: 1 }), RangeError);
  assert.throws(() => simulateModes(m, s.subarray(1), T, { tau, steps: 1 }), RangeError);
});

test('simulateModes: dimensions are independent (odd D, pairs in the hot loop): together = one at a time, bit for bit', () => {
  const D = 5;
  const T = 6;
  const { m, s } = randomProblem('independent', D, T);
  for (const k of ['a', 'b', 'c'] as const) for (let i = 0; i < m[k].length; i++) m[k][i] = 0.3 * m[k][i];
  const all = simulateModes(m, s, T, { tau: 200, steps: 500 });
  for (let al = 0; al < D; al++) {
    const one = simulateModes(
      { a: m.a.subarray(al, al + 1), b: m.b.subarray(al, al + 1), c: m.c.subarray(al, al + 1) },
      s.subarray(al * T, (al + 1) * T),
      T,
      { tau: 200, steps: 500 },
    );
    for (const k of ['a', 'b', 'c'] as const) assert.equal(one.m[k][0], all.m[k][al], `${k}[${al}]`);
  }
});

test('simulateModes: frozen modes stay bit-identical, free modes move', () => {
  const D = 4;
  const T = 5;
  const { m, s } = randomProblem('freeze', D, T);
  const fb = simulateModes(m, s, T, { tau: 50, steps: 200, freeze: ['b'] });
  assert.deepEqual([...fb.m.b], [...m.b]);
  assert.ok(fb.m.a.some((x, i) => x !== m.a[i]) && fb.m.c.some((x, i) => x !== m.c[i]));
  const fac = simulateModes(m, s, T, { tau: 50, steps: 200, freeze: ['a', 'c'] });
  assert.deepEqual([...fac.m.a], [...m.a]);
  assert.deepEqual([...fac.m.c], [...m.c]);
  assert.ok(fac.m.b.some((x, i) => x !== m.b[i]));
  const all = simulateModes(m, s, T, { tau: 50, steps: 200, freeze: ['a', 'b', 'c'] });
  for (const k of ['a', 'b', 'c'] as const) assert.deepEqual([...all.m[k]], [...m[k]]);
});

test('simulateModes converges to the global solution (App. F.3) from small init', (t) => {
  const T = 5;
  const cases: Array<[DynamicsKind, number, number]> = [
    ['constant', 0.5, 1],
    ['constant', 1, 1],
    ['invexp', 1, 0.7],
    ['invexp', 0.5, 0.4],
    ['exp', 0.5, 1.25],
  ];
  const s = stackDims(cases.map(([k, d, l]) => taskDynamics(k, d, l, T)));
  const res = simulateModes(uniformModes(cases.length, 0.1, 0.1, 0.1), s, T, { tau: 20, steps: 20000 });
  cases.forEach(([k, d, l], i) => {
    const g = globalSolution(k, d, l, T);
    const eb = Math.abs(res.m.b[i]! - g.b);
    const eu = Math.abs(res.m.a[i]! * res.m.c[i]! - g.ac);
    t.diagnostic(
      `${k} δ=${d} λ=${l}: b=${res.m.b[i]!.toFixed(12)} (b*=${g.b}), ac=${(res.m.a[i]! * res.m.c[i]!).toFixed(12)} (ac*=${g.ac.toFixed(12)})`,
    );
    assert.equal(res.diverged[i], null);
    assert.ok(eb < 1e-9 && eu < 1e-9, `${k}: |b − b*| = ${eb}, |ac − ac*| = ${eu}`);
  });
});

test('a diverging dimension is reported with its step and frozen; the others still converge', () => {
  const T = 10;
  const s = stackDims([taskDynamics('invexp', 1, 0.7, T), taskDynamics('constant', 3, 1, T), taskDynamics('invexp', 1, 0.7, T)]);
  const m0: Modes = { a: Float64Array.of(0.1, 1, 0.1), b: Float64Array.of(0.1, 1.3, 0.1), c: Float64Array.of(0.1, 1, 0.1) };
  const res = simulateModes(m0, s, T, { tau: 20, steps: 20000, recordEvery: 1 });
  assert.equal(res.diverged[0], null);
  assert.equal(res.diverged[2], null);
  const dv = res.diverged[1];
  assert.ok(dv !== null && dv !== undefined, 'dimension 1 must diverge');
  assert.ok(dv.step >= 1 && dv.step < 20000, `step ${dv.step}`);
  assert.match(dv.reason, /> 1000000|not finite/);
  // frozen at the last in-bound value: equal to the record one step before divergence, for ever after
  const frozen = res.records[dv.step - 1]!;
  for (const k of ['a', 'b', 'c'] as const) {
    assert.ok(Number.isFinite(res.m[k][1]!) && Math.abs(res.m[k][1]!) <= 1e6);
    assert.equal(res.m[k][1], frozen[k][1]);
  }
  for (const i of [0, 2]) {
    assert.ok(Math.abs(res.m.b[i]! - 0.7) < 1e-9 && Math.abs(res.m.a[i]! * res.m.c[i]! - 1) < 1e-9);
  }
});
