/**
 * fig3: the converged values of the full aligned networks are those of the reduced dynamics (eq. 5–7, each
 * point integrated alone here), failed runs are never numbers, and a run with diverging and non-converging
 * points and a failed extrapolation network goes through claims and spec without crashing.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fig3, { type Fig3Params, type Point } from '../experiments/fig3.js';
import { makeContext } from '../src/context.js';
import { simulateModes } from '../src/core/modes.js';
import { taskDynamics } from '../src/core/tasks.js';

const ctx = () => makeContext({ figureId: 'fig3', seed: 1, scale: 'quick' });

test('fig3 (quick): networks converge to the values the reduced dynamics give, point by point', async () => {
  const p = fig3.params.quick;
  const r = await fig3.run(p, ctx());
  const pts: Point[] = [...r.series.points.constant, ...r.series.points.invexp, ...r.series.points.exp];
  assert.equal(pts.length, p.constantDeltas.length + p.invexpLambdas.length + p.expLambdas.length);
  const tau = r.extra.tau;
  let compared = 0;
  for (const x of pts) {
    const s = taskDynamics(x.kind, x.delta, x.lambda, p.T);
    const red = simulateModes({ a: Float64Array.of(p.a0), b: Float64Array.of(p.b0), c: Float64Array.of(p.c0) }, s, p.T, {
      tau,
      steps: r.extra.steps,
      divergenceBound: p.divergenceBound,
    });
    let e = 0,
      e0 = 0;
    const u = red.m.a[0] * red.m.c[0];
    for (let k = 0; k < p.T; k++) {
      e += (s[p.T - 1 - k] - u * red.m.b[0] ** k) ** 2;
      e0 += (s[p.T - 1 - k] - p.a0 * p.c0 * p.b0 ** k) ** 2;
    }
    const redConverged = !red.diverged[0] && e / e0 <= p.convTol;
    assert.equal(x.status === 'converged', redConverged, `${x.key}: network ${x.status}, reduced converged = ${redConverged}`);
    if (x.status === 'converged') {
      assert.ok(Math.abs(x.b! - red.m.b[0]) < 1e-9, `${x.key}: b ${x.b} vs ${red.m.b[0]}`);
      assert.ok(Math.abs(x.ac! - u) < 1e-9, `${x.key}: ac ${x.ac} vs ${u}`);
      compared++;
    } else {
      assert.equal(x.b, null);
      assert.equal(x.ac, null);
    }
  }
  assert.ok(compared >= 8, `compared ${compared} converged points`);
  assert.ok(
    pts.some((x) => x.status !== 'converged'),
    'the quick sweep includes points beyond the GD edge',
  );
  const claims = fig3.claims(r, p);
  for (const id of ['match-F3', 'reduced-matches-network', 'network-equals-modes', 'diverged-reported']) {
    assert.ok(claims.find((c) => c.id === id)?.pass, `claim ${id} holds at quick scale`);
  }
});

test('fig3: diverged and non-converged runs are listed, marked, and never drawn as numbers', async () => {
  const p: Fig3Params = {
    ...fig3.params.quick,
    tEnd: 20,
    constantDeltas: [1, 3.5, 6],
    invexpLambdas: [0.8],
    expLambdas: [1.2],
    extrapKinds: ['exp', 'constant'],
    extrapDeltas: [1, 6],
    extrapLambdas: [1.6, 1],
    extrapTMax: 6,
  };
  assert.equal(fig3.validate!(p), null);
  const r = await fig3.run(p, ctx());
  const c = r.series.points.constant;
  assert.deepEqual(
    c.map((x) => x.status),
    ['converged', 'not converged', 'diverged'],
  );
  const listed = (r.diverged ?? []) as Array<{ key: string; status: string; step: number | null }>;
  assert.ok(listed.some((d) => d.key === c[2].key && d.status === 'diverged' && typeof d.step === 'number' && d.step > 0));
  assert.ok(listed.some((d) => d.key === c[1].key && d.status === 'not converged'));
  // extrapolation with a failed network (exp λ = 1.6 is beyond the GD edge; constant δ = 6 diverges): no numbers
  for (const e of r.series.extrapolation) {
    assert.notEqual(e.status, 'converged');
    assert.ok(e.network.every((v) => v === null));
  }
  const claims = fig3.claims(r, p);
  assert.equal(claims.find((x) => x.id === 'exp-no-extrapolation')!.pass, false);
  assert.equal(claims.find((x) => x.id === 'diverged-reported')!.pass, true);
  assert.equal(claims.find((x) => x.id === 'gd-edge')!.pass, true);
  // the spec: no non-finite number anywhere, the learned line breaks at failed points, markers sit at their δ
  const spec = fig3.spec(r, p);
  const text = JSON.stringify(spec, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? `NONFINITE:${v}` : v));
  assert.ok(!text.includes('NONFINITE'), 'no NaN or Infinity in the spec');
  const rows: Array<Record<string, unknown>> = [];
  const walk = (o: unknown): void => {
    if (Array.isArray(o)) o.forEach(walk);
    else if (o && typeof o === 'object') {
      const rec = o as Record<string, unknown>;
      const values = (rec.data as { values?: unknown[] } | undefined)?.values;
      if (values) rows.push(...(values as Array<Record<string, unknown>>));
      Object.values(rec).forEach(walk);
    }
  };
  walk(spec);
  const learned = rows.filter((v) => v.series === 'constant' && v.kind === 'network (learned)');
  assert.equal(learned.length, 6, 'three points in the b and the ac panel');
  for (const v of learned) assert.equal(v.y === null, v.x !== 1, `learned value at δ = ${v.x}`);
  assert.ok(rows.some((v) => v.marker === 'diverged' && v.x === 6));
  assert.ok(rows.some((v) => v.marker === 'not converged' && v.x === 3.5));
  const snap = fig3.snapshot(r, p);
  assert.equal(snap[`${c[2].key}.b`].value, null);
  assert.equal(snap[`${c[2].key}.status`].value, 2);
});
