/**
 * Fit a figure to a printed width. The layout adapts rather than scaling uniformly: panel sizes are
 * solved for so that panels + axes + legends fill the width with text at its set size; rows of
 * panels that would become too narrow are wrapped onto more rows, and (print theme) legends move
 * below their panel before that; explicit tick counts thin out with the panel width; panel titles
 * wrap to the panel width.
 *
 * One SVG unit is one point at the printed size, so the font sizes of the theme are the printed sizes.
 */
import type { VegaLiteSpec } from '../figure.js';
import { measureText } from './fonts.js';
import { CONCAT_KEYS, PRINT_FONT, isPanel, jsonView, panels } from './theme.js';
import type { Theme } from './options.js';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

/** The size of a rendered spec (its SVG's width and height). */
export type Measure = (spec: VegaLiteSpec) => Promise<{ width: number; height: number }>;

/** One candidate layout: a panel scale, the most panels per row, whether legends go below panels. */
export interface Layout {
  scale: number;
  columns: number;
  legendsBelow: boolean;
  /** Panel heights relative to their share of the scale (< 1 flattens panels to fit a page's height). */
  aspect: number;
}

/** Narrowest panel (plotting area) allowed, in pt, before a row wraps. */
export const MIN_PANEL_PT: Record<Theme, number> = { print: 80, screen: 110 };
/** Tallest figure, in pt: a journal page's text height (8.5 in) less room for the caption. */
export const MAX_HEIGHT_PT = 8 * 72;
/** Panels are flattened to at most this fraction of their height to fit MAX_HEIGHT_PT. */
const MIN_ASPECT = 0.5;

/** The most panels side by side anywhere in the spec. */
function maxColumns(spec: Obj): number {
  let m = 1;
  const walk = (n: Obj): void => {
    if (Array.isArray(n.hconcat)) m = Math.max(m, n.hconcat.length);
    if (Array.isArray(n.concat)) m = Math.max(m, typeof n.columns === 'number' ? n.columns : n.concat.length);
    for (const k of CONCAT_KEYS) if (Array.isArray(n[k])) for (const c of n[k] as Obj[]) walk(c);
  };
  walk(spec);
  return m;
}

/** Greedy word wrap of `text` to `width` pt at `fontSize`. */
export function wrapText(text: string, width: number, fontSize: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const next = line ? `${line} ${word}` : word;
    if (line && measureText(next, fontSize) > width) {
      lines.push(line);
      line = word;
    } else line = next;
  }
  if (line) lines.push(line);
  return lines;
}

/** Visit every axis and legend object of a panel. */
function eachGuide(node: unknown, f: (kind: 'axis' | 'legend', o: Obj) => void, key = ''): void {
  if (Array.isArray(node)) {
    for (const x of node) eachGuide(x, f, key);
    return;
  }
  if (!isObj(node)) return;
  if (key === 'axis' || key === 'legend') f(key, node);
  for (const [k, v] of Object.entries(node)) if (k !== 'data') eachGuide(v, f, k);
}

/** Visit every text mark of a panel. */
function eachTextMark(node: unknown, f: (mark: Obj) => void): void {
  if (Array.isArray(node)) {
    for (const x of node) eachTextMark(x, f);
    return;
  }
  if (!isObj(node)) return;
  if (isObj(node.mark) && node.mark.type === 'text') f(node.mark);
  for (const [k, v] of Object.entries(node)) if (k !== 'data' && k !== 'mark') eachTextMark(v, f);
}

