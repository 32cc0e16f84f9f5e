/**
 * src/core/sweep.ts: vectorised mode sweeps against a naive per-point Euler loop written here from eq. 5–7,
 * independence of points (order, a diverging neighbour), network sweeps seeded by key, and the mode Hessian
 * against finite differences of the energy (eq. 8) and against what gradient descent actually does.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sweepModes, sweepNetworks, modeHessian, gdStabilityRatio, networkSpecs, type ModePoint } from '../src/core/sweep.js';
import { energy, simulateModes } from '../src/core/modes.js';
import { taskDynamics, diracDelta } from '../src/core/tasks.js';
import { makeContext } from '../src/context.js';

/** eq. 5–7 by the book, one dimension: τ da/dt = c Σ_i b^{T−i} e_i, τ db/dt = ac Σ_i (T−i) b^{T−i−1} e_i, τ dc/dt = a Σ_i b^{T−i} e_i. */
function naive(s: ArrayLike<number>, a0: number, b0: number, c0: number, tau: number, steps: number, bound = 1e6) {
  const T = s.length;
  let a = a0,
    b = b0,
    c = c0;
  for (let st = 1; st <= steps; st++) {
    let S0 = 0,
      S1 = 0;
    for (let i = 1; i <= T; i++) {
      const e = s[i - 1] - a * c * b ** (T - i);
      S0 += b ** (T - i) * e;
      if (T - i >= 1) S1 += (T - i) * b ** (T - i - 1) * e;
    }
    const na = a + (c * S0) / tau,
      nb = b + (a * c * S1) / tau,
      nc = c + (a * S0) / tau;
    if (!(Math.abs(na) <= bound && Math.abs(nb) <= bound && Math.abs(nc) <= bound)) return { a, b, c, divergedAt: st };
    a = na;
    b = nb;
    c = nc;
  }
  return { a, b, c, divergedAt: null as number | null };
}

const T = 5;
const points: ModePoint[] = [
  { key: 'constant', s: taskDynamics('constant', 1.2, 1, T), a0: 0.1, b0: 0.1, c0: 0.1 },
  { key: 'invexp', s: taskDynamics('invexp', 1, 1.2, T), a0: 0.2, b0: 0.3, c0: 0.1 },
  { key: 'exp', s: taskDynamics('exp', 0.8, 0.9, T), a0: 0.1, b0: -0.2, c0: 0.15 },
  { key: 'blows-up', s: taskDynamics('constant', 8, 1, T), a0: 0.1, b0: 0.1, c0: 0.1 },
  { key: 'dirac', s: diracDelta(1.5, 1, T), a0: 0.1, b0: 0.1, c0: 0.1 },
];

test('sweepModes: every point follows its own eq. 5–7 (naive loop), a diverging point stops alone', () => {
  const tau = 40,
    steps = 1500;
  const res = sweepModes(points, T, { tau, steps });
  let moved = 0;
  for (const [i, p] of points.entries()) {
    const ref = naive(p.s, p.a0, p.b0, p.c0, tau, steps);
    const r = res[i];
    assert.equal(r.key, p.key);
    if (ref.divergedAt !== null) {
      assert.ok(r.diverged, `${p.key} diverges in the naive loop at step ${ref.divergedAt}`);
      assert.equal(r.diverged!.step, ref.divergedAt);
    } else {
      assert.equal(r.diverged, null, `${p.key} should not diverge`);
    }
    for (const k of ['a', 'b', 'c'] as const)
      assert.ok(Math.abs(r[k] - ref[k]) < 1e-12 * (1 + Math.abs(ref[k])), `${p.key}.${k}: ${r[k]} vs ${ref[k]}`);
    moved = Math.max(moved, Math.abs(r.b - p.b0));
  }
  assert.ok(res[3].diverged, 'the δ = 8 constant point diverges at τ = 40');
  assert.ok(moved > 0.5, 'the modes move');
});

test('sweepModes: results do not depend on the order or on the other points; trajectories are kept on request', () => {
  const tau = 40,
    steps = 800;
  const all = sweepModes(points, T, { tau, steps, recordEvery: 200 });
  const reversed = sweepModes([...points].reverse(), T, { tau, steps });
  const alone = sweepModes([points[1]], T, { tau, steps });
  for (const r of all) {
    const q = reversed.find((x) => x.key === r.key)!;
    assert.deepEqual([q.a, q.b, q.c], [r.a, r.b, r.c]);
  }
  assert.deepEqual([alone[0].a, alone[0].b, alone[0].c], [all[1].a, all[1].b, all[1].c]);
  assert.deepEqual(all[1].trajectory!.t, [0, 5, 10, 15, 20]);
  assert.equal(all[1].trajectory!.b[4], all[1].b);
  assert.equal(all[1].trajectory!.b[0], points[1].b0);
  assert.throws(() => sweepModes([points[0], points[0]], T, { tau, steps }), /duplicate point key/);
  assert.throws(() => sweepModes([points[0]], T + 1, { tau, steps }), /expected T/);
});

