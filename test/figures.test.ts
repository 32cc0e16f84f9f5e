/**
 * Snapshot tests: every implemented figure re-runs at quick scale and its numbers are compared with
 * snapshots/<id>.quick.json (per-key tolerances). A mismatch names the key, expected, got and error.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { CATALOG, isImplemented, loadFigure } from '../src/registry.js';
import { runFigure } from '../src/runner.js';
import { describeMismatch } from '../src/output/snapshot.js';
import { workerRunner } from '../src/pool.js';
import type { Params } from '../src/figure.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
const SNAPSHOTS = join(ROOT, 'snapshots');

for (const entry of CATALOG.filter(isImplemented)) {
  test(`${entry.id}: quick-scale numbers match snapshots/${entry.id}.quick.json`, async () => {
    assert.ok(existsSync(join(SNAPSHOTS, `${entry.id}.quick.json`)), `missing snapshot for ${entry.id}: run \`node bin/lrnn repro ${entry.id} --quick --update-snapshots\``);
    const fig = await loadFigure(entry);
    const out = mkdtempSync(join(tmpdir(), `lrnn-${entry.id}-`));
    const run = await runFigure(fig, fig.params.quick as Params, {
      scale: 'quick', seed: 1, outDir: out, formats: ['svg'], check: true, updateSnapshots: false, snapshotDir: SNAPSHOTS, jobs: 1,
    });
    const s = run.snapshot;
    if (s.status === 'mismatch') assert.fail(`${entry.id}: ${s.mismatches.length} mismatches:\n${s.mismatches.slice(0, 20).map(describeMismatch).join('\n')}`);
    assert.equal(s.status, 'match');
    const json = JSON.parse(readFileSync(join(out, `${entry.id}.json`), 'utf8'));
    for (const key of ['figure', 'scale', 'seed', 'params', 'series', 'claims', 'notes', 'provenance', 'elapsedMs']) assert.ok(key in json, `${entry.id}.json has ${key}`);
    for (const c of json.claims) for (const k of ['id', 'text', 'measured', 'expected', 'pass']) assert.ok(k in c, `claim ${c.id} has ${k}`);
  });
}

test('same seed gives byte-identical numbers with 1 or 2 worker threads (fig2)', async () => {
  const entry = CATALOG.find((e) => e.id === 'fig2')!;
  const fig = await loadFigure(entry);
  const series: string[] = [];
  for (const jobs of [1, 2]) {
    const out = mkdtempSync(join(tmpdir(), `lrnn-det-${jobs}-`));
    await runFigure(fig, fig.params.quick as Params, {
      scale: 'quick', seed: 7, outDir: out, formats: ['svg'], check: false, updateSnapshots: false, snapshotDir: SNAPSHOTS, jobs, runner: workerRunner(jobs),
    });
    const json = JSON.parse(readFileSync(join(out, 'fig2.json'), 'utf8'));
    series.push(JSON.stringify({ series: json.series, claims: json.claims }));
  }
  assert.equal(series[0], series[1]);
});
