/**
 * Complex connectivity modes (App. N–O), checked against independent evidence: the full eigen-aligned
 * real network trained by the shared trainer (BPTT and correlation gradients), finite differences of the
 * energy (eq. 186), the real reduced dynamics (eq. 5–7) when everything is real, and brute-force loss
 * evaluation at the App. O optima.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  complexTaskDynamics,
  complexGlobalSolution,
  complexModeRates,
  complexEnergy,
  simulateComplexModes,
  stackComplex,
  trainEigAligned,
  type ComplexModes,
} from '../src/core/complexmodes.js';
import { type C, polar, cx, mul, sub, abs, powi, cvecFrom } from '../src/core/complex.js';
import { modeRates } from '../src/core/modes.js';
import { eigTask, eigAlignedInit } from '../src/core/eigdata.js';
import { loss } from '../src/core/lrnn.js';
import { makeRng } from '../src/core/rng.js';

const T = 5;
const tasks = [
  complexTaskDynamics('invexp', cx(1), polar(0.9, Math.PI / 6), T),
  complexTaskDynamics('constant', polar(0.7, Math.PI / 6), cx(1), T),
  complexTaskDynamics('invexp', cx(0.8), cx(0.6), T), // real: a 1×1 block
  complexTaskDynamics('exp', polar(1.2, -0.4), polar(1.05, (-3 * Math.PI) / 4), T),
];
const a0 = { re: [0.1, 0.2, 0.15, 0.1], im: [0, 0.05, 0, -0.1] };
const b0 = { re: [0.1, -0.1, 0.3, 0.05], im: [0.02, 0, 0, 0.1] };
const c0 = { re: [0.12, 0.1, 0.2, 0.1], im: [0, -0.03, 0, 0.05] };
const modes0 = (): ComplexModes => ({
  a: { re: Float64Array.from(a0.re), im: Float64Array.from(a0.im) },
  b: { re: Float64Array.from(b0.re), im: Float64Array.from(b0.im) },
  c: { re: Float64Array.from(c0.re), im: Float64Array.from(c0.im) },
});

function compare(gradient: 'bptt' | 'corr') {
  const steps = 2500,
    every = 500;
  // 2 + 2 + 1 + 2 = 7 dimensions, plus one zero dimension
  const net = trainEigAligned({
    modes: tasks,
    T,
    N: 8,
    P: 8 * T + 3,
    a0,
    b0,
    c0,
    eta: 2,
    steps,
    recordEvery: every,
    seed: 'cm-test',
    gradient,
  });
  assert.equal(net.diverged, null);
  const red = simulateComplexModes(modes0(), stackComplex(tasks, T), T, { tau: net.tau, steps, recordEvery: every });
  assert.equal(net.t.length, red.records.length);
  let worst = 0,
    moved = 0;
  for (let r = 0; r < net.t.length; r++) {
    const rec = red.records[r];
    for (let k = 0; k < tasks.length; k++) {
      for (const [n, v] of [
        [net.a[r], rec.a],
        [net.b[r], rec.b],
        [net.c[r], rec.c],
      ] as const) {
        worst = Math.max(worst, Math.abs(n.re[k] - v.re[k]), Math.abs(n.im[k] - v.im[k]));
      }
      moved = Math.max(moved, Math.hypot(net.b[r].re[k] - b0.re[k], net.b[r].im[k] - b0.im[k]));
    }
  }
  assert.ok(moved > 0.3, `the modes must actually move (moved ${moved})`);
  assert.ok(worst < 1e-9, `full network vs Wirtinger dynamics (eq. 182–184): worst gap ${worst}`);
  assert.ok(net.offBlock < 1e-9, `network stays eigen-aligned: ${net.offBlock}`);
  // a real mode keeps zero imaginary parts
  assert.ok(net.b.every((b) => b.im[2] === 0));
}

test('full eigen-aligned real network (BPTT) follows eq. 182–184 step for step (no factor 2)', () => compare('bptt'));
test('full eigen-aligned real network (correlation gradient) follows eq. 182–184 step for step', () => compare('corr'));

test('network loss = Σ_pairs 2·τE + Σ_real τE (eq. 4 vs eq. 186): a conjugate pair counts twice', () => {
  const task = eigTask(tasks, 8, T, 8 * T + 3, makeRng('cm-loss'));
  const w = eigAlignedInit(task, a0, b0, c0);
  let want = 0;
  task.blocks.forEach((bl, k) => {
    const u = mul({ re: a0.re[k], im: a0.im[k] }, { re: c0.re[k], im: c0.im[k] });
    const e = complexEnergy(bl.kind === 'pair' ? u : cx(u.re), { re: b0.re[k], im: bl.kind === 'pair' ? b0.im[k] : 0 }, tasks[k], T);
    want += (bl.kind === 'pair' ? 2 : 1) * e;
  });
  const got = loss(w, task.data);
  assert.ok(Math.abs(got - want) < 1e-10 * want, `loss ${got} vs ${want}`);
});

test('rates of eq. 182–184 = −(∂/∂Re + i ∂/∂Im)(τE) = −2 ∂(τE)/∂z* (finite differences)', () => {
  const m = modes0();
  const d = stackComplex(tasks, T);
  const r = complexModeRates(m, d, T);
  const h = 1e-6;
  for (let k = 0; k < tasks.length; k++) {
    const task = tasks[k];
    const E = (a: C, b: C, c: C) => complexEnergy(mul(a, c), b, task, T);
    const get = (v: { re: Float64Array; im: Float64Array }): C => ({ re: v.re[k], im: v.im[k] });
    const a = get(m.a),
      b = get(m.b),
      c = get(m.c);
    const grads = {
      a: [
        (E({ re: a.re + h, im: a.im }, b, c) - E({ re: a.re - h, im: a.im }, b, c)) / (2 * h),
        (E({ re: a.re, im: a.im + h }, b, c) - E({ re: a.re, im: a.im - h }, b, c)) / (2 * h),
      ],
      b: [
        (E(a, { re: b.re + h, im: b.im }, c) - E(a, { re: b.re - h, im: b.im }, c)) / (2 * h),
        (E(a, { re: b.re, im: b.im + h }, c) - E(a, { re: b.re, im: b.im - h }, c)) / (2 * h),
      ],
      c: [
        (E(a, b, { re: c.re + h, im: c.im }) - E(a, b, { re: c.re - h, im: c.im })) / (2 * h),
        (E(a, b, { re: c.re, im: c.im + h }) - E(a, b, { re: c.re, im: c.im - h })) / (2 * h),
      ],
    };
    for (const key of ['a', 'b', 'c'] as const) {
      const rate = get(r[key]);
      const [gx, gy] = grads[key];
      assert.ok(
        Math.abs(rate.re + gx) < 1e-8 && Math.abs(rate.im + gy) < 1e-8,
        `mode ${k}, ${key}: rate ${rate.re}+${rate.im}i vs −∇ = ${-gx}+${-gy}i`,
      );
      // −∂(τE)/∂z* = −½(∂x + i∂y) is half the rate (the literal eq. 187–189): the factor 2
      if (Math.hypot(gx, gy) > 1e-3) assert.ok(Math.abs(Math.hypot(rate.re, rate.im) / Math.hypot(gx / 2, gy / 2) - 2) < 1e-6);
    }
  }
});

test('with all-real modes and data the complex rates reduce to the real eq. 5–7', () => {
  const s = [Float64Array.from([0.3, 0.5, 0.8, 1.1, 0.9]), Float64Array.from([1, -0.4, 0.2, 0.7, 0.5])];
  const d = { re: Float64Array.from([...s[0], ...s[1]]), im: new Float64Array(10) };
  const m: ComplexModes = { a: cvecFrom([cx(0.3), cx(-0.2)]), b: cvecFrom([cx(0.7), cx(1.1)]), c: cvecFrom([cx(0.5), cx(0.4)]) };
  const r = complexModeRates(m, d, T);
  const real = modeRates({ a: m.a.re, b: m.b.re, c: m.c.re }, d.re, T);
  for (let k = 0; k < 2; k++) {
    assert.ok(Math.abs(r.a.re[k] - real.da[k]) < 1e-14 && r.a.im[k] === 0);
    assert.ok(Math.abs(r.b.re[k] - real.db[k]) < 1e-14 && r.b.im[k] === 0);
    assert.ok(Math.abs(r.c.re[k] - real.dc[k]) < 1e-14 && r.c.im[k] === 0);
  }
});

test('App. O optima have zero loss (brute force) and zero rates; Euler flow from small modes reaches them', () => {
  const T8 = 8;
  const cases = [
    ['constant', polar(0.7, Math.PI / 6), cx(1)],
    ['invexp', cx(1), polar(0.9, Math.PI / 6)],
    ['exp', cx(1), polar(1.05, Math.PI / 6)],
    ['invexp', polar(1.3, -1), polar(1, (-3 * Math.PI) / 4)],
  ] as const;
  for (const [kind, delta, lambda] of cases) {
    const d = complexTaskDynamics(kind, delta, lambda, T8);
    const opt = complexGlobalSolution(kind, delta, lambda, T8);
    for (let t = 1; t <= T8; t++) {
      const pred = mul(opt.ac, powi(opt.b, T8 - t));
      assert.ok(abs(sub(pred, { re: d.re[t - 1], im: d.im[t - 1] })) < 1e-12, `${kind}: zero loss at t=${t}`);
    }
    const a = Math.sqrt(abs(opt.ac));
    const m: ComplexModes = { a: cvecFrom([cx(a)]), b: cvecFrom([opt.b]), c: cvecFrom([{ re: opt.ac.re / a, im: opt.ac.im / a }]) };
    const r = complexModeRates(m, stackComplex([d], T8), T8);
    for (const v of [r.a, r.b, r.c]) assert.ok(Math.hypot(v.re[0], v.im[0]) < 1e-12);
  }
  // gradient flow from a(0) = c(0) = b(0) = 0.1 converges to the inverse-exponential optimum
  const d = complexTaskDynamics('invexp', cx(1), polar(0.9, Math.PI / 6), T8);
  const sim = simulateComplexModes({ a: cvecFrom([cx(0.1)]), b: cvecFrom([cx(0.1)]), c: cvecFrom([cx(0.1)]) }, stackComplex([d], T8), T8, {
    tau: 50,
    steps: 50 * 60,
  });
  const u = mul({ re: sim.m.a.re[0], im: sim.m.a.im[0] }, { re: sim.m.c.re[0], im: sim.m.c.im[0] });
  assert.ok(abs(sub({ re: sim.m.b.re[0], im: sim.m.b.im[0] }, polar(0.9, Math.PI / 6))) < 1e-4);
  assert.ok(abs(sub(u, cx(1))) < 1e-4);
});

test('simulateComplexModes: a diverging mode is frozen and reported, the others continue', () => {
  const d = stackComplex(
    [complexTaskDynamics('invexp', cx(1), polar(0.9, 0.5), 4), complexTaskDynamics('invexp', cx(50), polar(1.5, 0.5), 4)],
    4,
  );
  const m: ComplexModes = { a: cvecFrom([cx(0.1), cx(3)]), b: cvecFrom([cx(0.1), cx(3)]), c: cvecFrom([cx(0.1), cx(3)]) };
  const sim = simulateComplexModes(m, d, 4, { tau: 50, steps: 2000, divergenceBound: 1e3 });
  assert.equal(sim.diverged[0], null);
  assert.ok(sim.diverged[1] !== null);
  assert.ok(Number.isFinite(sim.m.b.re[1]) && Math.hypot(sim.m.b.re[1], sim.m.b.im[1]) <= 1e3);
});
