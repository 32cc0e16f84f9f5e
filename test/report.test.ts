/** `lrnn report` on quick-scale outputs: every figure present, every claim row present, failures first. */
import { tempDir } from './lib/tmp.js';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CATALOG, loadAllFigures, loadFigure } from '../src/registry.js';
import { runFigure } from '../src/runner.js';
import { writeReport } from '../src/report/write.js';
import type { Params } from '../src/figure.js';

const FIGURES = await loadAllFigures();

/** A small HTML reader: checks that tags balance and returns the elements with their attributes. */
function parseHtml(html: string): Array<{ tag: string; attrs: Record<string, string>; text: string }> {
  const VOID = new Set(['meta', 'img', 'br', 'hr', 'link', 'input']);
  const stack: Array<{ tag: string; attrs: Record<string, string>; start: number }> = [];
  const out: Array<{ tag: string; attrs: Record<string, string>; text: string }> = [];
  const re = /<(\/?)([a-zA-Z][a-zA-Z0-9]*)([^>]*)>|<!DOCTYPE[^>]*>/g;
  let m: RegExpExecArray | null;
  for (m = re.exec(html); m; m = re.exec(html)) {
    if (!m[2]) continue;
    const tag = m[2].toLowerCase();
    if (m[1]) {
      const open = stack.pop();
      assert.ok(open && open.tag === tag, `unbalanced </${tag}> at ${m.index} (open: ${open?.tag})`);
      out.push({ tag, attrs: open!.attrs, text: html.slice(open!.start, m.index).replace(/<[^>]*>/g, '') });
    } else {
      const attrs: Record<string, string> = {};
      for (const a of m[3].matchAll(/([a-zA-Z-]+)="([^"]*)"/g)) attrs[a[1]] = a[2];
      if (VOID.has(tag)) out.push({ tag, attrs, text: '' });
      else stack.push({ tag, attrs, start: re.lastIndex });
    }
  }
  assert.equal(stack.length, 0, `unclosed: ${stack.map((s) => s.tag).join(', ')}`);
  return out;
}

test('report.html and REPORT.md from quick-scale outputs', async () => {
  const out = tempDir('lrnn-report-');
  const fig = await loadFigure(CATALOG.find((e) => e.id === 'fig2')!);
  await runFigure(fig, fig.params.quick as Params, {
    scale: 'quick',
    seed: 1,
    outDir: out,
    formats: ['png'],
    check: false,
    updateSnapshots: false,
    snapshotDir: out,
    jobs: 1,
  });
  // A failing figure with a diverged run, to check that problems come first and plainly.
  const failing = JSON.parse(readFileSync(join(out, 'fig2.json'), 'utf8'));
  failing.figure = 'figA1';
  failing.claims = [
    { id: 'ok-claim', text: 'A claim that holds.', measured: 1, expected: '1', pass: true },
    { id: 'bad-claim', text: 'A claim that <fails> & is escaped.', measured: 0.5, expected: '> 0.9', pass: false },
  ];
  failing.diverged = [{ point: 'δ = 9', step: 12, reason: 'loss not finite' }];
  writeFileSync(join(out, 'figA1.json'), JSON.stringify(failing));
  writeFileSync(join(out, 'fig3.json'), '{ not json');

  const r = writeReport(out, FIGURES);
  assert.deepEqual(r.unreadable, ['fig3']);
  const html = readFileSync(r.html, 'utf8');
  const els = parseHtml(html);
  const sections = els.filter((e) => e.tag === 'section' && e.attrs.class === 'figure');
  assert.deepEqual(sections.map((s) => s.attrs.id).sort(), CATALOG.map((e) => e.id).sort(), 'every figure of the catalog has a section');
  const order = sections.map((s) => s.attrs.id);
  assert.deepEqual(order.slice(0, 2), ['fig3', 'figA1'], 'the unreadable and the failing figure come first');
  assert.ok(order.indexOf('fig2') < order.indexOf('fig5'), 'run figures before not-run ones');
  assert.equal(sections.find((s) => s.attrs.id === 'fig3')!.attrs['data-status'], 'unreadable');
  assert.equal(r.failed, true, 'an unreadable JSON fails the report');
  assert.match(sections.find((s) => s.attrs.id === 'fig5')!.text, /Not run/);
  const rows = els.filter((e) => e.tag === 'tr' && e.attrs.class === 'claim').map((e) => e.attrs['data-claim']);
  const fig2Claims = JSON.parse(readFileSync(join(out, 'fig2.json'), 'utf8')).claims.map((c: { id: string }) => c.id);
  for (const id of [...fig2Claims, 'ok-claim', 'bad-claim']) assert.ok(rows.includes(id), `claim row ${id}`);
  assert.ok(html.includes('A claim that &lt;fails&gt; &amp; is escaped.'));
  const attention = els.find((e) => e.tag === 'ul' && e.attrs.class === 'attention')!;
  assert.match(attention.text, /figA1 — claim failed/);
  assert.match(attention.text, /diverged/);
  for (const img of els.filter((e) => e.tag === 'img'))
    assert.ok(existsSync(join(out, img.attrs.src)), `image ${img.attrs.src} beside the report`);
  assert.ok(els.some((e) => e.tag === 'img' && e.attrs.src === 'fig2.png'));
  const md = readFileSync(r.markdown, 'utf8');
  assert.ok(md.indexOf('## figA1') < md.indexOf('## fig2 '), 'Markdown lists the failure first too');
  assert.match(md, /\| A claim that <fails> & is escaped\. \| 0\.5 \| > 0\.9 \| \*\*FAIL\*\* \|/);
  assert.match(md, /## figM1 — App\. M[^\n]* \(beyond the paper\)/, 'figures beyond the paper are marked in the report');
});
