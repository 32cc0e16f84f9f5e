/** Conventions: names, one figure list, the npm scripts, the package, the Makefile and the bench entry. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { CATALOG, FIGURE_IDS, loadAllFigures, loadFigure, selectFigures } from '../src/registry.js';
import { GROUPS } from '../src/figure.js';
import { UsageError } from '../src/errors.js';
import { resolveParams } from '../src/params.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
const LRNN = join(ROOT, 'bin', 'lrnn');
const env = { ...process.env, FORCE_COLOR: '0' };

test('group names and all are case-insensitive like ids; suggestions cover groups; fig1 is a schematic', async () => {
  const ids = async (args: string[]) => (await selectFigures(args)).map((f) => f.id);
  assert.deepEqual(await ids(['MODES']), ['fig2', 'figA1']);
  assert.deepEqual(await ids(['Ntk']), await ids(['ntk']));
  assert.deepEqual(await ids(['ALL']), FIGURE_IDS);
  assert.deepEqual(await ids(['FIGa1']), ['figA1']);
  await assert.rejects(selectFigures(['stabilty']), (e: unknown) => e instanceof UsageError && /did you mean 'stability'/.test(e.message));
  await assert.rejects(selectFigures(['rotaton']), /did you mean 'rotation'/);
  for (const id of ['fig1', 'FIG1']) {
    await assert.rejects(
      selectFigures([id]),
      (e: unknown) => e instanceof UsageError && /schematic/.test(e.message) && /not regenerated/.test(e.message),
    );
  }
  const r = spawnSync(process.execPath, [LRNN, 'repro', 'fig1'], { encoding: 'utf8', env });
  assert.equal(r.status, 2);
  assert.match(r.stderr, /Figure 1 is a schematic/);
});

test('metadata lives in the modules: the registry lists ids only, the Makefile none, README agrees', async () => {
  const figures = await loadAllFigures();
  assert.deepEqual(
    figures.map((f) => f.id),
    FIGURE_IDS,
    'each experiments/<id>.ts exports the figure <id>',
  );
  for (const f of figures) {
    for (const key of ['title', 'paper', 'caption'] as const) assert.ok(f[key].trim().length > 0, `${f.id}: ${key}`);
    assert.ok(GROUPS.includes(f.group), `${f.id}: group ${f.group}`);
    assert.equal(f.beyondPaper === true, f.group === 'autoregressive', `${f.id}: App. M figures (and only they) are beyond the paper`);
    if (f.beyondPaper) assert.match(f.caption, /^Beyond the paper/, `${f.id}: caption says it is beyond the paper`);
  }
  assert.ok(
    GROUPS.every((g) => figures.some((f) => f.group === g)),
    'every group has a figure',
  );
  // The registry holds no metadata: no title, paper reference, group or caption of any figure.
  const registry = readFileSync(join(ROOT, 'src', 'registry.ts'), 'utf8');
  for (const f of figures) {
    for (const text of [f.title, f.paper, f.caption]) assert.ok(!registry.includes(text), `src/registry.ts repeats ${f.id}'s '${text}'`);
  }
  // The Makefile lists no figure: every fig<x> target goes to `lrnn repro fig<x>`.
  const make = readFileSync(join(ROOT, 'Makefile'), 'utf8');
  const listed = make
    .split('\n')
    .filter((l) => !l.startsWith('#') && FIGURE_IDS.filter((id) => new RegExp(`\\b${id}\\b`).test(l)).length > 1);
  assert.deepEqual(listed, [], 'the Makefile lists figures by hand');
  for (const id of FIGURE_IDS) {
    const r = spawnSync('make', ['-n', '-s', '-C', ROOT, '-o', 'build', '-o', 'install', id, 'ARGS=--quick'], { encoding: 'utf8', env });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout.trim(), `node bin/lrnn repro ${id} --quick`, `make ${id}`);
  }
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const rows = readme
    .split('\n')
    .filter((l) => /^\| fig[A-Z0-9]+ \|/.test(l))
    .map((l) => l.split('|').map((c) => c.trim()));
  assert.deepEqual(
    rows.map((r) => r[1]),
    FIGURE_IDS,
    'README figure table: one row per figure, in order',
  );
  for (const r of rows) {
    const f = figures.find((x) => x.id === r[1])!;
    assert.equal(r[2], f.paper, `README row ${f.id}: paper reference`);
    assert.ok(r[3].includes(`lrnn repro ${f.id}`) && r[3].includes(`lrnn ${f.group}`), `README row ${f.id}: commands`);
  }
});

test('specs are typed by vega-lite: no cast to a spec type in src/render or the figure modules', () => {
  const dirs = [join(ROOT, 'src', 'render'), join(ROOT, 'experiments'), join(ROOT, 'experiments', 'lib')];
  for (const dir of dirs) {
    for (const f of readdirSync(dir).filter((x) => x.endsWith('.ts'))) {
      const text = readFileSync(join(dir, f), 'utf8');
      assert.ok(!/as (unknown as )?(TopLevelSpec|VegaLiteSpec)\b/.test(text), `${join(dir, f)} casts to a spec type`);
    }
  }
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
    const r = spawnSync('make', ['-s', '-C', ROOT, '-o', 'build', '-o', 'install', 'figures', `ARGS=--quick --set nope=1 --out=${out}`], {
      encoding: 'utf8',
      env,
    });
    assert.equal(r.status, 2, r.stderr);
    assert.ok(existsSync(join(out, 'REPORT.md')) && existsSync(join(out, 'report.html')), `report in ${out}: ${r.stdout}${r.stderr}`);
    rmSync(join(out, 'REPORT.md'));
    const r2 = spawnSync('make', ['-s', '-C', ROOT, '-o', 'build', '-o', 'install', 'report', `ARGS=--out ${out}`], {
      encoding: 'utf8',
      env,
    });
    assert.equal(r2.status, 0, r2.stderr);
    assert.ok(existsSync(join(out, 'REPORT.md')));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('npm run lrnn runs the CLI', () => {
  const r = spawnSync('npm', ['run', '-s', 'lrnn', '--', 'list', '--json'], { cwd: ROOT, encoding: 'utf8', env });
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(
    (JSON.parse(r.stdout) as Array<{ id: string }>).map((e) => e.id),
    FIGURE_IDS,
  );
});

test('npm pack ships the compiled CLI, figures, fonts and snapshots, and builds first', () => {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  assert.match(pkg.scripts.prepack ?? '', /build/, 'prepack builds dist/');
  const r = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8', env });
  assert.equal(r.status, 0, r.stderr);
  const files = new Set((JSON.parse(r.stdout) as Array<{ files: Array<{ path: string }> }>)[0].files.map((f) => f.path));
  for (const f of [
    'bin/lrnn',
    'package.json',
    'dist/src/cli/main.js',
    'dist/src/worker.js',
    'assets/fonts/DejaVuSans.ttf',
    'snapshots/fig2.quick.json',
  ]) {
    assert.ok(files.has(f), `package contains ${f}`);
  }
  for (const id of FIGURE_IDS) assert.ok(files.has(`dist/experiments/${id}.js`), `package contains ${id}`);
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
