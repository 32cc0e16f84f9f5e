/**
 * The print theme: a figure spec built for the screen (src/render/spec.ts) rewritten for a manuscript.
 * At the printed size (one SVG unit = one point, see layout.ts):
 *  - text is 7–8 pt (axis and legend labels 7 pt, titles 8 pt);
 *  - every line is at least 0.5 pt (data lines ~1 pt, frames and ticks 0.6 pt, grid 0.5 pt);
 *  - no figure title or subtitle (the caption belongs in the manuscript); each panel is lettered
 *    (a), (b), … in reading order, before its own title;
 *  - legends are compact (small symbols, tight rows);
 *  - categorical colours are sampled from viridis, which is safe for colour-blind readers and whose
 *    lightness rises monotonically, so the series stay apart when printed in greyscale.
 *
 * These are pure functions on the Vega-Lite spec; they never touch the data.
 */
import * as vega from 'vega';
import type { Config } from 'vega-lite';
import type { VegaLiteSpec } from '../figure.js';
import { baseConfig } from './spec.js';

/** Font sizes in pt at the printed size. */
export const PRINT_FONT = { label: 7, title: 8 } as const;
/** The thinnest line drawn in the print theme, in pt. */
export const PRINT_MIN_LINE = 0.5;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

/**
 * A spec seen as plain JSON, for the rewrites here and in layout.ts (they walk it by key and keep every
 * value's kind, so the result is still the spec's type). The same object, checked rather than cast.
 */
export function jsonView(spec: VegaLiteSpec): Obj {
  if (!isObj(spec)) throw new Error('a Vega-Lite spec is a JSON object');
  return spec;
}

/** The print config: every text element 7–8 pt, thin but visible lines, compact legends. */
export function printConfig(): Config {
  const base = baseConfig();
  const { label, title } = PRINT_FONT;
  return {
    ...base,
    title: { ...base.title, fontSize: title, subtitleFontSize: label, anchor: 'start', offset: 3, fontWeight: 'normal', frame: 'group' },
    axis: {
      ...base.axis,
      labelFontSize: label,
      titleFontSize: title,
      domainWidth: 0.6,
      tickWidth: 0.6,
      tickSize: 3,
      gridWidth: PRINT_MIN_LINE,
      gridColor: '#e4e4e4',
      labelPadding: 1.5,
      titlePadding: 2,
      labelOverlap: true,
    },
    legend: {
      ...base.legend,
      labelFontSize: label,
      titleFontSize: label,
      symbolSize: 30,
      symbolStrokeWidth: 1,
      rowPadding: 1,
      columnPadding: 6,
      titlePadding: 2,
      padding: 0,
      offset: 4,
      labelOffset: 3,
      labelLimit: 110,
      gradientThickness: 6,
      gradientStrokeWidth: PRINT_MIN_LINE,
    },
    header: { ...base.header, labelFontSize: title, titleFontSize: title },
    text: { ...base.text, fontSize: label },
    view: { ...base.view, strokeWidth: 0.6 },
    concat: { spacing: 10 },
  };
}

/** `n` colours from viridis (0 … 0.8: the palest yellow is left out, it vanishes on white paper). */
export function printPalette(n: number): string[] {
  const interp = (vega as unknown as { scheme(name: string): (t: number) => string }).scheme('viridis');
  if (n <= 1) return [interp(0.25)];
  return Array.from({ length: n }, (_, i) => interp((0.8 * i) / (n - 1)));
}

/** A screen font size → print: labels 7 pt, anything that was a title (≥ 12 px) 8 pt. */
const printFontSize = (px: number): number => (px >= 12 ? PRINT_FONT.title : PRINT_FONT.label);

/** Screen line widths (1–3 px) → print (0.5–1.2 pt). */
const printStroke = (px: number): number => Math.max(PRINT_MIN_LINE, Math.min(1.2, +(px * 0.5).toFixed(2)));

/** Dash patterns shrink with the lines (a solid [1, 0] stays solid). */
const printDash = (d: number[]): number[] => (d.length === 2 && d[1] === 0 ? d : d.map((x) => +(x * 0.5).toFixed(2)));

/**
 * Rewrite the marks, legends and colour scales of one panel (recursively through its layers):
 * thinner lines and markers, print font sizes, compact legends, the print palette.
 */