/** The spec laid out with `l`: panel sizes, wrapped rows, legend placement, tick density, titles. */
export function layoutAt(base: VegaLiteSpec, l: Layout, theme: Theme): VegaLiteSpec {
  const out = clone(base);
  const spec = jsonView(out);
  const wrapRows = (n: Obj): void => {
    // A stack of rows (a vconcat of hconcats) that must wrap becomes one flow of its panels, in
    // reading order, l.columns to a row; the rows' legend resolutions carry over.
    if (
      Array.isArray(n.vconcat) &&
      (n.vconcat as Obj[]).some((c) => Array.isArray(c.hconcat) && c.hconcat.length > l.columns) &&
      (n.vconcat as Obj[]).every((c) => Array.isArray(c.hconcat) || isPanel(c))
    ) {
      const rows = n.vconcat as Obj[];
      n.hconcat = rows.flatMap((c) => (Array.isArray(c.hconcat) ? (c.hconcat as Obj[]) : [c]));
      const resolve = rows.map((c) => c.resolve).find((r) => r !== undefined);
      if (resolve !== undefined && n.resolve === undefined) n.resolve = resolve;
      delete n.vconcat;
    }
    if (Array.isArray(n.hconcat) && n.hconcat.length > l.columns) {
      n.concat = n.hconcat;
      n.columns = l.columns;
      n.align = 'none'; // rows packed like the hconcat rows they came from, not a grid of the widest cell
      delete n.hconcat;
    }
    if (Array.isArray(n.concat) && (typeof n.columns === 'number' ? n.columns : Infinity) > l.columns) n.columns = l.columns;
    for (const k of CONCAT_KEYS) if (Array.isArray(n[k])) for (const c of n[k] as Obj[]) wrapRows(c);
  };
  wrapRows(spec);
  for (const p of panels(spec)) {
    const w0 = typeof p.width === 'number' ? p.width : 240;
    const h0 = typeof p.height === 'number' ? p.height : 180;
    const w = Math.max(24, Math.round(w0 * l.scale));
    const h = Math.max(24, Math.round(h0 * l.scale * l.aspect));
    p.width = w;
    p.height = h;
    eachGuide(p, (kind, o) => {
      if (kind === 'axis' && typeof o.tickCount === 'number') o.tickCount = Math.max(2, Math.min(o.tickCount, Math.round(w / 40)));
      if (kind === 'legend' && typeof o.gradientLength === 'number') o.gradientLength = Math.max(20, h - (theme === 'print' ? 8 : 20));
      if (kind === 'legend' && l.legendsBelow) {
        o.orient = 'bottom';
        o.direction = 'vertical';
        o.labelLimit = 170; // below a panel a legend may be wider than it; the width fit makes room
        if (typeof o.gradientLength === 'number') o.gradientLength = Math.max(20, w - 20);
      }
    });
    // Text marks (rule labels, point labels) stay within their panel, shortened with an ellipsis if need be.
    if (theme === 'print')
      eachTextMark(p, (m) => {
        m.limit = Math.max(20, w - 6);
      });
    const printTitle = isObj(p.usermeta) && typeof p.usermeta.printTitle === 'string' ? p.usermeta.printTitle : undefined;
    if (printTitle) p.title = { text: wrapText(printTitle, w + 20, PRINT_FONT.title) };
  }
  if (l.legendsBelow && isObj(spec.config)) {
    spec.config = { ...spec.config, legend: { ...(spec.config.legend as Obj), orient: 'bottom', direction: 'vertical', columns: 1 } };
    // Several legends below one panel stack top to bottom (vega's default lines them up side by side).
    spec.usermeta = {
      ...(isObj(spec.usermeta) ? spec.usermeta : {}),
      vegaLegendLayout: { bottom: { anchor: 'start', direction: 'vertical', margin: 3 } },
    };
  }
  return out;
}

/** Narrowest panel of a laid-out spec. */
function narrowest(spec: VegaLiteSpec): number {
  return Math.min(...panels(jsonView(spec)).map((p) => (typeof p.width === 'number' ? p.width : Infinity)));
}

/**
 * Solve for the panel scale that makes the rendered width `widthPt`, for one wrap/legend choice.
 * The width grows with the scale, close to affinely (panels grow, axes and legends do not), but is
 * flat while something that does not scale (a legend, a title) is the widest part of a column; so
 * the search keeps a bracket [largest scale that fits, smallest that does not] and takes secant
 * steps inside it, and returns the largest scale found that fits, within a point of the width.
 * Then, if the figure is taller than a page, its panels are flattened (down to MIN_ASPECT of their
 * height), which leaves the width as it is.
 */
async function fitScale(
  base: VegaLiteSpec,
  l: Omit<Layout, 'scale' | 'aspect'>,
  widthPt: number,
  theme: Theme,
  measure: Measure,
): Promise<{ spec: VegaLiteSpec; height: number; fits: boolean }> {
  let fit = await fitWidth(base, { ...l, aspect: 1 }, widthPt, theme, measure);
  if (fit.height <= MAX_HEIGHT_PT) return fit;
  // Too tall for a page: flatten the panels. Height is close to affine in the aspect, so one secant
  // step between aspect 1 and MIN_ASPECT; then the width is fitted again at that aspect (shorter
  // panels have fewer y ticks, which changes the width of their labels).
  const low = await measure(layoutAt(base, { ...l, scale: fit.scale, aspect: MIN_ASPECT }, theme));
  const aspect =
    low.height >= MAX_HEIGHT_PT ? MIN_ASPECT : 1 - ((fit.height - MAX_HEIGHT_PT) * (1 - MIN_ASPECT)) / (fit.height - low.height);
  fit = await fitWidth(base, { ...l, aspect }, widthPt, theme, measure);
  return fit;
}

