/**
 * The point cache: the key follows the code and the input, entries are atomic and checksummed, a
 * corrupt entry is reported once and recomputed, claims of dead or silent owners are taken over,
 * live ones are waited for; the cache commands and options of the CLI.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { makeContext } from '../src/context.js';
import { defineTask, type TaskRef } from '../src/core/task.js';
import { PointCache } from '../src/cache/point-cache.js';
import { Claims } from '../src/cache/claims.js';
import { codeIdentity, importSpecifiers } from '../src/cache/codehash.js';
import { entryPath, usage } from '../src/cache/store.js';
import { defaultCacheDir } from '../src/cache/dir.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
const LRNN = join(ROOT, 'bin', 'lrnn');
const TMP = mkdtempSync(join(tmpdir(), 'lrnn-cache-test-'));
after(() => rmSync(TMP, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 }));

let n = 0;
const fresh = (name: string) => {
  const d = join(TMP, `${name}-${n++}`);
  mkdirSync(d, { recursive: true });
  return d;
};

type Square = TaskRef<{ x: number; seed: string }, { y: number }>;

/** A task module in its own folder: square(x) = x·x·k, k from a dependency. */
function taskModule(dir: string, k: number, extra = ''): Square {
  writeFileSync(join(dir, 'dep.js'), `export const k = ${k};\n`);
  writeFileSync(
    join(dir, 'task.js'),
    `import { k } from './dep.js';\n${extra}export function square(input) { return { y: input.x * input.x * k, seed: input.seed }; }\n`,
  );
  writeFileSync(join(dir, 'unrelated.js'), `export const z = 1;\n`);
  return defineTask(pathToFileURL(join(dir, 'task.js')).href, 'square');
}

async function runMap(cache: PointCache, task: Square, xs: number[], figureId = 'figT') {
  const ctx = makeContext({ figureId, seed: 1, scale: 'quick', cache });
  try {
    const out = await ctx.map(
      task,
      xs.map((x) => ({ x, seed: ctx.seedFor(`x=${x}`) })),
    );
    return { out, points: ctx.points() };
  } finally {
    await cache.close(); // stops its heartbeat, which would otherwise write into TMP while it is removed
  }
}

test('default folder is ${XDG_CACHE_HOME:-~/.cache}/lrnn', () => {
  assert.equal(defaultCacheDir({ XDG_CACHE_HOME: '/x/y' }), '/x/y/lrnn');
  assert.match(defaultCacheDir({}), /\/\.cache\/lrnn$/);
});

test('import specifiers of built modules are found (static, re-export, side effect, literal dynamic)', () => {
  const src = `import { a } from './a.js';\nimport * as b from "../b.js";\nexport { c } from './c.js';\nimport './d.js';\nconst e = await import('./e.js');\nimport x, { y } from 'pkg';\n`;
  assert.deepEqual(importSpecifiers(src).sort(), ['../b.js', './a.js', './c.js', './d.js', './e.js', 'pkg'].sort());
});

test('code identity covers the module graph and package versions, not other files', () => {
  const dir = fresh('graph');
  const task = taskModule(dir, 2, `import 'fakepkg';\n`);
  mkdirSync(join(dir, 'node_modules', 'fakepkg'), { recursive: true });
  writeFileSync(join(dir, 'node_modules', 'fakepkg', 'package.json'), JSON.stringify({ name: 'fakepkg', version: '1.0.0' }));
  const id0 = codeIdentity(task.module, dir, 's');
  assert.deepEqual(id0.modules, ['dep.js', 'task.js']);
  assert.deepEqual(id0.packages, ['fakepkg@1.0.0']);
  writeFileSync(join(dir, 'unrelated.js'), 'export const z = 2;\n');
  assert.equal(codeIdentity(task.module, dir, 's').hash, id0.hash, 'a file outside the graph does not change the identity');
  writeFileSync(join(dir, 'dep.js'), 'export const k = 3;\n');
  const id1 = codeIdentity(task.module, dir, 's');
  assert.notEqual(id1.hash, id0.hash, 'a changed dependency changes the identity');
  writeFileSync(join(dir, 'node_modules', 'fakepkg', 'package.json'), JSON.stringify({ name: 'fakepkg', version: '1.0.1' }));
  assert.notEqual(codeIdentity(task.module, dir, 's').hash, id1.hash, 'a package version changes the identity');
  assert.notEqual(
    codeIdentity(task.module, dir, 't').hash,
    codeIdentity(task.module, dir, 's').hash,
    'the salt (lrnn and Node versions) is part of it',
  );
});

