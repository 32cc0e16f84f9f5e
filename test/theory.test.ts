import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeRng } from '../src/core/rng.js';
import { modeRates, simulateModes } from '../src/core/modes.js';
import { composePoly, polyDerivative, polyTaylorShift, seriesEval, seriesMul } from '../src/core/series.js';
import { diracDelta, taskDynamics, withLastValue } from '../src/core/tasks.js';
import {
  bRate,
  bRatePoly,
  energyBDerivative,
  exactU,
  integrateB,
  integrateU,
  taylorB,
  taylorCoefficients,
  uRate,
  uSums,
} from '../src/core/theory.js';

const rel = (got: number, want: number) => Math.abs(got - want) / Math.max(Math.abs(want), 1e-300);

test('series: product, Taylor shift and composition agree with direct evaluation', () => {
  // (1 + t + t² + …)(1 − t) = 1
  const geo = new Float64Array(8).fill(1);
  assert.deepEqual([...seriesMul(geo, Float64Array.of(1, -1), 7)], [1, 0, 0, 0, 0, 0, 0, 0]);
  const rng = makeRng('series');
  const p = rng.normals(7);
  const x0 = 0.37;
  const q = polyTaylorShift(p, x0, 6);
  let d = p;
  let fact = 1;
  for (let k = 0; k <= 6; k++) {
    assert.ok(Math.abs(q[k]! - seriesEval(d, x0) / fact) < 1e-12, `shift coefficient ${k}`);
    d = polyDerivative(d);
    fact *= k + 1;
  }
  // p(x(t)) for a polynomial x(t) of degree 2, compared to direct evaluation at small t through the truncation error
  const x = Float64Array.of(0.2, -0.5, 0.3);
  const N = 12;
  const comp = composePoly(p, x, N);
  for (const tt of [0.01, 0.05]) {
    const direct = seriesEval(p, seriesEval(x, tt));
    assert.ok(Math.abs(seriesEval(comp, tt) - direct) < 1e-12, `t=${tt}`);
  }
});

test('exactU (eq. 47) solves eq. (43): RK4 integration agrees to 1e-8', (t) => {
  const cases: Array<{ name: string; b: number; u0: number; s: Float64Array }> = [
    { name: 'invexp, b frozen 0.5', b: 0.5, u0: 0.01, s: taskDynamics('invexp', 1, 0.7, 5) },
    { name: 'constant, b frozen 0.9', b: 0.9, u0: 0.2, s: taskDynamics('constant', 1.5, 1, 8) },
    { name: 'u0 above fixed point', b: 0.3, u0: 3, s: taskDynamics('exp', 0.5, 1.2, 4) },
    { name: 'A < 0 (decays to 0)', b: -0.9, u0: 0.4, s: diracDelta(2, 0.1, 4) },
    { name: 'A = 0 exactly', b: 0.5, u0: 0.3, s: Float64Array.of(0, 1, -0.5) },
  ];
  let worst = 0;
  for (const c of cases) {
    for (const tt of [0.1, 0.5, 1, 3, 8]) {
      const ex = exactU(tt, c.u0, c.b, c.s);
      const ref = integrateU(c.u0, c.b, c.s, tt, 1e-3);
      const err = Math.abs(ex - ref);
      worst = Math.max(worst, err);
      assert.ok(err < 1e-8, `${c.name} t=${tt}: exact ${ex} vs RK4 ${ref}`);
    }
  }
  assert.equal(uSums(0.5, Float64Array.of(0, 1, -0.5)).A, 0);
  // the fixed point u* = A/B and the far-time limit; no overflow at huge t
  const s = taskDynamics('invexp', 1, 0.7, 5);
  const { A, B } = uSums(0.5, s);
  assert.ok(rel(exactU(1e6, 0.01, 0.5, s), A / B) < 1e-14);
  assert.equal(exactU(1e6, 0.4, -0.9, diracDelta(2, 0.1, 4)), 0);
  assert.equal(uRate(A / B, 0.5, s), 0);
  t.diagnostic(`max |exactU − RK4(eq. 43)| = ${worst.toExponential(2)}`);
});

test('Euler-discretised simulateModes (a = c, b frozen) converges to exactU, error ∝ 1/τ', (t) => {
  const T = 5;
  const s = taskDynamics('invexp', 1, 0.7, T);
  const b = 0.5;
  const a0 = 0.1;
  const tEnd = 2;
  const errs: number[] = [];
  for (const tau of [100, 200, 400, 800]) {
    const res = simulateModes({ a: Float64Array.of(a0), b: Float64Array.of(b), c: Float64Array.of(a0) }, s, T, {
      tau,
      steps: tEnd * tau,
      freeze: ['b'],
    });
    assert.equal(res.m.a[0], res.m.c[0], 'balanced a = c is preserved');
    errs.push(Math.abs(res.m.a[0]! * res.m.c[0]! - exactU(tEnd, a0 * a0, b, s)));
  }
  const ratios = errs.slice(1).map((e, i) => errs[i]! / e);
  t.diagnostic(
    `|u_Euler − exactU| at t=${tEnd} for τ = 100, 200, 400, 800: ${errs.map((e) => e.toExponential(3)).join(', ')}; ratios ${ratios.map((r) => r.toFixed(3)).join(', ')}`,
  );
  for (const r of ratios) assert.ok(r > 1.9 && r < 2.1, `ratio ${r} should be ≈ 2 (first order)`);
  assert.ok(errs[3]! < 1e-3);
});

