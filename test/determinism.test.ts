/** Same command and seed → byte-identical numbers, whatever the number of worker threads. */
import { tempDir } from './lib/tmp.js';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CATALOG, loadFigure } from '../src/registry.js';
import { runFigure } from '../src/runner.js';
import { workerRunner } from '../src/pool.js';
import type { Params } from '../src/figure.js';
import { SNAPSHOTS } from './lib/snapshots.js';

test('same seed gives byte-identical numbers with 1 or 2 worker threads (fig2)', async () => {
  const fig = await loadFigure(CATALOG.find((e) => e.id === 'fig2')!);
  const series: string[] = [];
  for (const jobs of [1, 2]) {
    const out = tempDir(`lrnn-det-${jobs}-`);
    await runFigure(fig, fig.params.quick as Params, {
      scale: 'quick', seed: 7, outDir: out, formats: ['svg'], check: false, updateSnapshots: false, snapshotDir: SNAPSHOTS, jobs, runner: workerRunner(jobs),
    });
    const json = JSON.parse(readFileSync(join(out, 'fig2.json'), 'utf8'));
    series.push(JSON.stringify({ series: json.series, claims: json.claims }));
  }
  assert.equal(series[0], series[1]);
});
