/**
 * Sweeps that outlive one process: a figure served from the cache is byte-identical to a computed
 * one; shards (one after another, or at the same time) compute every point once and a plain run
 * then assembles the figure without computing, byte-identical to an unsharded run, including fig4
 * whose refinement and network stages depend on its coarse sweep; a run killed with SIGKILL is
 * resumed by computing only the points it had not finished.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { CATALOG, loadFigure } from '../src/registry.js';
import { runFigure } from '../src/runner.js';
import { workerRunner } from '../src/pool.js';
import { PointCache } from '../src/cache/point-cache.js';
import { usage } from '../src/cache/store.js';
import type { Params } from '../src/figure.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
const LRNN = join(ROOT, 'bin', 'lrnn');
const SNAPSHOTS = join(ROOT, 'snapshots');
const TMP = mkdtempSync(join(tmpdir(), 'lrnn-sweeps-test-'));
after(() => rmSync(TMP, { recursive: true, force: true }));
let n = 0;
const fresh = (name: string) => mkdtempSync(join(TMP, `${name}-${n++}-`));

/** The figure JSON without what differs between runs by design (time, provenance, point counts). */
function numbers(dir: string, id: string): string {
  const j = JSON.parse(readFileSync(join(dir, `${id}.json`), 'utf8'));
  for (const k of ['elapsedMs', 'provenance', 'points']) delete j[k];
  return JSON.stringify(j);
}

function sameOutputs(a: string, b: string, id: string, exts: string[]): void {
  assert.equal(numbers(a, id), numbers(b, id), `${id}.json numbers`);
  for (const ext of exts)
    assert.ok(readFileSync(join(a, `${id}.${ext}`)).equals(readFileSync(join(b, `${id}.${ext}`))), `${id}.${ext} bytes`);
}

function lrnn(args: string[]) {
  const r = spawnSync(process.execPath, [LRNN, ...args], { encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0' } });
  assert.ok(r.status === 0 || r.status === 1, `lrnn ${args.join(' ')}: exit ${r.status}\n${r.stderr}`);
  return r;
}

function lrnnAsync(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((res) => {
    const p = spawn(process.execPath, [LRNN, ...args], { env: { ...process.env, FORCE_COLOR: '0' } });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d) => (stdout += d));
    p.stderr.on('data', (d) => (stderr += d));
    p.on('close', (status) => res({ status, stdout, stderr }));
  });
}

test('fig5 at quick scale: served from the cache, the same JSON numbers and PNG bytes as computed', async () => {
  const fig = await loadFigure(CATALOG.find((e) => e.id === 'fig5')!);
  const cacheDir = fresh('fig5-cache');
  const run = async (out: string) => {
    const cache = new PointCache(cacheDir);
    const runner = workerRunner(2);
    try {
      return await runFigure(fig, fig.params.quick as Params, {
        scale: 'quick',
        seed: 1,
        outDir: out,
        formats: ['png', 'svg'],
        check: false,
        updateSnapshots: false,
        snapshotDir: SNAPSHOTS,
        jobs: 2,
        runner,
        cache,
      });
    } finally {
      await runner.close();
      await cache.close();
    }
  };
  const computed = fresh('fig5-computed');
  const served = fresh('fig5-served');
  const fromPoints = fresh('fig5-from-points');
  const first = await run(computed);
  assert.ok(first.points.computed > 0);
  assert.deepEqual(first.points, { computed: first.points.computed, cached: 0, byOthers: 0 });
  // The whole result is served (results cache), then, without it, every point (point cache).
  const second = await run(served);
  assert.deepEqual(second.points, { computed: 0, cached: first.points.computed, byOthers: 0 });
  assert.deepEqual(
    usage(cacheDir).map((u) => [u.figure, u.entries, u.results]),
    [['fig5', first.points.computed, 1]],
  );
  rmSync(join(cacheDir, 'v1', 'results'), { recursive: true });
  const third = await run(fromPoints);
  assert.deepEqual(third.points, { computed: 0, cached: first.points.computed, byOthers: 0 });
  // (SVG is left out here: vega numbers its gradients per process, so a second render in one process
  // differs whatever the numbers; the CLI runs of the tests below are one process each.)
  sameOutputs(computed, served, 'fig5', ['png', 'vl.json']);
  sameOutputs(computed, fromPoints, 'fig5', ['png', 'vl.json']);
});

// fig4 with fewer sweep points: its refinement and full-network stages depend on the coarse sweep.
const FIG4 = ['fig4', '--quick', '--set', 'points=11', '--format', 'png', '--jobs', '1'];
// The unsharded reference (no cache) of fig2 and fig4, made once for the shard tests.
let referenceDir: string | null = null;
function reference(): string {
  if (!referenceDir) {
    referenceDir = fresh('reference');
    lrnn(['repro', 'fig2', ...FIG4, '--no-cache', '--out', referenceDir, '--quiet']);
  }
  return referenceDir;
}

test('shards one after another, then a plain run: every point computed once, assembly computes none, byte-identical (fig4)', () => {
  const cacheDir = fresh('fig4-seq-cache');
  const computed: number[] = [];
  for (let k = 1; k <= 3; k++) {
    const out = fresh('fig4-shard-out');
    const r = lrnn(['repro', ...FIG4, '--cache', cacheDir, '--out', out, '--shard', `${k}/3`, '--quiet', '--json']);
    const s = JSON.parse(r.stdout);
    computed.push(s.points.computed);
    assert.deepEqual(readdirSync(out), [], 'a shard writes no figure');
  }
  assert.ok(computed[0] > 0 && computed[1] > 0, `the first shards compute their share of the coarse sweep (${computed})`);
  const assembled = fresh('fig4-assembled');
  const a = JSON.parse(lrnn(['repro', ...FIG4, '--cache', cacheDir, '--out', assembled, '--quiet', '--json']).stdout);
  assert.equal(a.points.computed, 0, 'the assembly computes nothing');
  assert.equal(
    a.points.cached,
    computed.reduce((s, x) => s + x, 0),
    'each point was computed by exactly one shard',
  );
  sameOutputs(reference(), assembled, 'fig4', ['png', 'vl.json']);
});