test('a cached point is served only for the same code and the same input', async () => {
  const dir = fresh('key');
  const cacheDir = fresh('store');
  const task = taskModule(dir, 2);
  const first = await runMap(new PointCache(cacheDir, { root: dir }), task, [1, 2, 3]);
  assert.deepEqual(
    first.out.map((o) => o.y),
    [2, 8, 18],
  );
  assert.deepEqual(first.points, { computed: 3, cached: 0, byOthers: 0 });
  const again = await runMap(new PointCache(cacheDir, { root: dir }), task, [1, 2, 3]);
  assert.deepEqual(again.out, first.out);
  assert.deepEqual(again.points, { computed: 0, cached: 3, byOthers: 0 });
  // The code changes (a dependency of the task): every point misses. (A new file name, since Node
  // caches an imported module by URL for the life of the process.)
  const dir2 = fresh('key-changed');
  const task2 = taskModule(dir2, 5);
  const changed = await runMap(new PointCache(cacheDir, { root: dir2 }), { ...task2 }, [1, 2, 3]);
  assert.deepEqual(changed.points, { computed: 3, cached: 0, byOthers: 0 });
  assert.deepEqual(
    changed.out.map((o) => o.y),
    [5, 20, 45],
  );
  // The same code in another folder (another checkout) with the same relative layout: hits.
  const dir3 = fresh('key-elsewhere');
  const task3 = taskModule(dir3, 5);
  assert.deepEqual((await runMap(new PointCache(cacheDir, { root: dir3 }), task3, [1, 2, 3])).points, {
    computed: 0,
    cached: 3,
    byOthers: 0,
  });
  // The input changes (one new x): only that point misses.
  assert.deepEqual((await runMap(new PointCache(cacheDir, { root: dir }), task, [1, 2, 4])).points, {
    computed: 1,
    cached: 2,
    byOthers: 0,
  });
  // Another figure id gives other seeds in the inputs: misses.
  assert.deepEqual((await runMap(new PointCache(cacheDir, { root: dir }), task, [1], 'figU')).points, {
    computed: 1,
    cached: 0,
    byOthers: 0,
  });
});

test('a truncated or corrupt entry is reported once, recomputed and rewritten, never served', async () => {
  const dir = fresh('corrupt');
  const cacheDir = fresh('corrupt-store');
  const task = taskModule(dir, 2);
  const warnings: string[] = [];
  const open = () => new PointCache(cacheDir, { root: dir, warn: (m) => warnings.push(m) });
  const good = await runMap(open(), task, [1, 2, 3]);
  const c = open();
  const ctx = makeContext({ figureId: 'figT', seed: 1, scale: 'quick' });
  const keyOf = (x: number) => c.key(task, { x, seed: ctx.seedFor(`x=${x}`) });
  const truncated = entryPath(cacheDir, 'figT', keyOf(1));
  writeFileSync(truncated, readFileSync(truncated).subarray(0, -3));
  const flipped = entryPath(cacheDir, 'figT', keyOf(2));
  const bytes = readFileSync(flipped);
  bytes[bytes.length - 2] ^= 0x40;
  writeFileSync(flipped, bytes);
  const r = await runMap(c, task, [1, 2, 3]);
  assert.deepEqual(r.out, good.out);
  assert.deepEqual(r.points, { computed: 2, cached: 1, byOthers: 0 });
  assert.equal(warnings.length, 2);
  assert.match(warnings[0], /corrupt entry figT\/.*truncated/);
  assert.match(warnings[1], /checksum mismatch/);
  assert.deepEqual(
    (await runMap(open(), task, [1, 2, 3])).points,
    { computed: 0, cached: 3, byOthers: 0 },
    'the rewritten entries are good',
  );
  assert.equal(warnings.length, 2);
  // No temporary files are left beside the entries.
  const files = readdirSync(join(cacheDir, 'v1', 'points', 'figT'), { recursive: true }).map(String);
  assert.ok(
    files.every((f) => !f.includes('.tmp-') && !f.endsWith('.claim')),
    files.join(' '),
  );
});

test("claims: a live claim is waited for, a dead owner's claim (pid gone, or heartbeat silent) is taken over", async () => {
  const dir = fresh('claims');
  const cacheDir = fresh('claims-store');
  const task = taskModule(dir, 2);
  const ctx0 = makeContext({ figureId: 'figT', seed: 1, scale: 'quick' });
  const input = (x: number) => ({ x, seed: ctx0.seedFor(`x=${x}`) });

  // Another live process (same host) holds x=1: we wait for it, and it delivers.
  const other = new PointCache(cacheDir, { root: dir, staleMs: 60_000 });
  const mine = new PointCache(cacheDir, { root: dir, staleMs: 60_000 });
  const k1 = other.key(task, input(1));
  assert.ok(other.claims.acquire('figT', k1));
  const ctx = makeContext({ figureId: 'figT', seed: 1, scale: 'quick', cache: mine, pollMs: 20 });
  const pending = ctx.map(task, [input(1), input(2)]);
  await new Promise((r) => setTimeout(r, 150));
  other.put('figT', k1, task, { y: 'from the other process' });
  other.claims.release('figT', k1);
  const got = await pending;
  assert.equal((got[0] as { y: unknown }).y, 'from the other process');
  assert.deepEqual(ctx.points(), { computed: 1, cached: 0, byOthers: 1 });

  // A claim whose owner process is dead (this host): stale at once, taken over and computed here.
  const k3 = mine.key(task, input(3));
  const claimPath = entryPath(cacheDir, 'figT', k3).replace(/\.entry$/, '.claim');
  mkdirSync(join(claimPath, '..'), { recursive: true });
  const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  writeFileSync(
    claimPath,
    JSON.stringify({
      owner: `${mine.claims.host}-${dead.stdout}-dead`,
      host: mine.claims.host,
      pid: Number(dead.stdout),
      at: new Date().toISOString(),
    }),
  );
  assert.equal(mine.claims.state('figT', k3), 'stale');
  // A claim held by a live owner whose heartbeat went silent (another host, or hung): stale after staleMs.
  const silent = new PointCache(cacheDir, { root: dir, staleMs: 60_000 });
  const k4 = silent.key(task, input(4));
  assert.ok(silent.claims.acquire('figT', k4));
  assert.equal(mine.claims.state('figT', k4), 'live');
  silent.claims.ageHeartbeat(120_000);
  assert.equal(mine.claims.state('figT', k4), 'stale');
  const ctx2 = makeContext({ figureId: 'figT', seed: 1, scale: 'quick', cache: mine, pollMs: 20 });
  const out = await ctx2.map(task, [input(3), input(4)]);
  assert.deepEqual(
    out.map((o) => o.y),
    [18, 32],
  );
  assert.deepEqual(ctx2.points(), { computed: 2, cached: 0, byOthers: 0 });
  await Promise.all([other.close(), mine.close(), silent.close()]);
  assert.deepEqual(readdirSync(join(cacheDir, 'v1', 'owners')), [], 'heartbeat files are removed on close');
});

