/**
 * Make an SVG's text independent of the fonts installed where it is opened.
 *
 * vega writes `font-family="DejaVu Sans"` on every text element. Two ways out:
 *  - 'font' (default): the glyphs used are subset from the shipped DejaVu Sans (regular, bold) with
 *    harfbuzz (hb-subset, WebAssembly) and embedded as WOFF2 data URIs in an @font-face rule; the
 *    text stays selectable text;
 *  - 'paths': every text element becomes a path of its glyph outlines (opentype.js), advanced and
 *    kerned exactly as fonts.ts measures them, so no font is needed at all.
 * Either way each family list ends in the generic `sans-serif`.
 */
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FONT_FAMILY, fontsDir } from './fonts.js';
import type { SvgText } from './options.js';

const require = createRequire(import.meta.url);

/** The family list written into SVGs: the shipped font, then the generic fallback. */
export const SVG_FONT_FAMILY = `${FONT_FAMILY}, sans-serif`;

const FILES = { normal: 'DejaVuSans.ttf', bold: 'DejaVuSans-Bold.ttf' } as const;
type Weight = keyof typeof FILES;

const TEXT_RE = /<text\b([^>]*)>([^<]*)<\/text>|<text\b([^>]*)\/>/g;

const unescapeXml = (s: string): string =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');

function attr(attrs: string, name: string): string | undefined {
  return new RegExp(`\\s${name}="([^"]*)"`).exec(attrs)?.[1];
}

const weightOf = (attrs: string): Weight => {
  const w = attr(attrs, 'font-weight');
  return w === 'bold' || w === 'bolder' || Number(w) >= 600 ? 'bold' : 'normal';
};

/** Every family attribute gets the generic fallback. */
function withFallback(svg: string): string {
  return svg.replace(
    /font-family="([^"]*)"/g,
    (_m, fam: string) => `font-family="${fam.includes('sans-serif') ? fam : `${fam}, sans-serif`}"`,
  );
}

/** Insert `defs` right after the root <svg …> tag. */
function insertDefs(svg: string, defs: string): string {
  const end = svg.indexOf('>', svg.indexOf('<svg')) + 1;
  return svg.slice(0, end) + defs + svg.slice(end);
}

type SubsetFont = (font: Buffer, text: string, o: { targetFormat: 'woff2' | 'truetype' }) => Promise<Buffer>;

/** @font-face rules with the used glyphs of each weight, as WOFF2 data URIs. */
async function fontFaces(svg: string): Promise<string> {
  const used: Record<Weight, Set<string>> = { normal: new Set(), bold: new Set() };
  for (const m of svg.matchAll(TEXT_RE)) {
    if (m[2] === undefined) continue;
    for (const ch of unescapeXml(m[2])) used[weightOf(m[1])].add(ch);
  }
  const subset = require('subset-font') as SubsetFont;
  const rules: string[] = [];
  for (const weight of ['normal', 'bold'] as const) {
    if (used[weight].size === 0) continue;
    const text = [...used[weight]].sort().join('');
    const woff2 = await subset(readFileSync(join(fontsDir(), FILES[weight])), text, { targetFormat: 'woff2' });
    rules.push(
      `@font-face{font-family:'${FONT_FAMILY}';font-style:normal;font-weight:${weight};src:url(data:font/woff2;base64,${woff2.toString('base64')}) format('woff2')}`,
    );
  }
  return rules.length ? `<defs><style type="text/css">${rules.join('')}</style></defs>` : '';
}

/** The parts of opentype.js used to draw glyphs. */
interface Glyph {
  index: number;
  advanceWidth?: number;
  getPath(x: number, y: number, size: number): { toPathData(decimals: number): string };
}
interface OtFont {
  unitsPerEm: number;
  charToGlyph(ch: string): Glyph;
  position: { getKerningTables(s: string): unknown; getKerningValue(t: unknown, a: number, b: number): number };
}
let outlineFonts: Record<Weight, { font: OtFont; kerning: unknown }> | undefined;

function loadOutlineFonts(): Record<Weight, { font: OtFont; kerning: unknown }> {
  if (!outlineFonts) {
    const opentype = require('opentype.js') as { parse(b: ArrayBuffer): OtFont };
    const load = (file: string) => {
      const buf = readFileSync(join(fontsDir(), file));
      const font = opentype.parse(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength));
      return { font, kerning: font.position.getKerningTables('latn') };
    };
    outlineFonts = { normal: load(FILES.normal), bold: load(FILES.bold) };
  }
  return outlineFonts;
}

/** The outline of `text` at `size`, baseline at y = 0, starting at x = 0; and its advance width. */
function outline(text: string, size: number, weight: Weight): { d: string; width: number } {
  const { font, kerning } = loadOutlineFonts()[weight];
  const k = size / font.unitsPerEm;
  const glyphs = Array.from(text, (ch) => font.charToGlyph(ch));
  let x = 0;
  const parts: string[] = [];
  glyphs.forEach((g, i) => {
    const d = g.getPath(x, 0, size).toPathData(2);
    if (d) parts.push(d);
    x += (g.advanceWidth ?? 0) * k;
    if (i + 1 < glyphs.length && kerning) x += (font.position.getKerningValue(kerning, g.index, glyphs[i + 1].index) || 0) * k;
  });
  return { d: parts.join(''), width: x };
}

/** Every <text> as a <path> of glyph outlines, placed as the text would be. */
function textToPaths(svg: string): string {
  return svg.replace(TEXT_RE, (_whole, attrs: string | undefined, body: string | undefined) => {
    if (attrs === undefined || body === undefined) return ''; // an empty text element draws nothing
    const text = unescapeXml(body);
    if (!text.trim()) return '';
    const size = parseFloat(attr(attrs, 'font-size') ?? '11');
    const { d, width } = outline(text, size, weightOf(attrs));
    const anchor = attr(attrs, 'text-anchor') ?? 'start';
    const dx = anchor === 'middle' ? -width / 2 : anchor === 'end' ? -width : 0;
    const transform = attr(attrs, 'transform');
    const keep = ['fill', 'opacity', 'fill-opacity']
      .map((a) => [a, attr(attrs, a)] as const)
      .filter(([, v]) => v !== undefined)
      .map(([a, v]) => ` ${a}="${v}"`)
      .join('');
    const move = dx !== 0 ? ` translate(${+dx.toFixed(3)},0)` : '';
    const t = transform || move ? ` transform="${(transform ?? '') + move}"` : '';
    return `<path${t} d="${d}"${keep} aria-label="${body.replace(/"/g, '&quot;')}"/>`;
  });
}

/** The SVG as written to `<id>.svg`: generic fallback family, and the font embedded or text outlined. */
export async function finishSvg(svg: string, mode: SvgText): Promise<string> {
  if (mode === 'paths') return textToPaths(svg);
  const faces = await fontFaces(svg);
  return insertDefs(withFallback(svg), faces);
}
