import { tempDir } from './lib/tmp.js';
import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import * as vega from 'vega';
import { configureFonts, FONT_FAMILY, fontsDir, measureText } from '../src/render/fonts.js';
import { renderSpec } from '../src/render/render.js';
import { figureSpec, hconcat, heatmap, lineChart, type VegaLiteSpec } from '../src/render/spec.js';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../', import.meta.url)); // dist/test/ → repo root
const here = new URL('.', import.meta.url).href;

/** A small figure with every kind of text: figure and panel titles, axis titles, two legends, a colour bar. */
function sampleSpec() {
  const t = [0, 0.5, 1, 1.5, 2, 2.5, 3];
  const line = lineChart({
    title: 'Loss vs t_θ/τ',
    x: { title: 't_θ/τ' },
    y: { title: 'loss (δ, κ, β)', scale: 'log' },
    colorTitle: 'λ',
    series: [
      { name: 'λ = 0.5', kind: 'simulation', x: t, y: t.map((v) => Math.exp(-0.5 * v) * 1.05) },
      { name: 'λ = 0.5', kind: 'theory', x: t, y: t.map((v) => Math.exp(-0.5 * v)) },
      { name: 'λ = 0.9', kind: 'simulation', x: t, y: t.map((v) => Math.exp(-0.9 * v)) },
    ],
    markers: [{ label: 'diverged', points: [{ x: 2, y: 0.5, series: 'λ = 0.9' }] }],
    rules: [{ y: 0.2, label: 'floor' }],
  });
  const cells = [1, 2, 3].flatMap((x) => [1, 2].map((y) => ({ x, y, value: x === 3 && y === 2 ? null : x * y })));
  const map = heatmap({ title: 'Sweep', x: { title: 'κ' }, y: { title: 'β' }, cells, color: { title: 'loss' } });
  return figureSpec('Wiiiii δλκβ', hconcat([line, map]));
}

const svgSize = (svg: string) => {
  const m = /<svg[^>]*\swidth="([\d.]+)"[^>]*\sheight="([\d.]+)"/.exec(svg);
  assert.ok(m, 'svg has width and height');
  return { width: Number(m[1]), height: Number(m[2]) };
};

const tmp = tempDir('lrnn-render-test-');
after(() => rmSync(tmp, { recursive: true, force: true }));

describe('renderSpec', () => {
  it('renders SVG with the shipped font and a 2× PNG', async () => {
    const r = await renderSpec(sampleSpec(), ['svg', 'png']);
    assert.ok(r.svg && r.png);
    // The shipped font, then the generic fallback (the font itself is embedded, see manuscript.test.ts).
    assert.ok(r.svg.includes(`font-family="${FONT_FAMILY}, sans-serif"`), 'text is set in the shipped font');
    assert.ok(!/font-family="(?!DejaVu Sans, sans-serif")/.test(r.svg), 'no other font family');
    for (const text of ['Wiiiii δλκβ', 't_θ/τ', 'λ = 0.9', 'simulation', 'theory', 'diverged', 'κ']) {
      assert.ok(r.svg.includes(text), `svg shows ${text}`);
    }
    assert.deepEqual(r.warnings, []);
    const { default: sharp } = await import('sharp');
    const meta = await sharp(r.png).metadata();
    const size = svgSize(r.svg);
    assert.equal(meta.format, 'png');
    assert.equal(meta.width, 2 * size.width);
    assert.equal(meta.height, 2 * size.height);
    assert.equal(meta.hasAlpha, false);
    const again = await renderSpec(sampleSpec(), ['png']);
    assert.ok(again.png?.equals(r.png), 'same bytes on a second render');
    assert.equal(again.svg, undefined);
  });

  it('draws identical PNG bytes whatever fonts the machine has', async () => {
    const conf = join(tmp, 'fonts.conf');
    writeFileSync(conf, '<?xml version="1.0"?>\n<fontconfig></fontconfig>\n');
    const empty = { FONTCONFIG_FILE: conf, FONTCONFIG_PATH: tmp, HOME: tmp, XDG_CONFIG_HOME: tmp, XDG_CACHE_HOME: tmp };
    const render = `
      import { createHash } from 'node:crypto';
      import { renderSpec } from '${here}../src/render/render.js';
      import { figureSpec, hconcat, heatmap, lineChart } from '${here}../src/render/spec.js';
      const spec = ${JSON.stringify(sampleSpec())};
      const { png } = await renderSpec(spec, ['png']);
      process.stdout.write(createHash('sha256').update(png).digest('hex'));`;
    // Control: without configureFonts, sharp has no font in the empty environment and draws boxes.
    const raw = (text: string) => `
      import { createHash } from 'node:crypto';
      import sharp from 'sharp';
      const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="40"><text x="4" y="30" font-family="DejaVu Sans" font-size="24">${text}</text></svg>';
      const png = await sharp(Buffer.from(svg)).png().toBuffer();
      process.stdout.write(createHash('sha256').update(png).digest('hex'));`;
    const node = async (code: string, env: Record<string, string>) =>
      (await run(process.execPath, ['--input-type=module', '-e', code], { cwd: root, env: { ...process.env, ...env } })).stdout;
    const [normal, bare, boxes, glyphs] = await Promise.all([
      node(render, {}),
      node(render, empty),
      node(raw('Wiiiii'), empty),
      node(raw('Wiiiii'), {}),
    ]);
    assert.match(normal, /^[0-9a-f]{64}$/);
    assert.equal(bare, normal, 'same PNG with no system fonts');
    assert.notEqual(boxes, glyphs, 'control: the empty environment really has no font');
  });
});

