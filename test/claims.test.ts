/** Claim verdicts (recorded deviations as strict expected failures), --check semantics, robustness statistics. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { failsRun, judgeClaim } from '../src/claims.js';
import type { Claim, Deviation, Figure, Params } from '../src/figure.js';
import { runFailed, runFigure, type RunOptions } from '../src/runner.js';
import { robustness } from '../src/robustness.js';
import { studentTQuantile, summarise } from '../src/stats.js';
import { tempDir } from './lib/tmp.js';

const holds: Claim = { id: 'c', text: 't', measured: 1, expected: 'e', pass: true };
const breaks: Claim = { ...holds, pass: false };
const dev: Deviation = { claim: 'c', scales: ['paper'], kind: 'finding', text: 'why' };

test('verdicts: a recorded deviation fails as recorded; passing it, or any other failure, fails the run', () => {
  assert.equal(judgeClaim(holds, [], 'paper').verdict, 'pass');
  assert.equal(judgeClaim(breaks, [], 'paper').verdict, 'fail');
  assert.equal(judgeClaim(breaks, [dev], 'paper').verdict, 'deviation');
  assert.equal(judgeClaim(holds, [dev], 'paper').verdict, 'unexpected-pass');
  // a record for another scale does not apply
  assert.equal(judgeClaim(breaks, [dev], 'quick').verdict, 'fail');
  assert.equal(judgeClaim(holds, [dev], 'quick').verdict, 'pass');
  assert.deepEqual(
    ['pass', 'fail', 'deviation', 'unexpected-pass'].map((v) => failsRun(v as never)),
    [false, true, false, true],
  );
  assert.equal(judgeClaim(breaks, [dev], 'paper').deviation?.text, 'why');
});

test("Student's t quantiles and the 95 % interval of the mean", () => {
  // Reference values (tables of the t distribution, 10 digits).
  for (const [nu, q] of [
    [1, 12.7062047362],
    [2, 4.3026527297],
    [9, 2.2621571628],
    [30, 2.0422724563],
    [1000, 1.9623390808],
  ] as const) {
    assert.ok(Math.abs(studentTQuantile(0.975, nu) - q) < 1e-8, `t(0.975, ${nu}) = ${studentTQuantile(0.975, nu)} vs ${q}`);
  }
  const s = summarise([1, 2, 3, 4]);
  assert.equal(s.mean, 2.5);
  assert.ok(Math.abs(s.sd! - Math.sqrt(5 / 3)) < 1e-15);
  const h = (3.1824463053 * Math.sqrt(5 / 3)) / 2;
  assert.ok(Math.abs(s.ci95![0] - (2.5 - h)) < 1e-8 && Math.abs(s.ci95![1] - (2.5 + h)) < 1e-8);
  assert.equal(summarise([7]).ci95, null);
});

test('robustness: pass rate per claim, statistics of numeric measurements and named values', () => {
  const seedClaims = [0.5, 1.5, 1.0].map((x, i) => [
    judgeClaim(
      { id: 'ratio', text: 'r', measured: x, expected: '> 1', pass: x > 1, values: { 'panel A': x, 'panel B': 2 * x } },
      [],
      'quick',
    ),
    judgeClaim({ id: 'text', text: 's', measured: `seed ${i}`, expected: '-', pass: true }, [], 'quick'),
  ]);
  const r = robustness('figX', 'quick', [1, 2, 3], seedClaims);
  const ratio = r.claims.find((c) => c.id === 'ratio')!;
  assert.equal(ratio.passes, 1);
  assert.equal(ratio.runs, 3);
  assert.ok(Math.abs(ratio.passRate - 1 / 3) < 1e-15);
  assert.deepEqual(ratio.verdicts, { pass: 1, fail: 2, deviation: 0, 'unexpected-pass': 0 });
  assert.equal(ratio.numeric!.mean, 1);
  assert.equal(ratio.values['panel B'].mean, 2);
  assert.equal(r.claims.find((c) => c.id === 'text')!.numeric, null);
});

/** A figure with one claim whose outcome a parameter decides, to test the runner without training anything. */
const toy: Figure<{ x: number } & Params> = {
  id: 'fig2',
  group: 'modes',
  title: 'toy',
  paper: 'toy',
  caption: 'toy',
  params: { paper: { x: 1 }, quick: { x: 1 } },
  async run(p) {
    return { series: { x: [p.x] } };
  },
  claims(r) {
    const x = (r.series.x as number[])[0];
    return [{ id: 'x-positive', text: 'x > 0', measured: x, expected: '> 0', pass: x > 0 }];
  },
  spec(r) {
    return {
      $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
      data: { values: (r.series.x as number[]).map((x) => ({ x })) },
      mark: 'point',
      encoding: { x: { field: 'x', type: 'quantitative' } },
    };
  },
  snapshot(r) {
    return { x: { value: (r.series.x as number[])[0], abs: 0, rel: 0 } };
  },
};

