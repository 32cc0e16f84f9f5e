/**
 * Fonts: make text render and measure identically on any machine, including one with no system fonts.
 *
 * The package ships DejaVu Sans (regular and bold) under assets/fonts/. `configureFonts()`
 *  1. points fontconfig (used by sharp → librsvg → pango) at a private config that lists only that
 *     directory, so system fonts are never consulted and never missed, and
 *  2. gives vega a text-width measurer built from the same font files with opentype.js, so the layout
 *     vega computes (label widths, legend sizes, axis-title offsets) matches the glyphs sharp draws.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as vega from 'vega';

/** The one font family every text element of every figure uses. */
export const FONT_FAMILY = 'DejaVu Sans';

/** `<repo>/assets/fonts`, found from this module whether it runs from src/render or dist/src/render. */
export function fontsDir(): string {
  for (const up of ['../../assets/fonts', '../../../assets/fonts']) {
    const dir = fileURLToPath(new URL(up, import.meta.url));
    if (existsSync(join(dir, 'DejaVuSans.ttf'))) return dir;
  }
  throw new Error(`shipped font DejaVuSans.ttf not found near ${fileURLToPath(import.meta.url)}`);
}

/** The parts of opentype.js we use (the package ships no type declarations). */
interface OpenTypeFont {
  unitsPerEm: number;
  charToGlyph(char: string): { index: number; advanceWidth?: number };
  position: {
    getKerningTables(script: string): unknown;
    getKerningValue(tables: unknown, left: number, right: number): number;
  };
}
interface OpenTypeModule {
  parse(buffer: ArrayBuffer, options?: { lowMemory?: boolean }): OpenTypeFont;
}

/**
 * Advance widths as librsvg/pango lay them out: one glyph per code point plus GPOS pair kerning, no
 * ligatures (checked against rendered glyph positions). opentype.js's own `getAdvanceWidth` runs a
 * shaper that throws on DejaVu's GSUB tables, so we sum the advances ourselves.
 */
class Measurer {
  private readonly kerning: unknown;

  constructor(private readonly font: OpenTypeFont) {
    this.kerning = font.position.getKerningTables('latn');
  }

  /** Width of `text` in em. */
  width(text: string): number {
    const glyphs = Array.from(text, (ch) => this.font.charToGlyph(ch));
    let units = 0;
    for (let i = 0; i < glyphs.length; i++) {
      units += glyphs[i].advanceWidth ?? 0;
      if (i + 1 < glyphs.length && this.kerning) {
        units += this.font.position.getKerningValue(this.kerning, glyphs[i].index, glyphs[i + 1].index) || 0;
      }
    }
    return units / this.font.unitsPerEm;
  }
}

/** A vega scenegraph text item, as far as measurement cares. */
interface TextItem {
  fontSize?: number | string;
  fontWeight?: number | string;
  limit?: number;
  ellipsis?: string;
  dir?: string;
}

/** vega internals that vega-typings does not declare (see vega-scenegraph/src/util/text.js). */
interface VegaTextInternals {
  textMetrics: { width: (item: TextItem, text: unknown) => number };
  Marks: { text: { bound: (...args: unknown[]) => unknown } };
}

let fonts: { regular: Measurer; bold: Measurer } | undefined;

function loadFonts(): { regular: Measurer; bold: Measurer } {
  if (!fonts) {
    const opentype = createRequire(import.meta.url)('opentype.js') as OpenTypeModule;
    const load = (file: string): Measurer => {
      const buf = readFileSync(join(fontsDir(), file));
      const bytes = buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength);
      return new Measurer(opentype.parse(bytes, { lowMemory: true })); // glyphs parsed on demand: 4× faster
    };
    fonts = { regular: load('DejaVuSans.ttf'), bold: load('DejaVuSans-Bold.ttf') };
  }
  return fonts;
}

function isBold(weight: number | string | undefined): boolean {
  if (weight == null) return false;
  const w = String(weight).toLowerCase();
  return w === 'bold' || w === 'bolder' || Number(w) >= 600;
}

const widthCache = new Map<string, number>();

/**
 * Advance width in px of `text` set in the shipped font at `fontSize` px, as pango lays it out.
 * Bold weights (≥ 600, 'bold', 'bolder') use DejaVu Sans Bold; every family maps to DejaVu Sans.
 */
