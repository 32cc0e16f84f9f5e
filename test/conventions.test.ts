/** Conventions: names, one figure list, the npm scripts, the package, the Makefile and the bench entry. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { CATALOG, isImplemented, loadFigure, selectFigures } from '../src/registry.js';
import { GROUPS } from '../src/figure.js';
import { UsageError } from '../src/errors.js';
import { resolveParams } from '../src/params.js';
import { CAPTIONS } from '../src/report/captions.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
const LRNN = join(ROOT, 'bin', 'lrnn');
const env = { ...process.env, FORCE_COLOR: '0' };

test('group names and all are case-insensitive like ids; suggestions cover groups; fig1 is a schematic', () => {
  assert.deepEqual(selectFigures(['MODES']).map((e) => e.id), ['fig2', 'figA1']);
  assert.deepEqual(selectFigures(['Ntk']).map((e) => e.id), selectFigures(['ntk']).map((e) => e.id));
  assert.equal(selectFigures(['ALL']).length, CATALOG.filter(isImplemented).length);
  assert.deepEqual(selectFigures(['FIGa1']).map((e) => e.id), ['figA1']);
  assert.throws(() => selectFigures(['stabilty']), (e: unknown) => e instanceof UsageError && /did you mean 'stability'/.test(e.message));
  assert.throws(() => selectFigures(['rotaton']), /did you mean 'rotation'/);
  for (const id of ['fig1', 'FIG1']) {
    assert.throws(() => selectFigures([id]), (e: unknown) => e instanceof UsageError && /schematic/.test(e.message) && /not regenerated/.test(e.message));
  }
  const r = spawnSync(process.execPath, [LRNN, 'repro', 'fig1'], { encoding: 'utf8', env });
  assert.equal(r.status, 2);
  assert.match(r.stderr, /Figure 1 is a schematic/);
});

test('the figure list lives in the registry: modules, Makefile, README table and captions agree with it', async () => {
  for (const e of CATALOG.filter(isImplemented)) {
    const f = await loadFigure(e);
    assert.deepEqual([f.id, f.group, f.paper, f.title], [e.id, e.group, e.paper, e.title], `${e.id}: registry and module metadata differ`);
  }
  const make = readFileSync(join(ROOT, 'Makefile'), 'utf8');
  const line = make.split('\n').find((l) => l.startsWith('FIGURES :='));
  assert.ok(line, 'Makefile defines FIGURES');
  assert.deepEqual(line.replace('FIGURES :=', '').trim().split(/\s+/), CATALOG.filter(isImplemented).map((e) => e.id));
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const rows = readme.split('\n').filter((l) => /^\| fig[A-Z0-9]+ \|/.test(l)).map((l) => l.split('|').map((c) => c.trim()));
  assert.deepEqual(rows.map((r) => r[1]), CATALOG.map((e) => e.id), 'README figure table: one row per catalog entry, in order');
  for (const r of rows) {
    const e = CATALOG.find((x) => x.id === r[1])!;
    assert.equal(r[2], e.paper, `README row ${e.id}: paper reference`);
    assert.ok(r[3].includes(`lrnn repro ${e.id}`) && r[3].includes(`lrnn ${e.group}`), `README row ${e.id}: commands`);
  }
  assert.deepEqual(Object.keys(CAPTIONS), CATALOG.map((e) => e.id), 'one caption per catalog entry, in order');
  assert.ok(GROUPS.every((g) => CATALOG.some((e) => e.group === g)));
});

test("the Makefile's own example is a valid command line", async () => {
  const make = readFileSync(join(ROOT, 'Makefile'), 'utf8');
  const examples = [...make.matchAll(/`make (fig\w+) ARGS="([^"]*)"`/g)];
  assert.ok(examples.length > 0, 'the Makefile shows an example');
  for (const [, id, args] of examples) {
    const words = args.split(/\s+/).filter(Boolean);
    const sets = words.flatMap((w, i) => (w === '--set' ? [words[i + 1]] : []));
    const fig = await loadFigure(CATALOG.find((e) => e.id === id)!);
    const scale = words.includes('--quick') ? 'quick' : 'paper';
    const { params } = resolveParams(fig.params[scale], sets, fig.rules ?? {});
    assert.equal(fig.validate?.(params) ?? null, null, `make ${id} ARGS="${args}"`);
  }
});

test('make figures ARGS="--out X" writes the report into X', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lrnn-make-'));
  try {
    const out = join(dir, 'out');
    mkdirSync(out);
    // A usage error stops `repro` before any work; the recipe still writes the report into --out.
    const r = spawnSync('make', ['-s', '-C', ROOT, '-o', 'build', '-o', 'install', 'figures', `ARGS=--quick --set nope=1 --out=${out}`], { encoding: 'utf8', env });
    assert.equal(r.status, 2, r.stderr);
    assert.ok(existsSync(join(out, 'REPORT.md')) && existsSync(join(out, 'report.html')), `report in ${out}: ${r.stdout}${r.stderr}`);
    rmSync(join(out, 'REPORT.md'));
    const r2 = spawnSync('make', ['-s', '-C', ROOT, '-o', 'build', '-o', 'install', 'report', `ARGS=--out ${out}`], { encoding: 'utf8', env });
    assert.equal(r2.status, 0, r2.stderr);
    assert.ok(existsSync(join(out, 'REPORT.md')));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('npm run lrnn runs the CLI', () => {
  const r = spawnSync('npm', ['run', '-s', 'lrnn', '--', 'list', '--json'], { cwd: ROOT, encoding: 'utf8', env });
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual((JSON.parse(r.stdout) as Array<{ id: string }>).map((e) => e.id), CATALOG.map((e) => e.id));
});

test('npm pack ships the compiled CLI, figures, fonts and snapshots, and builds first', () => {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  assert.match(pkg.scripts.prepack ?? '', /build/, 'prepack builds dist/');
  const r = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8', env });
  assert.equal(r.status, 0, r.stderr);
  const files = new Set((JSON.parse(r.stdout) as Array<{ files: Array<{ path: string }> }>)[0].files.map((f) => f.path));
  for (const f of ['bin/lrnn', 'package.json', 'dist/src/cli/main.js', 'dist/src/worker.js', 'assets/fonts/DejaVuSans.ttf', 'snapshots/fig2.quick.json']) {
    assert.ok(files.has(f), `package contains ${f}`);
  }
  for (const e of CATALOG.filter(isImplemented)) assert.ok(files.has(`dist/experiments/${e.id}.js`), `package contains ${e.id}`);
  assert.ok(![...files].some((f) => f.startsWith('dist/test/') || f.startsWith('src/') || f.startsWith('test/')), 'no tests or sources');
});

test('the bench runs from a path that contains a space', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lrnn bench '));
  try {
    // A real copy (not a symlink) of the compiled tree under a folder whose name has a space.
    const copy = join(dir, 'my copy');
    cpSync(join(ROOT, 'dist'), join(copy, 'dist'), { recursive: true });
    symlinkSync(join(ROOT, 'node_modules'), join(copy, 'node_modules'), 'dir');
    writeFileSync(join(copy, 'package.json'), JSON.stringify({ type: 'module' }));
    // An unknown workload name is refused at once (exit 2) — but only if main() ran at all.
    const r = spawnSync(process.execPath, [join(copy, 'dist', 'bench', 'bench.js'), 'no-such-workload'], { encoding: 'utf8', env });
    assert.equal(r.status, 2, `exit ${r.status}: ${r.stderr}`);
    assert.match(r.stderr, /unknown workload/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
