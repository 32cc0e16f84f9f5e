/**
 * Worker pool determinism: a grid figure's numbers are byte-identical whether its networks are trained in
 * process (--jobs 1) or in two worker threads (--jobs 2), diverged runs included; map() starts the
 * costliest points first and still returns results in input order.
 */
import { tempDir } from './lib/tmp.js';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { CATALOG, loadFigure } from '../src/registry.js';
import { runFigure } from '../src/runner.js';
import { workerRunner } from '../src/pool.js';
import { makeContext, ShardStop, type TaskRunner } from '../src/context.js';
import { PointCache } from '../src/cache/point-cache.js';
import type { Params } from '../src/figure.js';
import { defineTask } from '../src/core/task.js';
import { NTK_TASK, type NtkRunSpec } from '../src/core/ntk.js';

const SNAPSHOTS = join(resolve(import.meta.dirname, '..', '..'), 'snapshots');

async function numbers(id: string, params: Params, jobs: number): Promise<string> {
  const entry = CATALOG.find((e) => e.id === id)!;
  const fig = await loadFigure(entry);
  const out = tempDir(`lrnn-pool-${id}-${jobs}-`);
  await runFigure(fig, { ...fig.params.quick, ...params } as Params, {
    scale: 'quick',
    seed: 3,
    outDir: out,
    formats: ['svg'],
    check: false,
    updateSnapshots: false,
    snapshotDir: SNAPSHOTS,
    jobs,
    runner: workerRunner(jobs),
  });
  const json = JSON.parse(readFileSync(join(out, `${id}.json`), 'utf8'));
  rmSync(out, { recursive: true, force: true });
  return JSON.stringify({ series: json.series, claims: json.claims, diverged: json.diverged, extra: json.extra });
}

test('figA6 grid (with a diverging cell): byte-identical numbers with --jobs 1 and --jobs 2', async () => {
  const params = { Ts: [1, 8], scales: [0.2, 1.2], seeds: 2 };
  const one = await numbers('figA6', params, 1);
  const two = await numbers('figA6', params, 2);
  assert.ok(JSON.parse(one).diverged.length > 0, 'the grid has a diverged run');
  assert.equal(two, one);
});

test('fig5 grid: byte-identical numbers with --jobs 1 and --jobs 2', async () => {
  const params = { Ts: [1, 3], scales: [0.1, 0.5], seeds: 2 };
  assert.equal(await numbers('fig5', params, 2), await numbers('fig5', params, 1));
});

/** A small unaligned NTK run of trajectory length T and `steps` gradient steps (its cost grows with both). */
const spec = (T: number, steps: number, seed: string): NtkRunSpec => ({
  task: 'constant',
  T,
  N: 2,
  Nh: 6,
  D: 2,
  P: 2 * T + 2,
  delta: 1,
  init: 'unaligned',
  sigmaIO: 0.3,
  sigmaRec: 0.3,
  eta: 0.5,
  steps,
  seed,
});

test('the pool returns results in input order, whatever order the workers finish in', async () => {
  // heavy first, light last: with two workers the light runs finish before the heavy ones
  const inputs = [spec(6, 4000, 'a'), spec(1, 10, 'b'), spec(2, 10, 'c'), spec(5, 3000, 'd'), spec(1, 5, 'e')];
  const ctx1 = makeContext({ figureId: 't', seed: 1, scale: 'quick', jobs: 1 });
  const ctx2 = makeContext({ figureId: 't', seed: 1, scale: 'quick', jobs: 2, runner: workerRunner(2) });
  const a = await ctx1.map(NTK_TASK, inputs);
  const b = await ctx2.map(NTK_TASK, inputs);
  assert.equal(JSON.stringify(b), JSON.stringify(a));
  assert.deepEqual(
    a.map((r) => r.steps),
    [4000, 10, 10, 3000, 5],
  );
});

/** A runner that records the order in which map() starts its points (the inputs it is handed). */
function recording(inner: TaskRunner): TaskRunner & { started: unknown[] } {
  const started: unknown[] = [];
  return {
    jobs: inner.jobs,
    started,
    run(task, input, onProgress) {
      started.push(input);
      return inner.run(task, input, onProgress);
    },
    close: () => inner.close(),
  };
}

