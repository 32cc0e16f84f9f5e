/**
 * Snapshot tests: a figure re-runs at quick scale and its numbers are compared with
 * snapshots/<id>.quick.json (per-key tolerances). A mismatch names the key, expected, got and error.
 * One test file per group (test/figures-<group>.test.ts) so the runner can spread them over cores.
 */
import { tempDir } from './tmp.js';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadAllFigures } from '../../src/registry.js';
import { runFigure } from '../../src/runner.js';
import { describeMismatch, describeVerdictChange } from '../../src/output/snapshot.js';
import type { Group, Params } from '../../src/figure.js';
import { checkPrint } from './print.js';

export const ROOT = resolve(import.meta.dirname, '..', '..', '..');
export const SNAPSHOTS = join(ROOT, 'snapshots');
/** Every figure; a group is read from the modules. */
const FIGURES = await loadAllFigures();

export function snapshotTests(group: Group): void {
  const entries = FIGURES.filter((f) => f.group === group);
  if (entries.length === 0) {
    test(`${group}: no figure implemented yet`, { skip: true }, () => {});
    return;
  }
  for (const entry of entries) {
    test(`${entry.id}: quick-scale numbers match snapshots/${entry.id}.quick.json`, async () => {
      assert.ok(
        existsSync(join(SNAPSHOTS, `${entry.id}.quick.json`)),
        `missing snapshot for ${entry.id}: run \`node bin/lrnn repro ${entry.id} --quick --update-snapshots\``,
      );
      const fig = entry;
      const out = tempDir(`lrnn-${entry.id}-`);
      const run = await runFigure(fig, fig.params.quick as Params, {
        scale: 'quick',
        seed: 1,
        outDir: out,
        formats: ['svg'],
        check: true,
        updateSnapshots: false,
        snapshotDir: SNAPSHOTS,
        jobs: 1,
      });
      const snap = JSON.parse(readFileSync(join(SNAPSHOTS, `${entry.id}.quick.json`), 'utf8'));
      assert.ok(snap.verdicts && Object.keys(snap.verdicts).length > 0, `snapshots/${entry.id}.quick.json records the claims' verdicts`);
      const s = run.snapshot;
      if (s.status === 'mismatch') {
        const lines = [...s.verdicts.map(describeVerdictChange), ...s.mismatches.map(describeMismatch)];
        assert.fail(`${entry.id}: ${lines.length} mismatches:\n${lines.slice(0, 20).join('\n')}`);
      }
      assert.equal(s.status, 'match');
      assert.deepEqual(run.renderWarnings, [], `${entry.id}: vega/vega-lite warnings while rendering its quick-scale spec`);
      for (const d of fig.deviations ?? []) {
        assert.ok(
          run.claims.some((c) => c.id === d.claim),
          `${entry.id}: the deviation record names claim '${d.claim}', which the figure does not make`,
        );
      }
      const json = JSON.parse(readFileSync(join(out, `${entry.id}.json`), 'utf8'));
      for (const key of ['figure', 'scale', 'seed', 'params', 'series', 'claims', 'notes', 'provenance', 'elapsedMs'])
        assert.ok(key in json, `${entry.id}.json has ${key}`);
      assert.ok(json.claims.length > 0, `${entry.id} checks at least one claim`);
      for (const c of json.claims)
        for (const k of ['id', 'text', 'measured', 'expected', 'pass', 'verdict']) assert.ok(k in c, `claim ${c.id} has ${k}`);
      // The same figure for a manuscript: column width, print theme (text ≥ 7 pt, PDF with embedded font).
      await checkPrint(entry.id, JSON.parse(readFileSync(join(out, `${entry.id}.vl.json`), 'utf8')));
    });
  }
}