test('bRate is eq. (6): equals its polynomial form, modeRates db, and eq. (49) at n = 1', () => {
  const rng = makeRng('brate');
  for (let rep = 0; rep < 10; rep++) {
    const T = 2 + (rep % 7);
    const s = rng.normals(T);
    const b = 1.2 * rng.normal();
    const u = rng.normal();
    const g = bRate(b, u, s);
    const scale = Math.max(1, Math.abs(g));
    assert.ok(Math.abs(seriesEval(bRatePoly(u, s), b) - g) < 1e-12 * scale);
    assert.ok(Math.abs(energyBDerivative(1, b, u, s) - g) < 1e-12 * scale);
    const a = Math.sqrt(Math.abs(u));
    const r = modeRates({ a: Float64Array.of(a), b: Float64Array.of(b), c: Float64Array.of(Math.sign(u) * a) }, s, T);
    assert.ok(Math.abs(r.db[0]! - g) < 1e-12 * scale);
    // eq. (49) at higher n is the (n − 1)th derivative of G
    let d = bRatePoly(u, s);
    for (let n = 2; n <= 6; n++) {
      d = polyDerivative(d);
      const want = seriesEval(d, b);
      assert.ok(Math.abs(energyBDerivative(n, b, u, s) - want) < 1e-10 * Math.max(1, Math.abs(want)), `T=${T} n=${n}`);
    }
  }
  assert.equal(bRate(0.3, 1, Float64Array.of(2)), 0, 'T = 1: no recurrent gradient');
});

test('taylorCoefficients order 5 equals eq. (53)–(57) written out with eq. (49) derivatives', (t) => {
  const cases = [
    { b0: 0.1, u: 1, s: taskDynamics('invexp', 1, 0.7, 5) },
    { b0: 0.4, u: 0.8, s: withLastValue(taskDynamics('constant', 1, 1, 6), 0.3) },
    { b0: -0.3, u: 1.3, s: diracDelta(1.5, 0.7, 7) },
  ];
  let worst = 0;
  for (const { b0, u, s } of cases) {
    const E = (n: number) => energyBDerivative(n, b0, u, s);
    const [E1, E2, E3, E4, E5] = [E(1), E(2), E(3), E(4), E(5)];
    const d1 = E1; // eq. (53)
    const d2 = E2 * E1; // eq. (54)
    const d3 = (E2 ** 2 + E3 * E1) * E1; // eq. (55)
    const d4 = (4 * E2 * E3 * E1 + E2 ** 3 + E4 * E1 ** 2) * E1; // eq. (56)
    const d5 = (E2 ** 4 + 11 * E2 ** 2 * E3 * E1 + 4 * E3 ** 2 * E1 ** 2 + 7 * E4 * E2 * E1 ** 2 + E5 * E1 ** 3) * E1; // eq. (57)
    const want = [b0, d1, d2 / 2, d3 / 6, d4 / 24, d5 / 120]; // eq. (58)–(60): β_n = dⁿb/dtⁿ / n!
    const got = taylorCoefficients(b0, u, s, 5);
    for (let n = 0; n <= 5; n++) {
      const e = Math.abs(got[n]! - want[n]!) / Math.max(Math.abs(want[n]!), 1e-12);
      worst = Math.max(worst, e);
      assert.ok(e < 1e-11, `β_${n}: ${got[n]} vs eq. (53)–(57) ${want[n]}`);
    }
    // higher orders extend, never change, the low coefficients
    const hi = taylorCoefficients(b0, u, s, 9);
    for (let n = 0; n <= 5; n++) assert.ok(Math.abs(hi[n]! - got[n]!) <= 1e-15 * Math.max(1, Math.abs(got[n]!)));
  }
  t.diagnostic(`max relative difference series vs hand-written eq. (53)–(57): ${worst.toExponential(2)}`);
});

test('taylorCoefficients to order 12 for T = 2 match the exact exponential solution', () => {
  // T = 2: b' = u s_1 − u² b, so b(t) = b* + (b0 − b*) e^{−u² t}, b* = s_1/u
  const u = 1.3;
  const s = Float64Array.of(0.9, 2);
  const b0 = 0.2;
  const bs = s[0]! / u;
  const beta = taylorCoefficients(b0, u, s, 12);
  let fact = 1;
  for (let n = 0; n <= 12; n++) {
    if (n > 0) fact *= n;
    const want = (n === 0 ? bs : 0) + ((b0 - bs) * (-u * u) ** n) / fact;
    assert.ok(Math.abs(beta[n]! - want) < 1e-14 * Math.max(1, Math.abs(want)), `β_${n}`);
  }
});