test('shards at the same time: no point computed twice, no deadlock; assembly byte-identical (fig4, fig2)', async () => {
  const cacheDir = fresh('conc-cache');
  const shards = await Promise.all(
    [1, 2, 3].map((k) =>
      lrnnAsync([
        'repro',
        'fig2',
        ...FIG4,
        '--cache',
        cacheDir,
        '--out',
        fresh('conc-shard-out'),
        '--shard',
        `${k}/3`,
        '--quiet',
        '--json',
      ]),
    ),
  );
  for (const s of shards) assert.equal(s.status, 0, s.stderr);
  const perFigure = (id: string) =>
    shards.map((s) => JSON.parse(s.stdout).figures.find((f: { figure: string }) => f.figure === id).points.computed as number);
  const assembled = fresh('conc-assembled');
  const a = JSON.parse(lrnn(['repro', 'fig2', ...FIG4, '--cache', cacheDir, '--out', assembled, '--quiet', '--json']).stdout);
  assert.equal(a.points.computed, 0);
  for (const id of ['fig2', 'fig4']) {
    const total = a.figures.find((f: { figure: string }) => f.figure === id).points.cached;
    assert.equal(
      perFigure(id).reduce((s, x) => s + x, 0),
      total,
      `${id}: the shards computed ${perFigure(id)} of ${total} points`,
    );
    sameOutputs(reference(), assembled, id, ['png', 'vl.json']);
  }
  assert.ok(
    usage(cacheDir).every((u) => u.claims === 0 && u.temp === 0),
    'no claim or temp file left',
  );
});

test('resume: figA5 killed (SIGKILL) after some points; the next run computes only the rest', async () => {
  const cacheDir = fresh('resume-cache');
  const out = fresh('resume-out');
  const args = ['repro', 'figA5', '--quick', '--format', 'png', '--jobs', '1', '--cache', cacheDir, '--out', out, '--quiet', '--json'];
  const p = spawn(process.execPath, [LRNN, ...args], { stdio: 'ignore' });
  const entries = () => usage(cacheDir).reduce((s, u) => s + u.entries, 0);
  await new Promise<void>((res, rej) => {
    const t = setInterval(() => {
      if (entries() >= 4) {
        clearInterval(t);
        p.kill('SIGKILL');
        res();
      }
    }, 20);
    p.on('exit', () => {
      clearInterval(t);
      rej(new Error('figA5 finished before it could be killed'));
    });
  });
  await new Promise((r) => p.once('exit', r));
  const done = entries();
  const r = JSON.parse(lrnn(args).stdout);
  const total = r.points.computed + r.points.cached;
  assert.ok(done >= 4 && done < total, `killed after ${done} of ${total} points`);
  assert.deepEqual(r.points, { computed: total - done, cached: done, byOthers: 0 });
  const again = JSON.parse(lrnn(args).stdout);
  assert.deepEqual(again.points, { computed: 0, cached: total, byOthers: 0 });
});

test('a shard killed part-way loses only its points in flight; re-submitting it completes the work', async () => {
  const cacheDir = fresh('killed-shard-cache');
  const out = fresh('killed-shard-out');
  const args = (k: number) => [
    'repro',
    'figA5',
    '--quick',
    '--format',
    'png',
    '--jobs',
    '1',
    '--cache',
    cacheDir,
    '--out',
    out,
    '--shard',
    `${k}/2`,
    '--quiet',
    '--json',
  ];
  const entries = () => usage(cacheDir).reduce((s, u) => s + u.entries, 0);
  const p = spawn(process.execPath, [LRNN, ...args(1)], { stdio: 'ignore' });
  await new Promise<void>((res, rej) => {
    const t = setInterval(() => {
      if (entries() >= 3) {
        clearInterval(t);
        p.kill('SIGKILL');
        res();
      }
    }, 20);
    p.on('exit', () => {
      clearInterval(t);
      rej(new Error('shard 1 finished before it could be killed'));
    });
  });
  await new Promise((r) => p.once('exit', r));
  const done1 = entries();
  // Shard 2 computes its share; shard 1's unfinished share is claimed by a dead process: it stops.
  const s2 = JSON.parse(lrnn(args(2)).stdout).figures[0];
  assert.equal(s2.complete, false);
  assert.ok(s2.leftToOthers > 0);
  // Re-submitted, shard 1 computes only what it had not finished, and completes the figure.
  const s1 = JSON.parse(lrnn(args(1)).stdout).figures[0];
  assert.equal(s1.complete, true);
  const total = done1 + s2.points.computed + s1.points.computed;
  assert.equal(s2.leftToOthers, s1.points.computed, 'the re-submitted shard computes exactly what was left');
  const a = JSON.parse(
    lrnn(['repro', 'figA5', '--quick', '--format', 'png', '--cache', cacheDir, '--out', out, '--quiet', '--json']).stdout,
  );
  assert.deepEqual(a.points, { computed: 0, cached: total, byOthers: 0 });
});