export function measureText(text: string, fontSize = 11, fontWeight?: number | string): number {
  if (!(fontSize > 0) || text === '') return 0;
  const bold = isBold(fontWeight);
  const key = (bold ? 'b|' : 'r|') + text;
  let em = widthCache.get(key);
  if (em === undefined) {
    const { regular, bold: boldFont } = loadFonts();
    em = (bold ? boldFont : regular).width(text);
    if (widthCache.size > 20000) widthCache.clear();
    widthCache.set(key, em);
  }
  return em * fontSize;
}

function itemWidth(item: TextItem, text: string): number {
  const size = item.fontSize != null ? +item.fontSize || 0 : 11; // vega's default font size
  return measureText(text, size, item.fontWeight);
}

/** vega's truncation (vega-scenegraph util/text.js `truncate`), on our widths. */
function truncate(item: TextItem, text: string): string {
  let limit = +(item.limit ?? 0);
  if (itemWidth(item, text) < limit) return text;
  const ellipsis = item.ellipsis || '\u2026';
  limit -= itemWidth(item, ellipsis);
  let lo = 0;
  let hi = text.length;
  if (item.dir === 'rtl') {
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (itemWidth(item, text.slice(mid)) > limit) lo = mid + 1;
      else hi = mid;
    }
    return ellipsis + text.slice(lo);
  }
  while (lo < hi) {
    const mid = 1 + ((lo + hi) >>> 1);
    if (itemWidth(item, text.slice(0, mid)) < limit) lo = mid;
    else hi = mid - 1;
  }
  return text.slice(0, lo) + ellipsis;
}

/**
 * Replace vega's text measurement. Without a canvas (Node, renderer 'none') vega estimates a string's
 * width as 0.8·fontSize per character; we measure with the font instead.
 *
 * vega calls `textMetrics.width(item, text)` from two places that want different things: a text mark's
 * bounds want the width of the text *after* truncation to `item.limit` (as vega's own measurers return),
 * while vega's `truncate` (run by the SVG renderer) calls it on candidate substrings and wants their raw
 * width. We tell them apart by wrapping the text mark's `bound` function.
 */
function installMeasurer(): void {
  const v = vega as unknown as VegaTextInternals;
  const textMark = v.Marks.text;
  const bound = textMark.bound;
  let inBound = 0;
  textMark.bound = function (this: unknown, ...args: unknown[]) {
    inBound++;
    try {
      return bound.apply(this, args);
    } finally {
      inBound--;
    }
  };
  v.textMetrics.width = (item, raw) => {
    const text = raw == null ? '' : String(raw).trim();
    return itemWidth(item, inBound > 0 && (item.limit ?? 0) > 0 && text ? truncate(item, text) : text);
  };
}

const xmlEscape = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * Write a fontconfig file that lists only the shipped fonts (plus a private cache dir) and point
 * FONTCONFIG_FILE / FONTCONFIG_PATH at it. Returns the config file's path.
 */
function writeFontconfig(): string {
  const dir = fontsDir();
  const tag = createHash('sha256').update(dir).digest('hex').slice(0, 12);
  const home = join(tmpdir(), `lrnn-fontconfig-${safeUid()}-${tag}`);
  const file = join(home, 'fonts.conf');
  const xml = [
    '<?xml version="1.0"?>',
    '<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">',
    "<!-- written by lrnn: only the fonts shipped with the package, never the system's -->",
    '<fontconfig>',
    `  <dir>${xmlEscape(dir)}</dir>`,
    `  <cachedir>${xmlEscape(join(home, 'cache'))}</cachedir>`,
    '</fontconfig>',
    '',
  ].join('\n');
  mkdirSync(join(home, 'cache'), { recursive: true });
  if (!existsSync(file) || readFileSync(file, 'utf8') !== xml) {
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, xml);
    renameSync(tmp, file);
  }
  process.env.FONTCONFIG_FILE = file;
  process.env.FONTCONFIG_PATH = home;
  delete process.env.FONTCONFIG_SYSROOT;
  return file;
}

function safeUid(): string {
  try {
    return String(userInfo().uid);
  } catch {
    return 'user';
  }
}

let configured: string | undefined;

/**
 * Pin all text to the shipped font, for both drawing (sharp, via fontconfig) and layout (vega).
 * Idempotent. Must run before sharp draws its first text; render.ts calls it and then imports sharp.
 * Returns the fontconfig file in use.
 */
export function configureFonts(): string {
  if (configured === undefined) {
    configured = writeFontconfig();
    loadFonts();
    installMeasurer();
  }
  return configured;
}
