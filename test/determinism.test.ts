/** Same command and seed → byte-identical numbers, whatever the number of worker threads. */
import { tempDir } from './lib/tmp.js';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
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
      scale: 'quick',
      seed: 7,
      outDir: out,
      formats: ['svg'],
      check: false,
      updateSnapshots: false,
      snapshotDir: SNAPSHOTS,
      jobs,
      runner: workerRunner(jobs),
    });
    const json = JSON.parse(readFileSync(join(out, 'fig2.json'), 'utf8'));
    series.push(JSON.stringify({ series: json.series, claims: json.claims }));
  }
  assert.equal(series[0], series[1]);
});

test('lrnn repro runs figures side by side with --jobs 2: same numbers and summary order as one at a time', () => {
  const LRNN = join(import.meta.dirname, '..', '..', 'bin', 'lrnn');
  const ids = ['fig2', 'figA1', 'figA2', 'figM3']; // catalog order, the order of the summary
  const runs = [1, 2].map((jobs) => {
    const out = tempDir(`lrnn-det-cli-${jobs}-`);
    const r = spawnSync(
      process.execPath,
      [LRNN, 'repro', ...ids, '--quick', '--no-cache', '--format', 'svg', '--json', '--jobs', String(jobs), '--out', out],
      { encoding: 'utf8' },
    );
    assert.equal(r.status, 0, r.stderr);
    const summary = JSON.parse(r.stdout) as { figures: { figure: string }[] };
    const numbers = ids.map((id) => {
      const json = JSON.parse(readFileSync(join(out, `${id}.json`), 'utf8'));
      return JSON.stringify({ series: json.series, claims: json.claims, snapshot: json.snapshot });
    });
    return { order: summary.figures.map((f) => f.figure), numbers, stderr: r.stderr };
  });
  assert.deepEqual(runs[0].order, ids, 'summary in catalog order');
  assert.deepEqual(runs[1].order, ids, 'summary in catalog order, whichever figure finished first');
  assert.deepEqual(runs[1].numbers, runs[0].numbers);
});