// App. D setting for the convergence tests: u = ac frozen at its solution, b learns λ from a small init.
const S = taskDynamics('invexp', 1, 0.7, 5);
const U = 1;
const B0 = 0.1;
const T_END = 2;

function maxErr(order: number, window: number, samples: number[], refs: number[]): number {
  const r = taylorB(B0, U, S, { order, window, tEnd: T_END, samples });
  return Math.max(...r.b.map((b, i) => Math.abs(b - refs[i]!)));
}

test('taylorB converges to integrateB as the order grows (orders 1..8, window Δ = 0.1)', (t) => {
  const grid = Array.from({ length: 21 }, (_, i) => i * 0.1);
  const refs = grid.map((tt) => integrateB(B0, U, S, tt, 2e-4));
  const errs: number[] = [];
  for (let order = 1; order <= 8; order++) errs.push(maxErr(order, 0.1, grid, refs));
  t.diagnostic(`max |taylorB − RK4| on [0, 2], Δ = 0.1, orders 1..8: ${errs.map((e) => e.toExponential(2)).join(', ')}`);
  for (let i = 1; i < errs.length; i++) assert.ok(errs[i]! < errs[i - 1]!, `order ${i + 1} not better than order ${i}`);
  assert.ok(errs[0]! > 1e-3 && errs[7]! < 1e-7);
  assert.ok(Math.abs(refs[20]! - 0.7) < 1e-3, 'b reaches λ = 0.7');
});

test('taylorB error shrinks with the window: ≈ Δ^order over [0, tEnd], Δ^(order+1) in one window', (t) => {
  const samples = [0.4, 0.8, 1.2, 1.6, 2];
  const refs = samples.map((tt) => integrateB(B0, U, S, tt, 2e-4));
  for (const [order, windows] of [
    [3, [0.1, 0.05, 0.025, 0.0125]],
    [5, [0.2, 0.1, 0.05]],
  ] as const) {
    const glob = windows.map((w) => maxErr(order, w, samples, refs));
    const local = windows.map((w) => {
      const c = taylorCoefficients(B0, U, S, order);
      return Math.abs(seriesEval(c, w) - integrateB(B0, U, S, w, w / 200));
    });
    const gRate = glob.slice(1).map((e, i) => Math.log2(glob[i]! / e));
    const lRate = local.slice(1).map((e, i) => Math.log2(local[i]! / e));
    t.diagnostic(
      `order ${order}, Δ = ${windows.join(', ')}: global max err ${glob.map((e) => e.toExponential(2)).join(', ')} (observed order ${gRate
        .map((r) => r.toFixed(2))
        .join(
          ', ',
        )}); one-window err ${local.map((e) => e.toExponential(2)).join(', ')} (observed order ${lRate.map((r) => r.toFixed(2)).join(', ')})`,
    );
    const gLast = gRate.at(-1)!;
    const lLast = lRate.at(-1)!;
    assert.ok(Math.abs(gLast - order) < 0.5, `global rate ${gLast} vs order ${order}`);
    assert.ok(Math.abs(lLast - (order + 1)) < 0.5, `local rate ${lLast} vs order + 1 = ${order + 1}`);
    for (let i = 1; i < glob.length; i++) assert.ok(glob[i]! < glob[i - 1]!);
  }
});

test('taylorB: default window grid, arbitrary sample order, tEnd not a multiple of Δ', () => {
  const g = taylorB(B0, U, S, { window: 0.3, tEnd: 1 });
  assert.deepEqual(
    g.t.map((x) => +x.toFixed(12)),
    [0, 0.3, 0.6, 0.9, 1],
  );
  assert.equal(g.b[0], B0);
  const r = taylorB(B0, U, S, { window: 0.3, tEnd: 1, samples: [1, 0.6, 0.45, 0] });
  assert.equal(r.b[0], g.b[4]);
  assert.equal(r.b[1], g.b[2]);
  assert.equal(r.b[3], B0);
  // a sample inside a window is the series about that window's start
  const inner = taylorB(B0, U, S, { window: 0.3, tEnd: 1, samples: [0.75] }).b[0]!;
  assert.ok(Math.abs(inner - taylorB(g.b[2]!, U, S, { window: 0.3, tEnd: 0.15, samples: [0.15] }).b[0]!) < 1e-15);
  assert.ok(Math.abs(r.b[2]! - taylorB(g.b[1]!, U, S, { window: 0.3, tEnd: 0.15, samples: [0.15] }).b[0]!) < 1e-15);
  assert.throws(() => taylorB(B0, U, S, { window: 0.3, tEnd: 1, samples: [1.5] }), RangeError);
  assert.throws(() => taylorB(B0, U, S, { window: 0, tEnd: 1 }), RangeError);
});