describe('text measurement', () => {
  configureFonts();
  const font = readFileSync(join(fontsDir(), 'DejaVuSans.ttf'));
  const opentype = createRequire(import.meta.url)('opentype.js') as {
    parse(b: ArrayBuffer): {
      unitsPerEm: number;
      charToGlyph(c: string): { index: number; advanceWidth: number };
      position: { getKerningTables(script: string): unknown; getKerningValue(t: unknown, l: number, r: number): number };
    };
  };
  const ot = opentype.parse(font.buffer.slice(font.byteOffset, font.byteOffset + font.byteLength));
  const kern = ot.position.getKerningTables('latn');
  /** opentype.js advance width with GPOS pair kerning (its getAdvanceWidth throws on DejaVu's GSUB). */
  const advance = (s: string, size: number) => {
    const g = Array.from(s, (c) => ot.charToGlyph(c));
    const pair = (i: number) => (i > 0 ? ot.position.getKerningValue(kern, g[i - 1].index, g[i].index) : 0);
    const units = g.reduce((w, x, i) => w + x.advanceWidth + pair(i), 0);
    return (units / ot.unitsPerEm) * size;
  };
  const metrics = (vega as unknown as { textMetrics: Record<string, (item: object, text: string) => number> }).textMetrics;

  it("replaces vega's estimate with the font's advance widths", () => {
    const item = { fontSize: 11, text: 'Wiiiii' };
    const w = metrics.width(item, 'Wiiiii');
    assert.ok(Math.abs(w - advance('Wiiiii', 11)) < 1e-9, `${w} vs opentype ${advance('Wiiiii', 11)}`);
    assert.ok(Math.abs(w - metrics.estimateWidth(item, 'Wiiiii')) > 10, 'differs from the 0.8·size·n estimate');
    assert.ok(measureText('Wiiiii', 20, 'bold') > measureText('Wiiiii', 20), 'bold is measured with the bold face');
    const plain = (s: string) => Array.from(s).reduce((w, c) => w + ot.charToGlyph(c).advanceWidth, 0) / ot.unitsPerEm;
    assert.ok(measureText('AV', 100) < 100 * plain('AV') - 5, 'pair kerning applied');
  });

  it('lays out text marks with those widths, truncating to the limit', async () => {
    const long = 'Wiiiii'.repeat(10);
    const text = (t: string, limit?: number) => ({
      data: { values: [{ t }] },
      mark: { type: 'text', align: 'left', fontSize: 20, ...(limit ? { limit } : {}) },
      encoding: { text: { field: 't' } },
    });
    const spec = { width: 100, height: 40, layer: [text('Wiiiii'), text(long, 60)] };
    const { compile } = await import('vega-lite');
    const view = new vega.View(vega.parse(compile(spec as never).spec), { renderer: 'none' });
    await view.runAsync();
    const texts: Array<{ text: string; bounds: { x1: number; x2: number } }> = [];
    const walk = (node: { marktype?: string; items?: unknown[] }) => {
      for (const it of node.items ?? []) {
        if (node.marktype === 'text') texts.push(it as (typeof texts)[number]);
        walk(it as typeof node);
      }
    };
    walk((view.scenegraph() as unknown as { root: { items?: unknown[] } }).root);
    const width = (t: string) => {
      const item = texts.find((x) => x.text === t);
      assert.ok(item, `text item ${t}`);
      return item.bounds.x2 - item.bounds.x1;
    };
    assert.ok(Math.abs(width('Wiiiii') - advance('Wiiiii', 20)) < 1e-6);
    assert.ok(width(long) <= 60 && width(long) > 40, `truncated bounds ${width(long)} within the 60 px limit`);
    const svg = await view.toSVG();
    view.finalize();
    assert.match(svg, /Wiiii*…</, 'the drawn text is truncated with an ellipsis');
  });
});

describe('render warnings', () => {
  it('are collected from vega-lite and vega, not printed', async () => {
    // A nominal field on the size channel: vega-lite warns that a discrete size can mislead.
    const bad: VegaLiteSpec = {
      width: 100,
      height: 80,
      data: { values: [{ x: 1, y: 1 }] },
      mark: 'point',
      encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'y', type: 'quantitative' }, size: { field: 'x', type: 'nominal' } },
    };
    const r = await renderSpec(bad, ['svg']);
    assert.ok(r.warnings.length > 0, 'a spec vega-lite warns about yields a warning');
  });

  it('a marker set without points draws no layer and no warning', async () => {
    const none = lineChart({
      x: { title: 'x' },
      y: { title: 'y' },
      series: [{ name: 'a', x: [1, 2], y: [1, 2] }],
      markers: [{ label: 'diverged', points: [] }],
    });
    const r = await renderSpec(figureSpec('no markers', none), ['svg']);
    assert.deepEqual(r.warnings, []);
    assert.ok(!r.svg?.includes('diverged'), 'no legend entry for markers that are not drawn');
  });
});
