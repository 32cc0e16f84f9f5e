/**
 * Checks of a figure drawn for a manuscript (column width, print theme), shared by the per-figure
 * snapshot tests (which already have each figure's spec) and test/manuscript.test.ts.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { VegaLiteSpec } from '../../src/figure.js';
import { renderSpec } from '../../src/render/render.js';
import { WIDTH_PRESETS } from '../../src/render/options.js';

/** Whether a command-line tool runs (poppler-utils: pdffonts, pdftotext, pdftoppm). */
export function hasTool(name: string): boolean {
  const r = spawnSync(name, ['-v'], { encoding: 'utf8' });
  return !r.error;
}

export const POPPLER_MISSING = 'poppler-utils not installed (pdffonts, pdftotext): apt-get install -y poppler-utils';

/** Font sizes (px = pt at scale 1) of every text element of a vega SVG. */
export function fontSizes(svg: string): number[] {
  return [...svg.matchAll(/<text\b[^>]*\sfont-size="([\d.]+)px"/g)].map((m) => Number(m[1]));
}

/** Stroke widths of every stroked element of a vega SVG (stroke-width, where one is set). */
export function strokeWidths(svg: string): number[] {
  return [...svg.matchAll(/<(?:path|line|rect|circle)\b[^>]*>/g)]
    .map((m) => m[0])
    .filter((el) => / stroke="(?!none|transparent)[^"]+"/.test(el) && !/ stroke-opacity="0"/.test(el))
    .map((el) => Number(/ stroke-width="([\d.]+)"/.exec(el)?.[1] ?? '1'));
}

/** Every axis title of a Vega-Lite spec. */
export function axisTitles(spec: unknown): string[] {
  const out = new Set<string>();
  const walk = (n: unknown, key: string): void => {
    if (Array.isArray(n)) {
      for (const x of n) walk(x, key);
      return;
    }
    if (!n || typeof n !== 'object') return;
    const o = n as Record<string, unknown>;
    if (key === 'axis' && typeof o.title === 'string') out.add(o.title);
    for (const [k, v] of Object.entries(o)) if (k !== 'data') walk(v, k);
  };
  walk(spec, '');
  return [...out];
}

/** `s` without white space (pdftotext breaks lines and spaces where the layout does). */
const squeeze = (s: string): string => s.replace(/\s+/g, '');

export interface PrintCheck {
  minFontPt: number;
  maxFontPt: number;
  minLinePt: number;
  widthPt: number;
  heightPt: number;
}

/**
 * Render `spec` at column width with the print theme to SVG and PDF and check: every text 7–9 pt and
 * every line ≥ 0.5 pt at the printed size; the PDF's width is the column; and, when poppler-utils is
 * installed, that the PDF parses, embeds DejaVu Sans and yields every axis title as text.
 */
export async function checkPrint(id: string, spec: VegaLiteSpec): Promise<PrintCheck> {
  const r = await renderSpec(spec, ['svg', 'pdf'], { theme: 'print', widthPt: WIDTH_PRESETS.column, svgText: 'font' });
  assert.deepEqual([...new Set(r.warnings)], [], `${id}: vega/vega-lite warnings while rendering the print version`);
  const sizes = fontSizes(r.svg!).map((s) => s * r.scale);
  const lines = strokeWidths(r.svg!).map((w) => w * r.scale);
  assert.ok(sizes.length > 0, `${id}: the print SVG has text`);
  const check: PrintCheck = {
    minFontPt: Math.min(...sizes),
    maxFontPt: Math.max(...sizes),
    minLinePt: Math.min(...lines),
    widthPt: r.size.width,
    heightPt: r.size.height,
  };
  assert.ok(check.minFontPt >= 7 - 1e-9, `${id}: smallest text at column width is ${check.minFontPt.toFixed(2)} pt (< 7)`);
  assert.ok(check.maxFontPt <= 9 + 1e-9, `${id}: largest text at column width is ${check.maxFontPt.toFixed(2)} pt (> 9)`);
  assert.ok(check.minLinePt >= 0.5 - 1e-9, `${id}: thinnest line at column width is ${check.minLinePt.toFixed(3)} pt (< 0.5)`);
  assert.ok(Math.abs(check.widthPt - WIDTH_PRESETS.column) < 1e-6, `${id}: printed width ${check.widthPt} pt`);
  // The layout makes the width; what is left is a scaling by at most a few per cent, never down.
  assert.ok(r.scale >= 1 && r.scale < 1.08, `${id}: the layout is ${((1 / r.scale) * 100).toFixed(1)}% of the column (scale ${r.scale})`);
  if (!hasTool('pdffonts')) return check;
  const dir = mkdtempSync(join(tmpdir(), `lrnn-print-${id}-`));
  try {
    const pdf = join(dir, `${id}.pdf`);
    writeFileSync(pdf, r.pdf!);
    const fonts = spawnSync('pdffonts', [pdf], { encoding: 'utf8' });
    assert.equal(fonts.status, 0, `${id}: pdffonts could not parse the PDF: ${fonts.stderr}`);
    const rows = fonts.stdout.split('\n').slice(2).filter(Boolean);
    assert.ok(rows.length > 0, `${id}: the PDF lists fonts`);
    for (const row of rows) {
      assert.match(row, /DejaVuSans/, `${id}: font other than DejaVu Sans: ${row}`);
      const cols = row.trim().split(/\s+/);
      assert.equal(cols[cols.length - 5], 'yes', `${id}: font not embedded: ${row}`);
    }
    const text = spawnSync('pdftotext', ['-raw', pdf, '-'], { encoding: 'utf8' });
    assert.equal(text.status, 0, `${id}: pdftotext failed: ${text.stderr}`);
    const all = squeeze(text.stdout);
    for (const title of axisTitles(r.spec))
      assert.ok(all.includes(squeeze(title)), `${id}: axis title '${title}' not found in the PDF's text`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return check;
}
