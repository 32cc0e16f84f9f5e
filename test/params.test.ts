/** Parameters: every one has a rule, values are parsed strictly, `lrnn params` documents them. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import type { ParamRule, ParamValue, AnyFigure } from '../src/figure.js';
import { costRatio, costWarning, formatValue, parseDecimal, parseOverride, parseWholeNumber, resolveParams } from '../src/params.js';
import { loadAllFigures } from '../src/registry.js';
import { UsageError } from '../src/errors.js';
import { paramDocs } from '../src/cli/params.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
const LRNN = join(ROOT, 'bin', 'lrnn');
const lrnn = (args: string[]) =>
  spawnSync(process.execPath, [LRNN, ...args], { encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0' } });

async function figures(): Promise<AnyFigure[]> {
  return loadAllFigures();
}

/** Whether a default value satisfies its rule (the same checks --set applies). */
function violations(v: ParamValue, r: ParamRule): string[] {
  const bad: string[] = [];
  const items = Array.isArray(v) ? v : [v];
  for (const x of items) {
    if (typeof x === 'number') {
      if (r.min !== undefined && x < r.min) bad.push(`${x} < min ${r.min}`);
      if (r.max !== undefined && x > r.max) bad.push(`${x} > max ${r.max}`);
      if (r.integer && !Number.isInteger(x)) bad.push(`${x} not whole`);
    } else if (typeof x === 'string' && r.choices && !r.choices.includes(x)) bad.push(`'${x}' not a choice`);
  }
  if (Array.isArray(v) && v.length < (r.minLength ?? 1)) bad.push(`length ${v.length} < ${r.minLength ?? 1}`);
  return bad;
}

test('every parameter of every figure has a rule with help, bounds or choices, that both scale defaults satisfy', async () => {
  for (const fig of await figures()) {
    const rules = (fig.rules ?? {}) as Record<string, ParamRule | undefined>;
    assert.deepEqual(
      Object.keys(fig.params.quick).sort(),
      Object.keys(fig.params.paper).sort(),
      `${fig.id}: both scales have the same keys`,
    );
    for (const [k, v] of Object.entries(fig.params.paper as Record<string, ParamValue>)) {
      const r = rules[k];
      assert.ok(r, `${fig.id}.${k} has no rule`);
      assert.ok(r.help && r.help.trim().length > 5 && !r.help.includes('\n'), `${fig.id}.${k} has no one-line help`);
      const numeric = typeof v === 'number' || (Array.isArray(v) && typeof v[0] === 'number');
      if (numeric) {
        assert.ok(
          Number.isFinite(r.min) && Number.isFinite(r.max) && r.min! <= r.max!,
          `${fig.id}.${k}: a number needs a finite min and max`,
        );
      } else if (typeof v !== 'boolean') {
        assert.ok(r.choices && r.choices.length > 0, `${fig.id}.${k}: a string needs choices`);
      }
      for (const scale of ['paper', 'quick'] as const) {
        const value = (fig.params[scale] as Record<string, ParamValue>)[k];
        assert.deepEqual(violations(value, r), [], `${fig.id}.${k} ${scale} default ${formatValue(value)} breaks its rule`);
        // and --set accepts its own default, typed back as text
        assert.deepEqual(parseOverride(`${k}=${formatValue(value)}`, fig.params[scale], rules)[1], value, `${fig.id}.${k} round trip`);
      }
    }
    for (const k of Object.keys(rules)) assert.ok(k in fig.params.paper, `${fig.id}: rule for unknown parameter ${k}`);
  }
});

test('size-like parameters have maxima: P=1000000000 is a usage error, not a RangeError', async () => {
  for (const fig of await figures()) {
    if (!('P' in fig.params.paper)) continue;
    assert.throws(
      () => resolveParams(fig.params.quick, ['P=1000000000'], fig.rules),
      (e: unknown) => e instanceof UsageError && /'1000000000' is out of range/.test(e.message),
      fig.id,
    );
  }
  const fig2 = (await figures()).find((f) => f.id === 'fig2')!;
  assert.throws(() => resolveParams(fig2.params.quick, ['leftLambda=1e9'], fig2.rules), /'1e9' is out of range/);
  assert.throws(() => resolveParams(fig2.params.quick, ['leftLambda=-0.5'], fig2.rules), /'-0.5' is out of range/);
  assert.throws(() => resolveParams(fig2.params.quick, ['eta=-1'], fig2.rules), /out of range/);
});

