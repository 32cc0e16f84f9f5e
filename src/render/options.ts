/**
 * How a figure is drawn, independently of what it shows: theme, printed width, PNG resolution, SVG text.
 *
 * Sizes are in PostScript points (1 pt = 1/72 in). A figure drawn for a given width is laid out with
 * one SVG unit = one point, so a font size in the SVG is its size on paper.
 */
import { UsageError } from '../errors.js';

/** 'screen': today's look (figure title, 144 dpi PNG); 'print': a manuscript figure (see theme.ts). */
export type Theme = 'screen' | 'print';
export const THEMES: readonly Theme[] = ['screen', 'print'];

/** How text is written into the SVG: with the font subset embedded (@font-face), or as glyph outlines. */
export type SvgText = 'font' | 'paths';
export const SVG_TEXT: readonly SvgText[] = ['font', 'paths'];

export interface RenderOptions {
  theme: Theme;
  /** Printed width of the whole figure in pt; undefined: the figure's natural size (1 px = 1 pt). */
  widthPt?: number;
  /** PNG resolution in dots per inch (default: 144 on screen, as before; 300 for print). */
  dpi?: number;
  svgText: SvgText;
}

export const DEFAULT_RENDER: RenderOptions = { theme: 'screen', svgText: 'font' };

/**
 * Width presets: the single column and the full text width of a two-column paper. The values are
 * those of the ICML style the paper was published in (\columnwidth 3.25 in, \textwidth 6.75 in).
 */
export const WIDTH_PRESETS: Readonly<Record<string, number>> = { column: 3.25 * 72, page: 6.75 * 72 };

/** Points per unit of length. */
const PT_PER: Readonly<Record<string, number>> = { pt: 1, in: 72, mm: 72 / 25.4, cm: 72 / 2.54 };

/** Allowed printed widths, in pt (1 in to 20 in). */
export const WIDTH_RANGE_PT = [72, 1440] as const;
/** Allowed PNG resolutions. */
export const DPI_RANGE = [36, 2400] as const;

/** '3.3in', '85mm', '17.8cm', '246pt', 'column', 'page' → pt. Throws a UsageError naming the bad value. */
export function parseWidth(raw: string): number {
  const s = raw.trim();
  const preset = WIDTH_PRESETS[s];
  if (preset !== undefined) return preset;
  const m = /^(\d+(?:\.\d+)?|\.\d+)\s*(pt|in|mm|cm)$/.exec(s);
  const allowed = 'a length with a unit (e.g. 3.3in, 85mm, 17.8cm, 246pt) or a preset (column = 3.25in, page = 6.75in)';
  if (!m) throw new UsageError(`--width: '${raw}' is not ${allowed}`);
  const pt = Number(m[1]) * PT_PER[m[2]];
  const [lo, hi] = WIDTH_RANGE_PT;
  if (!(pt >= lo && pt <= hi)) throw new UsageError(`--width: '${raw}' is ${+pt.toFixed(1)} pt; allowed is 1in to 20in (${lo}–${hi} pt)`);
  return pt;
}

/** A whole number of dots per inch within DPI_RANGE. */
export function parseDpi(raw: string): number {
  const v = Number(raw.trim());
  const [lo, hi] = DPI_RANGE;
  if (!Number.isInteger(v) || v < lo || v > hi || raw.trim() === '')
    throw new UsageError(`--dpi must be a whole number from ${lo} to ${hi}, got '${raw}'`);
  return v;
}

export function parseTheme(raw: string): Theme {
  if (!(THEMES as readonly string[]).includes(raw))
    throw new UsageError(`--theme: '${raw}' is not a theme (allowed: ${THEMES.join(', ')})`);
  return raw as Theme;
}

export function parseSvgText(raw: string): SvgText {
  if (!(SVG_TEXT as readonly string[]).includes(raw))
    throw new UsageError(`--svg-text: '${raw}' is not allowed (allowed: font = embedded font subset, paths = glyph outlines)`);
  return raw as SvgText;
}

/** The PNG resolution used when --dpi is not given. */
export function defaultDpi(theme: Theme): number {
  return theme === 'print' ? 300 : 144;
}
