/** The report on awkward folders: unreadable or partial JSONs, deviations, diverged runs, mixed runs, robustness. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { writeReport } from '../src/report/write.js';
import { loadAllFigures } from '../src/registry.js';

const FIGURES = await loadAllFigures();

const ROOT = resolve(import.meta.dirname, '..', '..');
const LRNN = join(ROOT, 'bin', 'lrnn');

/** A figure JSON as the runner writes it (the fields the report reads). */
function figJson(id: string, over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    figure: id,
    title: id,
    paper: id,
    scale: 'quick',
    seed: 1,
    params: { T: 5 },
    overrides: {},
    differsFromPaperScale: {},
    claims: [{ id: 'c1', text: `${id} holds.`, measured: 1, expected: '1', pass: true, verdict: 'pass' }],
    notes: ['a note'],
    diverged: [],
    snapshot: { status: 'match' },
    provenance: { tool: 'lrnn', version: '0.1.0', gitCommit: 'abcdef1234567890', gitDirty: false, node: 'v20' },
    elapsedMs: 1200,
    ...over,
  };
}

function withFolder(files: Record<string, string | object>, fn: (dir: string) => void): void {
  const dir = mkdtempSync(join(tmpdir(), 'lrnn-report-model-'));
  try {
    for (const [name, body] of Object.entries(files))
      writeFileSync(join(dir, name), typeof body === 'string' ? body : JSON.stringify(body));
    fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const decode = (s: string) =>
  s
    .replace(/<[^>]*>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');

/** The facts a reader sees, read back from each format independently: lists, table rows, headings. */
function factsOfHtml(html: string): {
  attention: string[];
  deviations: string[][];
  summary: string[][];
  claims: string[][];
  headings: string[];
} {
  const list = html.match(/<ul class="attention">([\s\S]*?)<\/ul>/)?.[1] ?? '';
  const rows = (cls: string) =>
    [...html.matchAll(new RegExp(`<table class="${cls}">([\\s\\S]*?)</table>`, 'g'))].flatMap((t) =>
      [...t[1].matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)]
        .slice(1)
        .map((r) => [...r[1].matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((c) => decode(c[1]))),
    );
  return {
    attention: [...list.matchAll(/<li[^>]*>([\s\S]*?)<\/li>/g)].map((m) => decode(m[1])),
    deviations: rows('deviations'),
    summary: rows('summary'),
    claims: rows('claims'),
    headings: [...html.matchAll(/<h2[^>]*>([\s\S]*?)<\/h2>/g)].map((m) => decode(m[1])),
  };
}

function factsOfMarkdown(md: string): ReturnType<typeof factsOfHtml> {
  const lines = md.split('\n');
  const block = (title: string) => {
    const i = lines.indexOf(title);
    if (i < 0) return [];
    const end = lines.findIndex((l, k) => k > i && l.startsWith('## '));
    return lines.slice(i + 1, end < 0 ? undefined : end);
  };
  const cells = (l: string) =>
    l
      .slice(2, -2)
      .split(/(?<!\\) \| /)
      .map((c) => c.replace(/\\\|/g, '|').replace(/\*\*/g, '').replace(/`/g, ''));
  const tableRows = (ls: string[], head: string) => {
    const out: string[][] = [];
    let on = false;
    for (const l of ls) {
      if (l.startsWith(`| ${head} |`)) {
        on = true;
        continue;
      }
      if (on && l.startsWith('|---')) continue;
      if (on && l.startsWith('| ')) out.push(cells(l));
      else on = false;
    }
    return out;
  };
  const nothing = block('## Needs attention').filter((l) => l.startsWith('Among the figures'));
  return {
    attention: [
      ...nothing,
      ...block('## Needs attention')
        .filter((l) => l.startsWith('- '))
        .map((l) => l.slice(2).replace(/\\\|/g, '|')),
    ],
    deviations: tableRows(block('## Deviations from the paper'), 'figure'),
    summary: tableRows(block('## Summary'), 'figure'),
    claims: tableRows(lines, 'claim | measured'),
    headings: lines.filter((l) => l.startsWith('## ')).map((l) => l.slice(3)),
  };
}

function report(dir: string) {
  const r = writeReport(dir, FIGURES);
  const md = readFileSync(r.markdown, 'utf8');
  const html = readFileSync(r.html, 'utf8');
  const facts = factsOfHtml(html);
  assert.deepEqual(factsOfMarkdown(md), facts, 'REPORT.md and report.html state the same facts');
  assert.ok(!/undefined|NaN|\[object Object\]/.test(md + html), 'no undefined, NaN or [object Object] in the report');
  return { r, md, html, facts };
}

test('a corrupt, truncated or empty figure JSON is listed as unreadable with the parse error, and lrnn report exits 1', () => {
  const good = JSON.stringify(figJson('fig2'));
  withFolder(
    {
      'fig2.json': good,
      'fig3.json': good.slice(0, good.length / 2),
      'fig4.json': '',
      'figA2.json': '[1,2]',
      'figA3.json': '{"claims": 3}',
    },
    (dir) => {
      const { r, facts } = report(dir);
      assert.deepEqual(r.unreadable, ['fig3', 'fig4', 'figA2', 'figA3']);
      assert.equal(r.failed, true);
      const a = facts.attention.join('\n');
      assert.match(a, /fig3 — unreadable: fig3\.json: not valid JSON \(.*(Unexpected|Unterminated|JSON).*\)/);
      assert.match(a, /fig4 — unreadable: fig4\.json: the file is empty/);
      assert.match(a, /figA2 — unreadable: figA2\.json: not a JSON object/);
      assert.match(a, /figA3 — unreadable: figA3\.json: no claims array/);
      assert.deepEqual(
        facts.summary.filter((row) => row[7] === 'unreadable').map((row) => row[0]),
        ['fig3', 'fig4', 'figA2', 'figA3'],
      );
      const cli = spawnSync(process.execPath, [LRNN, 'report', '--out', dir], {
        encoding: 'utf8',
        env: { ...process.env, FORCE_COLOR: '0' },
      });
      assert.equal(cli.status, 1, cli.stderr);
      assert.match(cli.stderr, /unreadable.*fig3, fig4, figA2, figA3/);
    },
  );
  withFolder({ 'fig2.json': good }, (dir) => {
    const cli = spawnSync(process.execPath, [LRNN, 'report', '--out', dir, '--quiet'], { encoding: 'utf8' });
    assert.equal(cli.status, 0, cli.stderr);
  });
});

test('a JSON with missing fields does not crash the report and shows no "undefined"', () => {
  withFolder(
    { 'fig2.json': { claims: [{ id: 1 }] }, 'fig3.json': { claims: [] }, 'fig4.json': { claims: [null, 'x', { pass: true }] } },
    (dir) => {
      const { r, md, facts } = report(dir);
      assert.equal(r.failed, false);
      assert.ok(!md.includes('--seed'), 'no --seed for a JSON without a seed');
      assert.match(facts.attention.join('\n'), /fig3 — fig3\.json lacks figure, scale, seed, params, provenance/);
      const fig2 = facts.summary.find((row) => row[0] === 'fig2')!;
      assert.equal(fig2[7], 'failed', 'a claim without a pass flag or verdict did not pass');
      assert.equal(facts.summary.find((row) => row[0] === 'fig3')![7], 'passed');
      assert.equal(facts.summary.find((row) => row[0] === 'fig4')![5], '1/3 pass, 2 FAIL');
    },
  );
});

test('deviations are counted apart from passes and failures and listed first; verdicts fall back to pass', () => {
  const deviation = {
    claim: 'c2',
    scales: ['quick', 'paper'],
    kind: 'erratum',
    text: 'The paper expands 1/(1 + b² + b⁴) wrongly; the quartic coefficient is 2 − β².',
  };
  withFolder(
    {
      'figA3.json': figJson('figA3', {
        claims: [
          { id: 'c1', text: 'Holds.', measured: 1, expected: '1', pass: true, verdict: 'pass' },
          {
            id: 'c2',
            text: 'Quartic coefficient as in eq. (106).',
            measured: 0.5,
            expected: '> 1',
            pass: false,
            verdict: 'deviation',
            deviation,
          },
        ],
      }),
      'figA7.json': figJson('figA7', {
        claims: [
          {
            id: 'r',
            text: 'Recurrent matters more.',
            measured: 1.2,
            expected: '> 1',
            pass: true,
            verdict: 'unexpected-pass',
            deviation: { ...deviation, claim: 'r', kind: 'undecided' },
          },
        ],
      }),
      // written before verdicts existed: pass flags only
      'fig2.json': figJson('fig2', {
        claims: [
          { id: 'old', text: 'Old claim.', measured: 1, expected: '1', pass: true },
          { id: 'old2', text: 'Old failing claim.', measured: 0, expected: '1', pass: false },
        ],
      }),
      'fig4.json': figJson('fig4', { claims: [{ id: 'ok', text: 'Fine.', measured: 1, expected: '1', pass: true }] }),
    },
    (dir) => {
      const { md, facts } = report(dir);
      assert.equal(facts.headings[0], 'Deviations from the paper', 'the deviations come first');
      assert.deepEqual(facts.deviations, [
        ['figA3', 'c2: Quartic coefficient as in eq. (106).', '0.5', '> 1', 'erratum (recorded at quick, paper scale)', deviation.text],
      ]);
      const status = Object.fromEntries(facts.summary.map((row) => [row[0], row[7]]));
      assert.equal(status.figA3, 'deviation', 'a recorded deviation does not fail the figure');
      assert.equal(status.figA7, 'failed', 'an unexpected pass fails it');
      assert.equal(status.fig2, 'failed', 'an old JSON: pass false → fail');
      assert.equal(status.fig4, 'passed', 'an old JSON: pass true → pass');
      assert.equal(facts.summary.find((row) => row[0] === 'figA3')![5], '1/2 pass, 1 deviation (recorded)');
      assert.match(facts.attention.join('\n'), /figA7 — recorded deviation now passes/);
      assert.ok(!facts.attention.some((a) => a.startsWith('figA3')), 'a recorded deviation is not a problem');
      assert.ok(facts.claims.some((c) => c[0] === 'Quartic coefficient as in eq. (106).' && c[3] === 'deviation (recorded)'));
      assert.ok(md.indexOf('## Deviations from the paper') < md.indexOf('## Needs attention'));
    },
  );
});

test('diverged runs are summarised in words; not converged is not diverged; warnings are not coloured as passes', () => {
  withFolder(
    {
      'fig4.json': figJson('fig4', {
        diverged: [
          {
            panel: 'exp',
            T: 12,
            kappa: 1,
            x: 1.3,
            step: 900,
            reason: 'max|W| = 3.210e+7 > 1000000',
            what: 'exponential, T = 12, κ = 1, λ = 1.3',
          },
          {
            panel: 'exp',
            T: 12,
            kappa: 1.5,
            x: 1.3,
            step: 800,
            reason: 'max|W| = 2.000e+6 > 1000000',
            what: 'exponential, T = 12, κ = 1.5, λ = 1.3',
          },
          { panel: 'dirac', T: 6, kappa: 1, x: 3, step: 10, reason: 'non-finite loss' },
        ],
      }),
      'fig3.json': figJson('fig3', {
        diverged: [
          {
            key: 'exp/λ=1.5',
            status: 'not converged',
            step: null,
            reason: 'loss/initial loss = 1.2e-3 > convTol after 900 steps; the loss was still falling',
            t: null,
            rho: 0.4,
          },
        ],
      }),
      'fig2.json': figJson('fig2'),
    },
    (dir) => {
      const { html, facts } = report(dir);
      const a = facts.attention.join('\n');
      assert.match(
        a,
        /fig4 — 3 runs diverged \(max\|W\| > 1000000 \(2\); non-finite loss \(1\)\): exponential, T = 12, κ = 1, λ = 1\.3; exponential, T = 12, κ = 1\.5, λ = 1\.3; panel = dirac, T = 6, kappa = 1, x = 3/,
      );
      assert.match(
        a,
        /fig3 — 1 run did not converge \(not diverged; loss\/initial loss > convTol; the loss was still falling\): key = exp\/λ=1\.5/,
      );
      assert.ok(
        !/diverged/.test(facts.attention.find((x) => x.startsWith('fig3'))!.replace('not diverged', '')),
        'fig3 is not said to diverge',
      );
      assert.ok(!a.includes('{'), 'no raw JSON');
      const status = Object.fromEntries(facts.summary.map((row) => [row[0], row[7]]));
      assert.deepEqual([status.fig4, status.fig3, status.fig2], ['diverged runs', 'not converged', 'passed']);
      const cls = (id: string) =>
        html.match(new RegExp(`<tr data-figure="${id}" data-status="[^"]*">(?:<td[^>]*>.*?</td>){7}<td class="(\\w+)">`))?.[1];
      assert.equal(cls('fig4'), 'warn');
      assert.equal(cls('fig3'), 'warn');
      assert.equal(cls('fig2'), 'pass');
      assert.match(html, /\.warn\{color:#9a5b00/);
    },
  );
});

test('each figure links to its SVG, JSON and Vega-Lite spec; a folder mixing scales or seeds is flagged', () => {
  withFolder(
    {
      'fig2.json': figJson('fig2'),
      'fig2.svg': '<svg/>',
      'fig2.png': 'x',
      'fig2.vl.json': '{}',
      'fig3.json': figJson('fig3', { scale: 'paper', seed: 7 }),
      'fig3.svg': '<svg/>',
      'fig3.vl.json': '{}',
    },
    (dir) => {
      const { html, md, facts } = report(dir);
      for (const f of ['fig2.svg', 'fig2.json', 'fig2.vl.json', 'fig3.svg', 'fig3.json', 'fig3.vl.json']) {
        assert.ok(html.includes(`href="${f}"`), `HTML links ${f}`);
        assert.ok(md.includes(`](${f})`), `Markdown links ${f}`);
      }
      assert.ok(!html.includes('href="fig3.png"'), 'no link to a file that is not there');
      const a = facts.attention.join('\n');
      assert.match(a, /this folder mixes scales: scale quick: fig2; scale paper: fig3/);
      assert.match(a, /this folder mixes seeds: seed 1: fig2; seed 7: fig3/);
      assert.ok(md.includes('lrnn repro fig3 --seed 7'));
    },
  );
  withFolder({ 'fig2.json': figJson('fig2'), 'fig3.json': figJson('fig3') }, (dir) => {
    assert.ok(!report(dir).facts.attention.some((x) => x.includes('mixes')), 'one scale and seed: nothing flagged');
  });
});

test('<id>.robustness.json beside a figure is shown as a per-claim table', () => {
  const robustness = {
    figure: 'figA7',
    scale: 'quick',
    seeds: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
    claims: [
      {
        id: 'recurrent-matters-more',
        text: 'Recurrent init matters more.',
        passRate: 0.3,
        passes: 3,
        runs: 10,
        verdicts: { pass: 3, fail: 7, deviation: 0, 'unexpected-pass': 0 },
        numeric: { mean: 0.93, sd: 0.05, min: 0.85, max: 1.02, ci95: [0.894, 0.966], n: 10 },
      },
      {
        id: 'bool-claim',
        text: 'Something categorical.',
        passRate: 1,
        passes: 10,
        runs: 10,
        verdicts: { pass: 10, fail: 0, deviation: 0, 'unexpected-pass': 0 },
        numeric: null,
        values: {
          ratio: { mean: 0.86, sd: 0.1, min: 0.7, max: 1.01, ci95: [0.788, 0.932], n: 10 },
          single: { mean: 2, sd: null, min: 2, max: 2, ci95: null, n: 1 },
        },
      },
    ],
  };
  withFolder({ 'figA7.json': figJson('figA7'), 'figA7.robustness.json': robustness }, (dir) => {
    const { md, html } = report(dir);
    for (const text of [md, decode(html)]) {
      assert.ok(text.includes('Robustness across seeds: 10 seeds (1–10), quick scale.'));
      for (const cell of [
        'recurrent-matters-more: Recurrent init matters more.',
        '30 % (3/10)',
        'pass 3, fail 7',
        '0.93',
        '0.85 … 1.02',
        '[0.894, 0.966]',
        '100 % (10/10)',
        'bool-claim · ratio: value ratio',
        '[0.788, 0.932]',
        '0.7 … 1.01',
        'bool-claim · single: value single',
      ]) {
        assert.ok(text.includes(cell), `robustness cell ${cell}`);
      }
    }
    assert.ok(html.includes('href="figA7.robustness.json"'));
  });
  withFolder({ 'figA7.json': figJson('figA7'), 'figA7.robustness.json': '{"claims": ' }, (dir) => {
    const r = writeReport(dir, FIGURES);
    assert.deepEqual(r.unreadable, ['figA7']);
  });
});

test('a --seeds folder (robustness table and seed-<n>/ outputs, no top-level figure JSON) is reported, not "not run"', () => {
  const claim = (id: string, pass: number, fail: number) => ({
    id,
    text: `${id} text.`,
    passRate: pass / (pass + fail),
    passes: pass,
    runs: pass + fail,
    verdicts: { pass, fail, deviation: 0, 'unexpected-pass': 0 },
    numeric: null,
    values: {},
  });
  withFolder(
    { 'fig5.robustness.json': { figure: 'fig5', scale: 'quick', seeds: [1, 2, 3], claims: [claim('a', 3, 0), claim('b', 2, 1)] } },
    (dir) => {
      for (const s of [1, 2, 3]) {
        mkdirSync(join(dir, `seed-${s}`));
        writeFileSync(join(dir, `seed-${s}`, 'fig5.json'), JSON.stringify(figJson('fig5', { seed: s })));
        writeFileSync(join(dir, `seed-${s}`, 'fig5.png'), 'x');
      }
      const { r, html, facts } = report(dir);
      assert.equal(r.run, 1);
      assert.ok(!r.notRun.includes('fig5'));
      const row = facts.summary.find((x) => x[0] === 'fig5')!;
      assert.deepEqual(
        [row[2], row[3], row[5], row[7]],
        ['lrnn repro fig5 --quick --seeds 1-3', 'quick', '1/2 pass on every seed, 1 FAIL on some seed', 'failed'],
      );
      assert.match(facts.attention.join('\n'), /fig5 — claim failed on 1\/3 seeds \(over --seeds 1-3\): b text\./);
      assert.ok(!facts.attention.some((a) => a.startsWith('not run:') && a.includes('fig5')));
      for (const href of ['fig5.robustness.json', 'seed-1/fig5.json', 'seed-3/fig5.json']) assert.ok(html.includes(`href="${href}"`), href);
      assert.ok(html.includes('src="seed-1/fig5.png"'));
    },
  );
});