test('bad values are refused, never reinterpreted, and the message quotes what was typed', () => {
  const defaults = { T: 5, deltas: [0.5, 1], kind: 'invexp', kinds: ['exp'] };
  const rules = {
    T: { min: 1, max: 100, integer: true },
    kind: { choices: ['constant', 'invexp', 'exp'] },
    kinds: { choices: ['constant', 'invexp', 'exp'] },
  };
  for (const bad of ['deltas=1,,2', 'deltas=1,2,', 'deltas=,1', 'deltas=1, ,2', 'kinds=exp,,exp', 'kinds=exp,']) {
    assert.throws(
      () => parseOverride(bad, defaults, rules),
      (e: unknown) => e instanceof UsageError && /is empty/.test(e.message) && e.message.includes(bad.split('=')[1]),
      bad,
    );
  }
  for (const raw of ['0x10', '0b11', '0o7', 'Infinity', '1e', '1_000', '--1', '5abc', '', ' ', 'NaN', '1e400']) {
    assert.throws(
      () => parseOverride(`T=${raw}`, defaults, rules),
      (e: unknown) => e instanceof UsageError && e.message.includes(`'${raw.trim()}'`),
      `T=${raw}`,
    );
  }
  assert.throws(() => parseOverride('T=1e3', defaults, rules), /'1e3' is out of range/);
  assert.deepEqual(parseOverride('T=1e1', defaults, rules), ['T', 10]);
  assert.deepEqual(parseOverride('deltas=.5,+2,3e-1, 4', defaults, rules), ['deltas', [0.5, 2, 0.3, 4]]);
  assert.equal(parseDecimal('pi'), Math.PI);
  assert.equal(parseDecimal('-pi'), -Math.PI);
  assert.equal(parseDecimal('0x10'), null);
});

test('parseWholeNumber: decimal digits in range only (for --seed and --jobs)', () => {
  assert.equal(parseWholeNumber('--seed', '42', 0), 42);
  assert.equal(parseWholeNumber('--seed', ' 7 ', 0), 7);
  assert.equal(parseWholeNumber('--seed', '9007199254740991', 0), Number.MAX_SAFE_INTEGER);
  for (const raw of ['', ' ', '0x10', '1e3', '1.5', 'abc', '9007199254740992', '18446744073709551616', '-1', '1,2']) {
    assert.throws(
      () => parseWholeNumber('--seed', raw, 0),
      (e: unknown) => e instanceof UsageError && e.message.includes(`--seed '${raw}'`),
      `--seed ${raw}`,
    );
  }
  assert.throws(() => parseWholeNumber('--jobs', '0', 1, 64), /'0' is out of range.*1…64/);
  assert.equal(parseWholeNumber('--jobs', '64', 1, 64), 64);
});

test('costRatio: 1 at paper scale, below at quick scale, and grows with the size-like parameters', async () => {
  for (const fig of await figures()) {
    assert.equal(costRatio(fig, fig.params.paper), 1, fig.id);
    assert.ok(costRatio(fig, fig.params.quick) <= 1 + 1e-12, `${fig.id}: quick costs ${costRatio(fig, fig.params.quick)}× paper`);
    assert.ok(
      Object.values((fig.rules ?? {}) as Record<string, ParamRule>).some((r) => r.cost !== undefined),
      `${fig.id}: no parameter carries a cost`,
    );
  }
  const fig2 = (await figures()).find((f) => f.id === 'fig2')!;
  const { params } = resolveParams(fig2.params.paper, ['P=6400'], fig2.rules);
  assert.ok(Math.abs(costRatio(fig2, params) - 100) < 1e-9, 'P × 100 costs 100× (τ = P·N/η steps)');
  const slow = resolveParams(fig2.params.paper, ['eta=0.01'], fig2.rules).params;
  assert.ok(Math.abs(costRatio(fig2, slow) - 10) < 1e-9, 'η / 10 costs 10×');
  assert.equal(costWarning(fig2, fig2.params.paper), null);
  assert.equal(costWarning(fig2, slow), null, '10× is not yet far beyond');
  assert.equal(costWarning(fig2, params), 'fig2: estimated cost ≈ 100× a paper-scale run (P ×100); this may take long');
});

test('lrnn params <figure> documents every parameter; --json is machine-readable; repro --help shows the same table', async () => {
  const fig4 = (await figures()).find((f) => f.id === 'fig4')!;
  const t = lrnn(['params', 'FIG4']);
  assert.equal(t.status, 0, t.stderr);
  for (const d of paramDocs(fig4)) {
    const line = t.stdout.split('\n').find((l) => l.startsWith(`${d.name} `));
    assert.ok(line, `row for ${d.name}`);
    assert.ok(line.includes(d.help) && line.includes(d.allowed) && line.includes(d.type), `${d.name}: help, allowed and type in the row`);
  }
  const j = lrnn(['params', 'fig4', '--json']);
  assert.equal(j.status, 0, j.stderr);
  const doc = JSON.parse(j.stdout) as {
    figure: string;
    params: Array<{ name: string; paper: unknown; quick: unknown; min?: number; max?: number; help: string }>;
  };
  assert.equal(doc.figure, 'fig4');
  assert.deepEqual(
    doc.params.map((p) => p.name),
    Object.keys(fig4.params.paper),
  );
  const Ts = doc.params.find((p) => p.name === 'Ts')!;
  assert.deepEqual([Ts.paper, Ts.quick, Ts.min, Ts.max], [fig4.params.paper.Ts, fig4.params.quick.Ts, 3, 20]);
  const h = lrnn(['repro', 'fig4', '--help']);
  assert.equal(h.status, 0, h.stderr);
  assert.ok(h.stdout.includes('--set <key=value>'), 'the usual help');
  for (const d of paramDocs(fig4))
    assert.ok(
      h.stdout.split('\n').some((l) => l.startsWith(`${d.name} `) && l.includes(d.help)),
      `help lists ${d.name}`,
    );
  assert.equal(lrnn(['params', 'fig44']).status, 2);
});