test('modeHessian equals central finite differences of the energy (eq. 8), also away from a minimum', () => {
  const s = Float64Array.from([0.3, -0.5, 1.1, 0.7, 1.4, 0.9]);
  const E = (a: number, b: number, c: number) =>
    energy({ a: Float64Array.of(a), b: Float64Array.of(b), c: Float64Array.of(c) }, s, s.length)[0];
  for (const [a, b, c] of [
    [0.4, 0.8, 0.9],
    [1.3, -0.6, 0.2],
    [0.9, 1.1, 1.2],
  ]) {
    const H = modeHessian(a, b, c, s);
    const x = [a, b, c],
      h = 1e-4;
    for (let i = 0; i < 3; i++) {
      for (let j = 0; j < 3; j++) {
        const at = (di: number, dj: number) => {
          const y = [...x];
          y[i] += di;
          y[j] += dj;
          return E(y[0], y[1], y[2]);
        };
        const fd = (at(h, h) - at(h, -h) - at(-h, h) + at(-h, -h)) / (4 * h * h);
        assert.ok(Math.abs(H[i * 3 + j] - fd) < 1e-5 * (1 + Math.abs(fd)), `H[${i}][${j}] at (${a}, ${b}, ${c}): ${H[i * 3 + j]} vs ${fd}`);
      }
    }
  }
});

test('gdStabilityRatio: gradient descent settles on a solution only when λ_max/τ < 2', () => {
  // constant dynamics δ = 1: global solution b = 1, a = c = 1 (App. F.3); start 1e-3 away from it
  const s = taskDynamics('constant', 1, 1, T);
  const rho1 = gdStabilityRatio(1, 1, 1, s, 1); // = λ_max
  assert.ok(rho1 > 10 && rho1 < 100, `λ_max = ${rho1}`);
  const edge = rho1 / 2; // τ at which ρ = 2
  const dist = (tau: number) => {
    const r = simulateModes({ a: Float64Array.of(1.001), b: Float64Array.of(0.999), c: Float64Array.of(1.001) }, s, T, {
      tau,
      steps: 4000,
    });
    if (r.diverged[0]) return Infinity;
    return Math.hypot(r.m.a[0] * r.m.c[0] - 1, r.m.b[0] - 1);
  };
  assert.ok(gdStabilityRatio(1, 1, 1, s, 1.05 * edge) < 2);
  assert.ok(dist(1.05 * edge) < 1e-9, `ρ < 2 converges: ${dist(1.05 * edge)}`);
  assert.ok(gdStabilityRatio(1, 1, 1, s, 0.95 * edge) > 2);
  assert.ok(dist(0.95 * edge) > 1e-3, `ρ > 2 does not converge: ${dist(0.95 * edge)}`);
});

test('sweepNetworks: one network per point, seeded from its key; order and worker count do not matter', async () => {
  const ctx = makeContext({ figureId: 'sweep-test', seed: 3, scale: 'quick' });
  const mk = (key: string, delta: number, lambda: number, kind: 'invexp' | 'exp') => ({
    key,
    s: Array.from(taskDynamics(kind, delta, lambda, 4)),
    D: 1,
    a0: [0.1],
    b0: [0.1],
    c0: [0.1],
  });
  const pts = [mk('p1', 1, 0.8, 'invexp'), { ...mk('p2', 0.7, 1.1, 'exp'), keepNetwork: true }];
  const shared = { T: 4, N: 2, P: 12, eta: 0.5, steps: 1200, recordEvery: 1200 };
  const a = await sweepNetworks(ctx, pts, shared);
  const b = await sweepNetworks(ctx, [...pts].reverse(), shared);
  assert.deepEqual(
    a.map((x) => x.key),
    ['p1', 'p2'],
  );
  assert.deepEqual(b.find((x) => x.key === 'p1')!.run.b, a[0].run.b);
  assert.ok(a[1].run.network && !a[0].run.network, 'keepNetwork is a per-point override');
  const specs = networkSpecs(pts, shared, (k) => ctx.seedFor(k));
  assert.equal(specs[0].seed, ctx.seedFor('p1'));
  assert.notEqual(specs[0].seed, specs[1].seed);
  // the network follows the reduced dynamics of the same point
  const red = sweepModes(
    pts.map((p) => ({ key: p.key, s: p.s, a0: 0.1, b0: 0.1, c0: 0.1 })),
    4,
    { tau: a[0].run.tau, steps: 1200 },
  );
  for (let i = 0; i < 2; i++) assert.ok(Math.abs(a[i].run.b[1][0] - red[i].b) < 1e-10, `${pts[i].key}: ${a[i].run.b[1][0]} vs ${red[i].b}`);
  await assert.rejects(sweepNetworks(ctx, [pts[0], pts[0]], shared), /duplicate point key/);
});