test('map() with a cost starts the costliest points first; results in input order, identical for --jobs 1 and 2', async () => {
  const inputs = [spec(1, 10, 'b'), spec(6, 3000, 'a'), spec(2, 10, 'c'), spec(5, 2000, 'd'), spec(1, 5, 'e'), spec(2, 10, 'f')];
  const cost = (s: NtkRunSpec) => s.steps;
  // decreasing steps, equal steps in input order
  const expected = [1, 3, 0, 2, 5, 4].map((i) => inputs[i]);
  const dir = tempDir('lrnn-pool-cost-');
  try {
    const out: string[] = [];
    for (const [jobs, cached] of [
      [1, false],
      [2, false],
      [2, true],
    ] as const) {
      const runner = recording(workerRunner(jobs));
      const cache = cached ? new PointCache(join(dir, 'cache')) : undefined;
      const ctx = makeContext({ figureId: 't', seed: 1, scale: 'quick', jobs, runner, cache });
      try {
        out.push(JSON.stringify(await ctx.map(NTK_TASK, inputs, 'points', { cost })));
      } finally {
        await runner.close();
        await cache?.close();
      }
      assert.deepEqual(runner.started, expected, `start order with --jobs ${jobs}${cached ? ' and a cache' : ''}`);
    }
    const plain = recording(workerRunner(1));
    const reference = JSON.stringify(await makeContext({ figureId: 't', seed: 1, scale: 'quick', runner: plain }).map(NTK_TASK, inputs));
    assert.deepEqual(plain.started, inputs, 'without a cost, points start in input order');
    assert.deepEqual(out, [reference, reference, reference]);
    assert.deepEqual(
      JSON.parse(reference).map((r: { steps: number }) => r.steps),
      inputs.map((s) => s.steps),
    );
    // A shard's share of the first stage is every N-th point in start order (costs spread over shards).
    const sharded = recording(workerRunner(1));
    const cache = new PointCache(join(dir, 'shard-cache'));
    const shard = makeContext({ figureId: 't', seed: 1, scale: 'quick', runner: sharded, cache, shard: { index: 1, count: 2 } });
    await assert.rejects(shard.map(NTK_TASK, inputs, 'points', { cost }), ShardStop);
    await cache.close();
    assert.deepEqual(sharded.started, [expected[0], expected[2], expected[4]]);
    const bad = makeContext({ figureId: 't', seed: 1, scale: 'quick' });
    await assert.rejects(bad.map(NTK_TASK, inputs, 'points', { cost: () => NaN }), /cost of input 0 is NaN/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the pool keeps its workers across map() calls and replaces a worker that exits mid-point', async () => {
  const { WorkerPool } = await import('../src/pool.js');
  const dir = tempDir('lrnn-pool-exit-');
  try {
    const mod = join(dir, 'task.js');
    writeFileSync(
      mod,
      [
        "import { threadId } from 'node:worker_threads';",
        'export function id(x) { return { x, thread: threadId }; }',
        'export function die(x) { process.exit(7); }',
      ].join('\n'),
    );
    const url = new URL(`file://${mod}`).href;
    const pool = new WorkerPool(2);
    const id = defineTask<number, { x: number; thread: number }>(url, 'id');
    const die = defineTask<number, never>(url, 'die');
    const ctx = makeContext({ figureId: 't', seed: 1, scale: 'quick', runner: pool });
    const a = await ctx.map(id, [1, 2, 3, 4]);
    const b = await ctx.map(id, [5, 6, 7, 8]);
    const threads = new Set([...a, ...b].map((r) => r.thread));
    assert.ok(threads.size <= 2, `at most 2 workers over both calls, saw threads ${[...threads].join(', ')}`);
    assert.equal(pool.size, threads.size);
    await assert.rejects(ctx.map(die, [1]), /worker thread exited with code 7 while running task die/);
    const c = await ctx.map(id, [9, 10]);
    assert.deepEqual(
      c.map((r) => r.x),
      [9, 10],
      'the pool works on after a worker died',
    );
    assert.ok(pool.size <= 2);
    await pool.close();
    assert.equal(pool.size, 0);
    await assert.rejects(pool.run(id, 1), /closed/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('idle pool workers do not keep the process alive', () => {
  // A script that uses the pool and never closes it must still exit by itself.
  const dir = tempDir('lrnn-pool-idle-');
  const script = join(dir, 'idle.mjs');
  writeFileSync(
    script,
    [
      `import { WorkerPool } from ${JSON.stringify(new URL('../src/pool.js', import.meta.url).href)};`,
      `import { NTK_TASK } from ${JSON.stringify(new URL('../src/core/ntk.js', import.meta.url).href)};`,
      'const pool = new WorkerPool(2);',
      "const spec = { task: 'constant', T: 1, N: 2, Nh: 4, D: 2, P: 4, delta: 1, init: 'unaligned', sigmaIO: 0.3, sigmaRec: 0.3, eta: 0.5, steps: 5, seed: 'x' };",
      'await Promise.all([pool.run(NTK_TASK, spec), pool.run(NTK_TASK, { ...spec, seed: "y" })]);',
      "console.log('done');",
    ].join('\n'),
  );
  const r = spawnSync(process.execPath, [script], { encoding: 'utf8', timeout: 30_000 });
  rmSync(dir, { recursive: true, force: true });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout.trim(), 'done');
});
