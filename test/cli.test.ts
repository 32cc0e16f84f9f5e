import { tempDir } from './lib/tmp.js';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseOverride, resolveParams } from '../src/params.js';
import { CATALOG, loadAllFigures, selectFigures } from '../src/registry.js';
import { UsageError, closest } from '../src/errors.js';
import { compareNumbers } from '../src/output/snapshot.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
const LRNN = join(ROOT, 'bin', 'lrnn');

function lrnn(args: string[]) {
  return spawnSync(process.execPath, [LRNN, ...args], { encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0' } });
}

test('catalog lists all 16 figures of FIGURES.md, and the beyond-the-paper figures apart', async () => {
  const figures = await loadAllFigures();
  const paper = figures.filter((f) => !f.beyondPaper);
  assert.equal(paper.length, 16);
  assert.equal(new Set(CATALOG.map((e) => e.id)).size, CATALOG.length);
  assert.deepEqual(
    figures.filter((f) => f.beyondPaper).map((f) => f.id),
    ['figM1', 'figM2', 'figM3', 'figM4'],
  );
  assert.ok(figures.filter((f) => f.beyondPaper).every((f) => f.group === 'autoregressive'));
});

test('--set parses by the type of the default and rejects bad values with the valid keys', () => {
  const defaults = { T: 5, deltas: [0.5, 1], kind: 'invexp', balanced: true };
  const rules = { T: { min: 1, integer: true }, kind: { choices: ['constant', 'invexp', 'exp'] } };
  assert.deepEqual(parseOverride('T=8', defaults, rules), ['T', 8]);
  assert.deepEqual(parseOverride('deltas=0.5,1,2', defaults, rules), ['deltas', [0.5, 1, 2]]);
  assert.deepEqual(parseOverride('balanced=false', defaults, rules), ['balanced', false]);
  assert.throws(
    () => parseOverride('Tee=8', defaults, rules),
    (e: unknown) => e instanceof UsageError && /unknown parameter 'Tee'.*T=5/.test(e.message),
  );
  assert.throws(() => parseOverride('T=0', defaults, rules), /out of range/);
  assert.throws(() => parseOverride('T=2.5', defaults, rules), /whole numbers/);
  assert.throws(() => parseOverride('T=abc', defaults, rules), /'abc' is not a decimal number/);
  assert.throws(() => parseOverride('kind=sine', defaults, rules), /choose one of constant, invexp, exp/);
  assert.throws(() => parseOverride('deltas=', defaults, rules), /at least 1/);
  const { params, overridden } = resolveParams(defaults, ['T=3', 'T=4'], rules);
  assert.equal(params.T, 4);
  assert.deepEqual(overridden, ['T']);
  assert.equal(defaults.T, 5, 'defaults are not mutated');
});

test('figure selection: ids, groups, all; unknown ids name the closest', async () => {
  assert.deepEqual(
    (await selectFigures(['modes'])).map((f) => f.id),
    ['fig2', 'figA1'],
  );
  assert.deepEqual(
    (await selectFigures(['figA1', 'fig2', 'fig2'])).map((f) => f.id),
    ['fig2', 'figA1'],
  );
  assert.deepEqual(
    (await selectFigures(['figA1', 'modes', 'fig3'])).map((f) => f.id),
    ['fig2', 'figA1', 'fig3'],
  );
  assert.equal((await selectFigures(['all'])).length, CATALOG.length);
  await assert.rejects(selectFigures(['fig22']), (e: unknown) => e instanceof UsageError && /did you mean 'fig2'/.test(e.message));
  assert.deepEqual(closest('figa1', ['fig2', 'figA1', 'figA10']).slice(0, 1), ['figA1']);
});

test('snapshot comparison names key, expected, got and error', () => {
  const exp = { a: { value: 1, abs: 1e-6, rel: 0 }, b: { value: null, abs: 0, rel: 0 }, c: { value: 2, abs: 0, rel: 1e-3 } };
  assert.deepEqual(
    compareNumbers(exp, {
      a: { value: 1 + 5e-7, abs: 0, rel: 0 },
      b: { value: null, abs: 0, rel: 0 },
      c: { value: 2.001, abs: 0, rel: 0 },
    }),
    [],
  );
  const mm = compareNumbers(exp, { a: { value: 1.1, abs: 0, rel: 0 }, b: { value: 3, abs: 0, rel: 0 }, d: { value: 0, abs: 0, rel: 0 } });
  assert.deepEqual(mm.map((m) => m.key).sort(), ['a', 'b', 'c', 'd']);
  const a = mm.find((m) => m.key === 'a')!;
  assert.equal(a.expected, 1);
  assert.equal(a.got, 1.1);
  assert.ok(Math.abs(a.error! - 0.1) < 1e-12);
});

test('CLI: list shows every figure; usage errors exit 2 and write nothing', () => {
  const l = lrnn(['list']);
  assert.equal(l.status, 0, l.stderr);
  for (const e of CATALOG) assert.match(l.stdout, new RegExp(`\\b${e.id}\\b`));
  assert.match(l.stdout, /figM1.*\(beyond the paper\)/);
  const lj = JSON.parse(lrnn(['list', '--json']).stdout) as Array<{ id: string; beyondPaper: boolean }>;
  assert.equal(lj.find((e) => e.id === 'figM4')?.beyondPaper, true);
  assert.equal(lj.find((e) => e.id === 'fig2')?.beyondPaper, false);
  // Subcommands match whatever their case, as figure ids do.
  assert.equal(lrnn(['LIST']).stdout, l.stdout);
  const groupHelp = lrnn(['MODES', '--help']);
  assert.equal(groupHelp.status, 0, groupHelp.stderr);
  assert.match(groupHelp.stdout, /Usage: lrnn modes/);
  const out = tempDir('lrnn-cli-');
  const cases: string[][] = [
    ['repro', 'fig22', '--out', out],
    ['repro', 'fig2', '--quick', '--set', 'nope=1', '--out', out],
    ['repro', 'fig2', '--quick', '--set', 'T=-3', '--out', out],
    ['repro', 'fig2', '--quick', '--format', 'gif', '--out', out],
    ['repro', 'fig2', '--quick', '--seed', 'x', '--out', out],
    ['repro', 'fig2', '--bogus-option', '--out', out],
    ['modes', '--jobs', '0', '--out', out],
  ];
  for (const args of cases) {
    const r = lrnn(args);
    assert.equal(r.status, 2, `${args.join(' ')} → ${r.status}: ${r.stderr}`);
    assert.ok(r.stderr.trim().length > 0, 'prints a message');
  }
  assert.match(lrnn(['repro', 'fig22', '--out', out]).stderr, /did you mean 'fig2'/);
  assert.match(lrnn(['repro', 'fig2', '--quick', '--set', 'nope=1', '--out', out]).stderr, /unknown parameter 'nope'.*T=/);
  assert.equal(readdirSync(out).length, 0, 'nothing written on usage errors');
  assert.ok(!existsSync(join(out, 'fig2.json')));
});

test('CLI: a failed claim exits 1 with outputs written; --json gives a machine-readable summary', () => {
  const out = tempDir('lrnn-cli-fail-');
  // agreeTol = 0 makes the agreement claims unreachable: they must be reported as failed, not crash.
  const r = lrnn(['repro', 'fig2', '--quick', '--set', 'agreeTol=0', '--format', 'svg', '--json', '--quiet', '--out', out]);
  assert.equal(r.status, 1, r.stderr);
  const summary = JSON.parse(r.stdout);
  assert.equal(summary.ok, false);
  assert.equal(summary.figures[0].figure, 'fig2');
  assert.ok(summary.figures[0].claims.failed.length > 0);
  for (const ext of ['svg', 'vl.json', 'json']) assert.ok(existsSync(join(out, `fig2.${ext}`)), `fig2.${ext} written`);
  assert.ok(!existsSync(join(out, 'fig2.png')), 'only the asked formats');
  assert.ok(
    readdirSync(out).every((f) => !f.endsWith('.tmp')),
    'no temp files left',
  );
  const ok = lrnn(['repro', 'fig2', '--quick', '--format', 'png', '--quiet', '--out', out]);
  assert.equal(ok.status, 0, ok.stderr);
});
