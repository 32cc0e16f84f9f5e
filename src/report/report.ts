/**
 * The reproduction report: one page saying what was reproduced, as Markdown (REPORT.md) and
 * self-contained HTML (report.html, images and files by relative path). Both render the same
 * ReportModel (src/report/model.ts); nothing here decides what to say, only how to show it.
 */
import { buildModel, TONE, VERDICT_TONE, type ReportItem, type ReportModel, type Section } from './model.js';

export type { ReportItem } from './model.js';
export { orderItems } from './model.js';

const SUMMARY_HEAD = ['figure', 'paper', 'command', 'scale', 'time', 'claims', 'snapshot', 'status'];
const CLAIM_HEAD = ['claim', 'measured', 'expected', 'result'];
const ROBUST_HEAD = ['claim', 'pass rate', 'verdicts', 'mean', 'sd', 'min … max', '95 % interval', 'n'];
const DEVIATION_HEAD = ['figure', 'claim', 'measured', 'expected', 'kind', 'record'];
const DEVIATION_INTRO =
  'Claims of the paper that do not reproduce, recorded with the evidence in the figure modules; they do not fail the run.';

// ---------------------------------------------------------------------------------------------------
// Markdown

function mdCell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function mdRow(cells: string[]): string {
  return `| ${cells.map(mdCell).join(' | ')} |`;
}

function mdTable(head: string[], rows: string[][]): string[] {
  return [mdRow(head), `|${head.map(() => '---').join('|')}|`, ...rows.map(mdRow)];
}

function mdSection(s: Section): string[] {
  const L: string[] = ['', `## ${mdCell(s.heading)}`, '', `*${s.caption}*`, ''];
  if (s.unreadable) return [...L, `**${s.unreadable}**`];
  if (s.notRun) return [...L, s.notRun];
  if (s.image) L.push(`![${s.id}](${s.image})`, '');
  if (s.links.length) L.push(`Files: ${s.links.map((l) => `[${l.label}](${l.href})`).join(' · ')}`, '');
  if (s.claims.length)
    L.push(
      ...mdTable(
        CLAIM_HEAD,
        s.claims.map((c) => [c.text, c.measured, c.expected, c.verdict === 'pass' ? c.result : `**${c.result}**`]),
      ),
      '',
    );
  if (s.robustness) {
    L.push(`Robustness across seeds: ${s.robustness.seeds}.`, '');
    L.push(
      ...mdTable(
        ROBUST_HEAD,
        s.robustness.rows.map((r) => [`${r.claim}: ${r.text}`, r.passRate, r.verdicts, r.mean, r.sd, r.range, r.ci95, r.n]),
      ),
      '',
    );
  }
  for (const p of s.paragraphs) L.push(p, '');
  if (s.notes.length) {
    L.push(s.notesTitle, '');
    for (const n of s.notes) L.push(`- ${mdCell(n)}`);
    L.push('');
  }
  if (s.provenance) L.push(s.provenance);
  return L;
}

export function renderMarkdown(m: ReportModel): string {
  const L: string[] = [`# ${m.title}`, '', m.byline, ''];
  if (m.deviations.length) {
    L.push('## Deviations from the paper', '', DEVIATION_INTRO, '');
    L.push(
      ...mdTable(
        DEVIATION_HEAD,
        m.deviations.map((d) => [d.figure, `${d.claim}: ${d.text}`, d.measured, d.expected, d.kind, d.record]),
      ),
      '',
    );
  }
  L.push('## Needs attention', '');
  if (m.nothing) L.push(m.nothing);
  for (const a of m.attention) L.push(`- ${mdCell(a)}`);
  L.push('', '## Summary', '');
  L.push(
    ...mdTable(
      SUMMARY_HEAD,
      m.summary.map((r) => [r.figure, r.paper, `\`${r.command}\``, r.scale, r.time, r.claims, r.snapshot, r.status]),
    ),
  );
  for (const s of m.sections) L.push(...mdSection(s));
  L.push('');
  return L.join('\n');
}

export function reportMarkdown(items: ReportItem[], generated: string): string {
  return renderMarkdown(buildModel(items, generated));
}

// ---------------------------------------------------------------------------------------------------
// HTML