function printMarks(node: unknown, key = ''): void {
  if (Array.isArray(node)) {
    for (const x of node) printMarks(x, key);
    return;
  }
  if (!isObj(node)) return;
  for (const [k, v] of Object.entries(node)) {
    if (k === 'fontSize' && typeof v === 'number') node[k] = printFontSize(v);
    else if ((k === 'strokeWidth' || k === 'symbolStrokeWidth') && typeof v === 'number') node[k] = printStroke(v);
    else if (k === 'strokeDash' && Array.isArray(v) && v.every((x) => typeof x === 'number')) node[k] = printDash(v as number[]);
    else if (k === 'size' && key === 'mark' && typeof v === 'number') node[k] = Math.max(8, +(v * 0.35).toFixed(1));
    else if (k === 'point' && isObj(v) && typeof v.size === 'number') v.size = Math.max(4, +(v.size * 0.3).toFixed(1));
  }
  if (key === 'strokeDash' && isObj(node.scale) && Array.isArray(node.scale.range)) {
    node.scale.range = node.scale.range.map((d: unknown) => (Array.isArray(d) ? printDash(d as number[]) : d));
  }
  if (key === 'legend') {
    if (typeof node.symbolSize === 'number') node.symbolSize = Math.min(node.symbolSize, 150);
    if (typeof node.labelLimit === 'number') node.labelLimit = Math.min(node.labelLimit, 150);
  }
  // A categorical colour scale (a nominal colour encoding, or the condition of one) gets the print palette.
  if ((key === 'color' || key === 'condition') && node.type === 'nominal' && isObj(node.scale) && Array.isArray(node.scale.domain)) {
    const domain = node.scale.domain as unknown[];
    node.scale = { domain, range: printPalette(domain.length) };
  }
  for (const [k, v] of Object.entries(node)) if (k !== 'data') printMarks(v, k);
}

/** Concat keys of a Vega-Lite spec. */
export const CONCAT_KEYS = ['hconcat', 'vconcat', 'concat'] as const;

/** A panel: a unit or layer spec (not a concat). */
export function isPanel(node: Obj): boolean {
  return !CONCAT_KEYS.some((k) => Array.isArray(node[k]));
}

/** Every panel of a spec in reading order (depth first through the concats). */
export function panels(spec: Obj): Obj[] {
  const out: Obj[] = [];
  const walk = (n: Obj): void => {
    const key = CONCAT_KEYS.find((k) => Array.isArray(n[k]));
    if (key) for (const c of n[key] as Obj[]) walk(c);
    else out.push(n);
  };
  walk(spec);
  return out;
}

/** The plain text of a panel title (a string, lines, or {text}). */
export function titleText(t: unknown): string | undefined {
  if (typeof t === 'string') return t;
  if (Array.isArray(t)) return t.join(' ');
  if (isObj(t)) return titleText(t.text);
  return undefined;
}

/** (a), (b), …, (z), (aa), … */
export function panelLetter(i: number): string {
  let s = '';
  let n = i;
  do {
    s = String.fromCharCode(97 + (n % 26)) + s;
    n = Math.floor(n / 26) - 1;
  } while (n >= 0);
  return `(${s})`;
}

/**
 * The print version of a screen spec: print config, no figure title, lettered panels (the panel's
 * title kept after the letter, in `usermeta.printTitle` for layout.ts to wrap to the panel width),
 * print marks, legends and palette.
 */
export function printTheme(screen: VegaLiteSpec): VegaLiteSpec {
  const out = clone(screen);
  const spec = jsonView(out);
  delete spec.title;
  spec.config = printConfig();
  if (typeof spec.padding === 'number') spec.padding = 2;
  // Spacing between panels set for the screen (up to 40 px) shrinks with the text.
  const shrink = (v: unknown): unknown => (typeof v === 'number' ? Math.max(6, Math.round(v * 0.4)) : v);
  const walk = (n: Obj): void => {
    if (n.spacing !== undefined)
      n.spacing = isObj(n.spacing) ? Object.fromEntries(Object.entries(n.spacing).map(([k, v]) => [k, shrink(v)])) : shrink(n.spacing);
    for (const k of CONCAT_KEYS) if (Array.isArray(n[k])) (n[k] as Obj[]).forEach(walk);
  };
  walk(spec);
  panels(spec).forEach((p, i) => {
    const own = titleText(p.title);
    p.usermeta = { ...(isObj(p.usermeta) ? p.usermeta : {}), printTitle: own ? `${panelLetter(i)} ${own}` : panelLetter(i) };
    p.title = (p.usermeta as Obj).printTitle;
    printMarks(p);
  });
  return out;
}