/** The largest panel scale at which the figure is at most `widthPt` wide, for one layout choice. */
async function fitWidth(
  base: VegaLiteSpec,
  l: Omit<Layout, 'scale'>,
  widthPt: number,
  theme: Theme,
  measure: Measure,
): Promise<{ spec: VegaLiteSpec; height: number; fits: boolean; scale: number }> {
  const at = (scale: number) => layoutAt(base, { ...l, scale }, theme);
  type Point = { s: number; width: number; height: number };
  const probe = async (sc: number): Promise<Point> => {
    const p = { s: sc, ...(await measure(at(sc))) };
    return p;
  };
  let lo: Point | undefined; // widest that fits
  let hi: Point | undefined; // narrowest that does not
  const add = (p: Point) => {
    if (p.width <= widthPt + 0.25) {
      if (!lo || p.s > lo.s) lo = p;
    } else if (!hi || p.s < hi.s) hi = p;
  };
  const a = await probe(1);
  add(a);
  const b = await probe(0.5);
  add(b);
  let prev = [b, a];
  for (let i = 0; i < 6 && !(lo && lo.width >= widthPt - 2); i++) {
    const [p0, p1] = prev;
    const slope = (p1.width - p0.width) / (p1.s - p0.s);
    // Still too wide and no longer getting narrower: the panels are at their minimum, nothing fits.
    if (!lo && i > 0 && Math.abs(p1.width - p0.width) < 0.5) break;
    let next = slope > 0.5 ? p1.s + (widthPt - p1.width) / slope : NaN;
    if (lo && hi) {
      const span = hi.s - lo.s;
      if (!(next > lo.s + 0.1 * span && next < hi.s - 0.1 * span)) next = lo.s + span / 2;
      if (span < 0.002) break;
    } else if (hi) {
      if (!(next > 0 && next < hi.s)) next = hi.s / 2;
      if (hi.s < 0.02) break;
    } else if (lo) {
      if (!(next > lo.s)) next = lo.s * 2;
      if (lo.s > 8) break;
    }
    const p = await probe(Math.max(0.01, next));
    add(p);
    prev = [p1, p];
  }
  const best = lo ?? [a, b].reduce((x, y) => (y.width < x.width ? y : x));
  return { spec: at(best.s), height: best.height, fits: lo !== undefined, scale: best.s };
}

/**
 * Lay `spec` out for a printed width: the widest arrangement whose narrowest panel is still at
 * least MIN_PANEL_PT wide and that fits a page's height (trying, per number of panels per row,
 * legends beside then below the panels in the print theme). If none does, the arrangement that
 * fits the page with the widest narrowest panel; if none fits the page, the shortest. The returned
 * spec renders `widthPt` wide (to a fraction of a point; the renderer scales the rest away).
 */
export async function fitToWidth(spec: VegaLiteSpec, widthPt: number, theme: Theme, measure: Measure): Promise<VegaLiteSpec> {
  const base = spec;
  const minPanel = MIN_PANEL_PT[theme];
  const tried: Array<{ spec: VegaLiteSpec; height: number; narrowest: number }> = [];
  for (let columns = maxColumns(jsonView(base)); columns >= 1; columns--) {
    for (const legendsBelow of theme === 'print' ? [false, true] : [false]) {
      const fit = await fitScale(base, { columns, legendsBelow }, widthPt, theme, measure);
      const n = fit.fits ? narrowest(fit.spec) : 0; // 0: too wide even with the smallest panels
      if (n >= minPanel && fit.height <= MAX_HEIGHT_PT) return fit.spec;
      tried.push({ ...fit, narrowest: n });
    }
  }
  // Never one that is too wide (the renderer would shrink its text). Then: on the page with panels
  // not much narrower than the minimum; else legible panels, the shortest; else the widest panels.
  const wide = tried.filter((t) => t.narrowest > 0);
  const pool = wide.length > 0 ? wide : tried;
  const widest = (xs: typeof tried) => xs.reduce((a, b) => (b.narrowest > a.narrowest ? b : a));
  const onPage = pool.filter((t) => t.height <= MAX_HEIGHT_PT && t.narrowest >= 0.7 * minPanel);
  const legible = pool.filter((t) => t.narrowest >= minPanel);
  const best =
    onPage.length > 0 ? widest(onPage) : legible.length > 0 ? legible.reduce((a, b) => (b.height < a.height ? b : a)) : widest(pool);
  return best.spec;
}