export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** Escape, then show `code` spans as <code> (the Markdown shows them as typed). */
function inline(s: string): string {
  return escapeHtml(s).replace(/`([^`]+)`/g, '<code>$1</code>');
}

const CSS = `body{font-family:system-ui,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222}
table{border-collapse:collapse;margin:.5em 0 1em}td,th{border:1px solid #ccc;padding:.25em .5em;text-align:left;vertical-align:top}
th{background:#f3f3f3}.pass{color:#176317}.fail{color:#b00020;font-weight:bold}.warn{color:#9a5b00;font-weight:bold}.none{color:#777}
img{max-width:100%;border:1px solid #eee}code{background:#f6f6f6;padding:0 .2em}section{margin-top:2em}
.attention li{color:#b00020}.attention li.none{color:#777}.attention li.pass{color:#176317}.deviations td{color:#222}`;

function tr(cells: string[], attrs = '', classes: Array<string | undefined> = []): string {
  return `<tr${attrs}>${cells.map((c, i) => `<td${classes[i] ? ` class="${classes[i]}"` : ''}>${c}</td>`).join('')}</tr>`;
}

function thead(head: string[]): string {
  return `<thead><tr>${head.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead>`;
}

function htmlSection(s: Section): string[] {
  const e = escapeHtml;
  const H: string[] = [
    `<section class="figure" id="${e(s.id)}" data-status="${e(s.status)}">`,
    `<h2>${e(s.heading)}</h2>`,
    `<p><em>${e(s.caption)}</em></p>`,
  ];
  if (s.unreadable) return [...H, `<p class="fail">${inline(s.unreadable)}</p>`, '</section>'];
  if (s.notRun) return [...H, `<p class="none">${inline(s.notRun)}</p>`, '</section>'];
  if (s.image) H.push(`<p><img src="${e(s.image)}" alt="${e(s.id)}: ${e(s.caption)}"></p>`);
  if (s.links.length) H.push(`<p class="files">Files: ${s.links.map((l) => `<a href="${e(l.href)}">${e(l.label)}</a>`).join(' · ')}</p>`);
  if (s.claims.length) {
    H.push(`<table class="claims">${thead(CLAIM_HEAD)}<tbody>`);
    for (const c of s.claims) {
      H.push(
        tr(
          [e(c.text), e(c.measured), e(c.expected), e(c.result)],
          ` class="claim" data-claim="${e(c.id)}" data-verdict="${e(c.verdict)}"`,
          [undefined, undefined, undefined, VERDICT_TONE[c.verdict]],
        ),
      );
    }
    H.push('</tbody></table>');
  }
  if (s.robustness) {
    H.push(`<p>Robustness across seeds: ${e(s.robustness.seeds)}.</p>`, `<table class="robustness">${thead(ROBUST_HEAD)}<tbody>`);
    for (const r of s.robustness.rows)
      H.push(
        tr(
          [`${e(r.claim)}: ${e(r.text)}`, e(r.passRate), e(r.verdicts), e(r.mean), e(r.sd), e(r.range), e(r.ci95), e(r.n)],
          ` data-claim="${e(r.claim)}"`,
        ),
      );
    H.push('</tbody></table>');
  }
  for (const p of s.paragraphs) H.push(`<p>${inline(p)}</p>`);
  if (s.notes.length) {
    H.push(`<p>${e(s.notesTitle)}</p><ul class="notes">`);
    for (const n of s.notes) H.push(`<li>${e(n)}</li>`);
    H.push('</ul>');
  }
  if (s.provenance) H.push(`<p class="provenance">${e(s.provenance)}</p>`);
  H.push('</section>');
  return H;
}

export function renderHtml(m: ReportModel): string {
  const e = escapeHtml;
  const H: string[] = [
    '<!DOCTYPE html>',
    '<html lang="en"><head><meta charset="utf-8"><title>lrnn reproduction report</title>',
    `<style>${CSS}</style></head><body>`,
    `<h1>${e(m.title)}</h1>`,
    `<p>${e(m.byline)}</p>`,
  ];
  if (m.deviations.length) {
    H.push(
      '<h2 id="deviations">Deviations from the paper</h2>',
      `<p>${e(DEVIATION_INTRO)}</p>`,
      `<table class="deviations">${thead(DEVIATION_HEAD)}<tbody>`,
    );
    for (const d of m.deviations)
      H.push(
        tr(
          [e(d.figure), `${e(d.claim)}: ${e(d.text)}`, e(d.measured), e(d.expected), e(d.kind), e(d.record)],
          ` data-figure="${e(d.figure)}" data-claim="${e(d.claim)}"`,
        ),
      );
    H.push('</tbody></table>');
  }
  H.push('<h2 id="attention">Needs attention</h2>', '<ul class="attention">');
  if (m.nothing) H.push(`<li class="pass">${e(m.nothing)}</li>`);
  for (const a of m.attention) H.push(`<li${a.startsWith('not run: ') ? ' class="none"' : ''}>${e(a)}</li>`);
  H.push('</ul>', '<h2 id="summary">Summary</h2>', `<table class="summary">${thead(SUMMARY_HEAD)}<tbody>`);
  for (const r of m.summary) {
    H.push(
      tr(
        [
          `<a href="#${e(r.figure)}">${e(r.figure)}</a>`,
          e(r.paper),
          `<code>${e(r.command)}</code>`,
          e(r.scale),
          e(r.time),
          e(r.claims),
          e(r.snapshot),
          e(r.status),
        ],
        ` data-figure="${e(r.figure)}" data-status="${e(r.status)}"`,
        [undefined, undefined, undefined, undefined, undefined, undefined, undefined, TONE[r.status]],
      ),
    );
  }
  H.push('</tbody></table>');
  for (const s of m.sections) H.push(...htmlSection(s));
  H.push('</body></html>');
  return `${H.join('\n')}\n`;
}

export function reportHtml(items: ReportItem[], generated: string): string {
  return renderHtml(buildModel(items, generated));
}