function lrnn(args: string[]) {
  return spawnSync(process.execPath, [LRNN, ...args], { encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0' } });
}

test('lrnn cache info and cache clear [figure]; bad --shard and --cache uses are usage errors', () => {
  const cacheDir = fresh('cli');
  const out = fresh('cli-out');
  const run = lrnn(['repro', 'figA1', '--quick', '--format', 'svg', '--cache', cacheDir, '--out', out, '--quiet', '--json']);
  assert.equal(run.status, 0, run.stderr);
  const summary = JSON.parse(run.stdout);
  assert.equal(summary.points.computed, 1);
  assert.equal(JSON.parse(readFileSync(join(out, 'figA1.json'), 'utf8')).points.computed, 1);
  // The same command again: served whole; another seed or parameter: computed again.
  const again = (extra: string[]) =>
    JSON.parse(
      lrnn(['repro', 'figA1', '--quick', '--format', 'svg', '--cache', cacheDir, '--out', out, '--quiet', '--json', ...extra]).stdout,
    ).points;
  assert.deepEqual(again([]), { computed: 0, cached: 1, byOthers: 0 });
  assert.deepEqual(again(['--seed', '2']), { computed: 1, cached: 0, byOthers: 0 });
  assert.deepEqual(again(['--seed', '2', '--set', 'T=4']), { computed: 1, cached: 0, byOthers: 0 });
  const info = JSON.parse(lrnn(['cache', 'info', '--cache', cacheDir, '--json']).stdout);
  assert.deepEqual(
    info.figures.map((f: { figure: string; entries: number; results: number }) => [f.figure, f.entries, f.results]),
    [['figA1', 3, 3]],
  );
  assert.match(lrnn(['cache', 'info', '--cache', cacheDir]).stdout, /figA1\s+3\s+3\s/);
  const bad = lrnn(['cache', 'clear', 'figA99', '--cache', cacheDir]);
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /unknown figure 'figA99'/);
  const cleared = lrnn(['cache', 'clear', 'figA1', '--cache', cacheDir]);
  assert.equal(cleared.status, 0);
  assert.match(cleared.stdout, /removed 3 cached point\(s\) of figA1/);
  assert.deepEqual(usage(cacheDir), []);
  for (const [args, msg] of [
    [['--shard', '0/3'], /--shard must be K\/N .* got '0\/3'/],
    [['--shard', '4/3'], /got '4\/3'/],
    [['--shard', 'two'], /got 'two'/],
    [['--shard', '1/2', '--no-cache'], /--shard needs the cache/],
    [['--shard', '1/2', '--check'], /--check and --update-snapshots do not apply/],
  ] as const) {
    const r = lrnn(['repro', 'figA1', '--quick', '--cache', cacheDir, '--out', out, ...args]);
    assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, msg);
  }
  const noCache = lrnn(['repro', 'figA1', '--quick', '--format', 'svg', '--no-cache', '--out', out, '--quiet', '--json']);
  assert.equal(JSON.parse(noCache.stdout).points.computed, 1);
  assert.deepEqual(usage(cacheDir), [], '--no-cache writes nothing');
});

test('the heartbeat goes on while the main thread computes, so a long point keeps its claim', async () => {
  const cacheDir = fresh('heartbeat');
  const owner = new Claims(cacheDir, 300);
  const other = new Claims(cacheDir, 300);
  assert.ok(owner.claim('figT', 'ab'.repeat(32)));
  const until = Date.now() + 1000;
  while (Date.now() < until) {
    /* a synchronous computation three times longer than the stale time */
  }
  assert.equal(other.state('figT', 'ab'.repeat(32)), 'live');
  await owner.stop();
  assert.equal(other.state('figT', 'ab'.repeat(32)), 'free', 'stop() releases the claims');
  await other.stop();
});