function opts(dir: string, extra: Partial<RunOptions> = {}): RunOptions {
  return {
    scale: 'quick',
    seed: 1,
    outDir: dir,
    formats: ['svg'],
    check: true,
    updateSnapshots: false,
    snapshotDir: dir,
    jobs: 1,
    ...extra,
  };
}

test('--check: a missing snapshot, another seed, other parameters or a changed verdict fail the run, naming why', async () => {
  const dir = tempDir('lrnn-claims-');
  const missing = await runFigure(toy, { x: 1 }, opts(dir));
  assert.equal(missing.snapshot.status, 'missing');
  assert.ok(runFailed(missing));
  await runFigure(toy, { x: 1 }, opts(dir, { check: false, updateSnapshots: true }));
  const snap = JSON.parse(readFileSync(join(dir, 'fig2.quick.json'), 'utf8'));
  assert.deepEqual(snap.verdicts, { 'x-positive': 'pass' });
  const ok = await runFigure(toy, { x: 1 }, opts(dir));
  assert.equal(ok.snapshot.status, 'match');
  assert.ok(!runFailed(ok));
  const seed = await runFigure(toy, { x: 1 }, opts(dir, { seed: 2 }));
  assert.equal(seed.snapshot.status, 'not-comparable');
  assert.match((seed.snapshot as { reason: string }).reason, /--seed 1.*--seed 2/);
  assert.ok(runFailed(seed));
  const params = await runFigure(toy, { x: 2 }, opts(dir));
  assert.equal(params.snapshot.status, 'not-comparable');
  assert.match((params.snapshot as { reason: string }).reason, /other parameters \(x\)/);
  // The numbers still match, but the snapshot says the claim failed: the verdict change is a mismatch.
  writeFileSync(join(dir, 'fig2.quick.json'), JSON.stringify({ ...snap, verdicts: { 'x-positive': 'fail' } }));
  const changed = await runFigure(toy, { x: 1 }, opts(dir));
  assert.equal(changed.snapshot.status, 'mismatch');
  if (changed.snapshot.status === 'mismatch')
    assert.deepEqual(changed.snapshot.verdicts, [{ claim: 'x-positive', expected: 'fail', got: 'pass' }]);
  assert.ok(runFailed(changed));
});

test('a recorded deviation that fails does not fail the run; one that passes does', async () => {
  const dir = tempDir('lrnn-claims-dev-');
  const recorded = {
    ...toy,
    deviations: [{ claim: 'x-positive', scales: ['quick'], kind: 'finding', text: 'x is negative here' }],
  } as typeof toy;
  const asRecorded = await runFigure(recorded, { x: -1 }, opts(dir, { check: false }));
  assert.equal(asRecorded.claims[0].verdict, 'deviation');
  assert.ok(!runFailed(asRecorded));
  const json = JSON.parse(readFileSync(join(dir, 'fig2.json'), 'utf8'));
  assert.equal(json.claims[0].verdict, 'deviation');
  assert.equal(json.deviations[0].text, 'x is negative here');
  assert.deepEqual(json.claimTally, { pass: 0, fail: 0, deviation: 1, unexpectedPass: 0, total: 1 });
  const stale = await runFigure(recorded, { x: 1 }, opts(dir, { check: false }));
  assert.equal(stale.claims[0].verdict, 'unexpected-pass');
  assert.ok(runFailed(stale));
});
