/**
 * Typed builders for the project's Vega-Lite specs. Specs are data built by functions (never string
 * templates), with the data inlined as `data: {values: [...]}` so a written `<id>.vl.json` opens as-is in
 * the Vega editor.
 *
 * A figure is usually `figureSpec(title, hconcat([lineChart(...), heatmap(...)]))`.
 */
import type { ColorScheme } from 'vega';
import type { Config } from 'vega-lite';
import type { Axis } from 'vega-lite/types_unstable/axis.js';
import type { ColorDef, Field, PositionDatumDef, PositionFieldDef } from 'vega-lite/types_unstable/channeldef.js';
import type { Legend } from 'vega-lite/types_unstable/legend.js';
import type { MarkDef } from 'vega-lite/types_unstable/mark.js';
import type { Scale } from 'vega-lite/types_unstable/scale.js';
import type {
  GenericConcatSpec,
  GenericHConcatSpec,
  GenericVConcatSpec,
  LayerSpec,
  NonNormalizedSpec,
  UnitSpec,
} from 'vega-lite/types_unstable/spec/index.js';
import type { VegaLiteSpec } from '../figure.js';
import { FONT_FAMILY } from './fonts.js';

export type { VegaLiteSpec };

/** Any spec below the top level: a panel, or a concat of panels. */
export type PanelSpec = NonNormalizedSpec;
/** A chart: layers over one pair of axes (what lineChart and heatmap build). */
export type LayerPanel = LayerSpec<Field>;
/** One layer of a chart. */
export type Layer = LayerSpec<Field> | UnitSpec<Field>;
/** A concat of panels (what hconcat, vconcat and grid build). */
export type ConcatSpec = GenericHConcatSpec<PanelSpec> | GenericVConcatSpec<PanelSpec> | GenericConcatSpec<PanelSpec>;

/** Default panel size in px (the plotting area, without axes and legends). */
export const PANEL = { width: 240, height: 180 } as const;

/** Dash pattern of a dotted reference rule, and of theory lines. */
export const DOTTED: readonly number[] = [2, 3];
export const DASHED: readonly number[] = [6, 4];

// ---------------------------------------------------------------------------------------------------
// Options

/** One axis of a chart. */
export interface AxisOptions {
  /** Axis title; Greek and other Unicode is fine (e.g. 't_θ/τ', 'λ', 'δ'). */
  title: string;
  /** Scale type (default 'linear'). On a log scale, values ≤ 0 are dropped from the lines. */
  scale?: 'linear' | 'log' | 'symlog';
  /** Fixed [min, max]; marks outside are clipped. */
  domain?: readonly [number, number];
  /** Include zero in the domain (default false). */
  zero?: boolean;
  /** Round the domain to nice values (default true unless `domain` is given). */
  nice?: boolean;
  /** d3-format string for tick labels, e.g. '.1f', '~g', '.0e'. */
  format?: string;
  /** Approximate number of ticks. */
  tickCount?: number;
  /** Draw grid lines (default true). */
  grid?: boolean;
  /** Explicit tick values (e.g. only the decades of a log axis, so every label has one format). */
  values?: readonly number[];
}

/** Whether a line is simulated (solid) or a theory prediction (dashed). */
export type LineKind = 'simulation' | 'theory';

/** One line: a configuration (its colour and legend entry) and a kind (its dash). */
export interface LineSeries {
  /** The configuration, shown in the colour legend, e.g. 'λ = 0.9'. Lines with equal names share a colour. */
  name: string;
  /** Solid for 'simulation' (default), dashed for 'theory'. */
  kind?: LineKind;
  x: ArrayLike<number>;
  /** y values; null (or non-finite) breaks the line. */
  y: ArrayLike<number | null>;
}

/** Symbol shapes; 'x' is a diagonal cross (×), 'cross' a plus (+). */
export type MarkerShape = 'x' | 'cross' | 'circle' | 'square' | 'diamond' | 'triangle-up' | 'triangle-down';

/** A set of point markers with one legend entry, e.g. the runs that diverged. */
export interface MarkerSet {
  /** Legend label, e.g. 'diverged'. */
  label: string;
  /** Default 'x'. */
  shape?: MarkerShape;
  /** Marker points; `series` colours a point like that configuration's line (otherwise black). */
  points: ReadonlyArray<{ x: number; y: number; series?: string }>;
}

/** A dotted reference line: `x` draws a vertical rule, `y` a horizontal one. */
export interface RuleOptions {
  x?: number;
  y?: number;
  /** A short label drawn next to the rule. */
  label?: string;
  /** Default DOTTED. */
  dash?: readonly number[];
  /** Default '#555'. */
  color?: string;
  /**
   * Where the label sits: for a horizontal rule 'end' (right, default) or 'start' (left); for a vertical
   * rule 'end' (right of the rule, default) or 'start' (left of it, e.g. a rule near the right border).
   */
  labelAt?: 'start' | 'end';
  /** Draw the label over a white halo, so lines that cross it do not hide it (default false). */
  halo?: boolean;
}

/** Options of `lineChart`. */
export interface LineChartOptions {
  /** Panel title. */
  title?: string;
  x: AxisOptions;
  y: AxisOptions;
  series: ReadonlyArray<LineSeries>;
  /** Title of the colour legend (what the configurations vary), e.g. 'λ'. */
  colorTitle?: string;
  /** A named Vega colour scheme (default 'tableau10') or an explicit list of colours, in series order. */
  palette?: ColorScheme | readonly string[];
  /** Title of the solid/dashed legend (default 'line'); the legend shows whenever there is a theory line. */
  kindTitle?: string;
  /** Legend labels of the two kinds (default 'simulation', 'theory'), e.g. { theory: 'exact u(t), eq. 47' }. */
  kindLabels?: { simulation?: string; theory?: string };
  /** Draw a point at every data point of every line (default false). */
  showPoints?: boolean;
  markers?: ReadonlyArray<MarkerSet>;
  rules?: ReadonlyArray<RuleOptions>;
  /** Legends not drawn (their scales stay), e.g. when a neighbouring panel already shows them. */
  hideLegends?: ReadonlyArray<'color' | 'strokeDash' | 'shape'>;
  /** Line width in px (default 1.8). */
  strokeWidth?: number;
  width?: number;
  height?: number;
}

/** One heatmap cell; a null (or non-finite) value leaves the cell blank. */
export interface HeatCell {
  x: number | string;
  y: number | string;
  value: number | null;
}

/** A heatmap axis: the distinct cell coordinates are the bands, in ascending order unless `order` is given. */
export interface HeatAxisOptions {
  title: string;
  /** d3-format string for numeric band labels, e.g. '.2f'. */
  format?: string;
  /** Explicit band order (default: distinct values ascending; y ascends upwards). */
  order?: ReadonlyArray<number | string>;
}

/** Options of `heatmap`. */
export interface HeatmapOptions {
  title?: string;
  x: HeatAxisOptions;
  y: HeatAxisOptions;
  cells: ReadonlyArray<HeatCell>;
  color: {
    /** Colour-bar title, e.g. 'loss'. */
    title: string;
    /** Named Vega scheme (default 'viridis'). */
    scheme?: ColorScheme;
    scale?: 'linear' | 'log' | 'symlog';
    domain?: readonly [number, number];
    /** For diverging schemes: the value at the scheme's midpoint. */
    mid?: number;
    reverse?: boolean;
    format?: string;
  };
  /** Fill for null cells (default: none, the cell stays blank). */
  missingColor?: string;
  width?: number;
  height?: number;
}

/** Options of `hconcat` / `vconcat`. */
export interface ConcatOptions {
  /** Space between panels in px (default 24). */
  spacing?: number;
  /** Give each panel its own colour / dash / marker legends instead of one shared set (default false). */
  independentLegends?: boolean;
}

/** Options of `figureSpec`. */
export interface FigureOptions {
  subtitle?: string;
  /** Stored in the spec's `description`. */
  description?: string;
  /** Padding around the figure in px (default 8). */
  padding?: number;
}

// ---------------------------------------------------------------------------------------------------
// Helpers

/** A JSON-safe number: non-finite becomes null. */
function num(v: number | null | undefined): number | null {
  return v == null || !Number.isFinite(v) ? null : v;
}

function unique<T>(xs: Iterable<T>): T[] {
  return [...new Set(xs)];
}

/** Vega symbol shapes; × and + are stroked paths (Vega's own 'cross' is a filled outline). */
const SHAPE_PATH: Record<MarkerShape, string> = {
  x: 'M-1,-1L1,1M1,-1L-1,1',
  cross: 'M-1,0L1,0M0,-1L0,1',
  circle: 'circle',
  square: 'square',
  diamond: 'diamond',
  'triangle-up': 'triangle-up',
  'triangle-down': 'triangle-down',
};

function axisEncoding(field: string, a: AxisOptions): PositionFieldDef<Field> {
  const scale: Scale = { type: a.scale ?? 'linear' };
  if (a.scale !== 'log') scale.zero = a.zero ?? false;
  if (a.domain) scale.domain = [...a.domain];
  scale.nice = a.nice ?? !a.domain;
  const axis: Axis = { title: a.title, grid: a.grid ?? true };
  if (a.format) axis.format = a.format;
  if (a.tickCount != null) axis.tickCount = a.tickCount;
  if (a.values) axis.values = [...a.values];
  return { field, type: 'quantitative', scale, axis };
}

function colorScale(domain: string[], palette: ColorScheme | readonly string[] | undefined): Scale {
  if (Array.isArray(palette)) return { domain, range: [...palette] };
  return { domain, scheme: (palette as ColorScheme | undefined) ?? 'tableau10' };
}

// ---------------------------------------------------------------------------------------------------
// Charts

/**
 * A line chart: one colour per configuration (legend titled `colorTitle`), solid simulation and dashed
 * theory lines (a second legend whenever theory is shown), optional markers (their own shape legend) and
 * dotted reference rules.
 */
export function lineChart(o: LineChartOptions): LayerPanel {
  const logX = o.x.scale === 'log';
  const logY = o.y.scale === 'log';
  const ok = (v: number | null, log: boolean): number | null => {
    const n = num(v);
    return n !== null && log && n <= 0 ? null : n;
  };
  const kindLabel: Record<LineKind, string> = {
    simulation: o.kindLabels?.simulation ?? 'simulation',
    theory: o.kindLabels?.theory ?? 'theory',
  };
  const values: Array<Record<string, unknown>> = [];
  for (const s of o.series) {
    const kind: LineKind = s.kind ?? 'simulation';
    const n = Math.min(s.x.length, s.y.length);
    for (let i = 0; i < n; i++) {
      const x = ok(s.x[i], logX);
      if (x === null) continue;
      values.push({ series: s.name, kind: kindLabel[kind], x, y: ok(s.y[i], logY) });
    }
  }
  const names = unique([
    ...o.series.map((s) => s.name),
    ...(o.markers ?? []).flatMap((m) => m.points.flatMap((p) => (p.series ? [p.series] : []))),
  ]);
  const kinds = (['simulation', 'theory'] as const).filter((k) => o.series.some((s) => (s.kind ?? 'simulation') === k));
  const clip = Boolean(o.x.domain || o.y.domain);
  const x = axisEncoding('x', o.x);
  const y = axisEncoding('y', o.y);
  const hide = new Set(o.hideLegends ?? []);
  const color: ColorDef<Field> & { field: string; type: 'nominal' } = {
    field: 'series',
    type: 'nominal',
    scale: colorScale(names, o.palette),
    legend: hide.has('color') ? null : { title: o.colorTitle ?? null, symbolType: 'stroke', symbolStrokeWidth: 2 },
  };

  // Theory lines are drawn thinner and on top of the (wider, translucent) simulation lines, so a dashed
  // prediction stays visible where it coincides with the simulation.
  const hasTheory = kinds.includes('theory');
  const kindDomain = kinds.map((k) => kindLabel[k]);
  const width = o.strokeWidth ?? 1.8;
  const lineLayer = (kind: LineKind | null): UnitSpec<Field> => ({
    ...(kind ? { transform: [{ filter: { field: 'kind', equal: kindLabel[kind] } }] } : {}),
    mark: {
      type: 'line',
      clip,
      point: o.showPoints ? { size: 20 } : false,
      strokeWidth: kind === 'simulation' && hasTheory ? width * 1.6 : width,
      opacity: kind === 'simulation' && hasTheory ? 0.6 : 1,
    },
    encoding: {
      x,
      y,
      color,
      detail: { field: 'kind', type: 'nominal' },
      strokeDash: hasTheory
        ? {
            field: 'kind',
            type: 'nominal',
            scale: { domain: kindDomain, range: kinds.map((k) => (k === 'theory' ? [...DASHED] : [1, 0])) },
            legend: hide.has('strokeDash')
              ? null
              : { title: o.kindTitle ?? 'line', symbolType: 'stroke', symbolSize: 300, symbolStrokeColor: '#333333', labelLimit: 260 },
          }
        : { value: [1, 0] },
    },
  });
  const lines: Layer = hasTheory ? { data: { values }, layer: kinds.map((k) => lineLayer(k)) } : { data: { values }, ...lineLayer(null) };
  const layers: Layer[] = [lines];

  for (const r of o.rules ?? []) layers.push(...ruleLayers(r));

  // Marker sets with no point at all draw no layer: an empty layer gives vega an infinite x/y extent
  // (a warning) and a legend for marks that are not there. A set that is empty while another is
  // not keeps its legend entry (e.g. 'unstable' beside 'diverged': the reader sees none was unstable).
  const markers = o.markers ?? [];
  if (markers.some((m) => m.points.length > 0)) {
    const points = markers.flatMap((m) => m.points.map((p) => ({ marker: m.label, series: p.series ?? null, x: num(p.x), y: num(p.y) })));
    layers.push({
      data: { values: points },
      mark: { type: 'point', filled: false, opacity: 1, strokeWidth: 2, size: 60, clip },
      encoding: {
        x,
        y,
        shape: {
          field: 'marker',
          type: 'nominal',
          scale: { domain: markers.map((m) => m.label), range: markers.map((m) => SHAPE_PATH[m.shape ?? 'x']) },
          legend: hide.has('shape') ? null : { title: null },
        },
        color: {
          condition: { test: 'datum.series != null', ...color },
          value: '#000000',
        },
      },
    });
  }

  return {
    ...(o.title ? { title: o.title } : {}),
    width: o.width ?? PANEL.width,
    height: o.height ?? PANEL.height,
    layer: layers,
  };
}

/** The layers of one reference rule (and its label). */
function ruleLayers(r: RuleOptions): Array<UnitSpec<Field>> {
  if ((r.x == null) === (r.y == null)) throw new Error('a rule needs exactly one of x or y');
  const vertical = r.x != null;
  const datum: PositionDatumDef<Field> = { datum: vertical ? r.x : r.y, type: 'quantitative' };
  const colour = r.color ?? '#555555';
  const out: Array<UnitSpec<Field>> = [
    {
      data: { values: [{}] },
      mark: { type: 'rule', strokeDash: [...(r.dash ?? DOTTED)], color: colour, strokeWidth: 1.2 },
      encoding: { [vertical ? 'x' : 'y']: datum },
    },
  ];
  if (r.label) {
    const start = r.labelAt === 'start';
    const mark: MarkDef<'text'> = vertical
      ? {
          type: 'text',
          text: r.label,
          align: start ? 'right' : 'left',
          baseline: 'top',
          dx: start ? -3 : 3,
          y: 2,
          color: colour,
          fontSize: 10,
        }
      : start
        ? { type: 'text', text: r.label, align: 'left', baseline: 'bottom', dx: 3, dy: -2, x: 0, color: colour, fontSize: 10 }
        : { type: 'text', text: r.label, align: 'right', baseline: 'bottom', dy: -2, x: 'width', color: colour, fontSize: 10 };
    const encoding = { [vertical ? 'x' : 'y']: datum };
    if (r.halo) {
      out.push({
        data: { values: [{}] },
        mark: { ...mark, color: '#ffffff', stroke: '#ffffff', strokeWidth: 3, strokeJoin: 'round', opacity: 0.85 },
        encoding,
      });
    }
    out.push({ data: { values: [{}] }, mark, encoding });
  }
  return out;
}

/** Ascending distinct values (numbers numerically, strings as given). */
function bands(values: ReadonlyArray<number | string>): Array<number | string> {
  const u = unique(values);
  return u.every((v) => typeof v === 'number') ? (u as number[]).sort((a, b) => a - b) : u;
}

function heatAxis(field: 'x' | 'y', a: HeatAxisOptions, values: ReadonlyArray<number | string>): PositionFieldDef<Field> {
  const domain = a.order ? [...a.order] : bands(values);
  // Bands run top to bottom on y: reverse so that y ascends upwards.
  if (field === 'y' && !a.order) domain.reverse();
  const axis: Axis = { title: a.title, labelOverlap: true };
  if (field === 'x') axis.labelAngle = 0;
  if (a.format) Object.assign(axis, { format: a.format, formatType: 'number' });
  return { field, type: 'ordinal', scale: { domain, paddingInner: 0, paddingOuter: 0 }, axis };
}

/**
 * A heatmap over a grid of (x, y) sweep values with a colour bar. Every distinct x and y is a band
 * (so cells may be irregularly spaced); null cells stay blank (or `missingColor`).
 */
export function heatmap(o: HeatmapOptions): LayerPanel {
  const values = o.cells.map((c) => ({ x: c.x, y: c.y, value: num(c.value) }));
  const x = heatAxis(
    'x',
    o.x,
    o.cells.map((c) => c.x),
  );
  const y = heatAxis(
    'y',
    o.y,
    o.cells.map((c) => c.y),
  );
  const c = o.color;
  const scale: Scale = { type: c.scale ?? 'linear', scheme: c.scheme ?? 'viridis' };
  if (c.domain) scale.domain = [...c.domain];
  if (c.mid != null) scale.domainMid = c.mid;
  if (c.reverse) scale.reverse = true;
  if (c.scale !== 'log') scale.zero = false;
  // Legend<never>: a legend of plain values (no expressions or signals).
  const legend: Legend<never> = { title: c.title, gradientLength: (o.height ?? PANEL.height) - 20 };
  if (c.format) legend.format = c.format;

  const layers: Array<UnitSpec<Field>> = [];
  if (o.missingColor) {
    layers.push({
      transform: [{ filter: 'datum.value == null' }],
      mark: { type: 'rect', color: o.missingColor },
      encoding: { x, y },
    });
  }
  layers.push({
    mark: { type: 'rect', invalid: 'filter' },
    encoding: { x, y, color: { field: 'value', type: 'quantitative', scale, legend } },
  });
  return {
    ...(o.title ? { title: o.title } : {}),
    width: o.width ?? PANEL.width,
    height: o.height ?? PANEL.height,
    data: { values },
    layer: layers,
  };
}

// ---------------------------------------------------------------------------------------------------
// Layout

/** The shared part of a concat: spacing, and the legend resolution. */
function concatProps(o: ConcatOptions): { spacing: number; resolve?: { scale: Independent; legend: Independent } } {
  if (!o.independentLegends) return { spacing: o.spacing ?? 24 };
  const independent: Independent = { color: 'independent', strokeDash: 'independent', shape: 'independent' };
  return { spacing: o.spacing ?? 24, resolve: { scale: independent, legend: independent } };
}
type Independent = { color: 'independent'; strokeDash: 'independent'; shape: 'independent' };

/** Panels side by side. Legends of the same channel are shared unless `independentLegends`. */
export function hconcat(panels: ReadonlyArray<PanelSpec>, o: ConcatOptions = {}): GenericHConcatSpec<PanelSpec> {
  return { hconcat: [...panels], ...concatProps(o) };
}

/**
 * Panels in a grid, `columns` to a row, rows filled in order: unlike a vconcat of hconcats, the
 * columns line up from row to row whatever the widths of the axis labels in each cell.
 */
export function grid(panels: ReadonlyArray<PanelSpec>, columns: number, o: ConcatOptions = {}): GenericConcatSpec<PanelSpec> {
  return { concat: [...panels], ...concatProps(o), columns };
}

/** Panels stacked top to bottom. Legends of the same channel are shared unless `independentLegends`. */
export function vconcat(panels: ReadonlyArray<PanelSpec>, o: ConcatOptions = {}): GenericVConcatSpec<PanelSpec> {
  return { vconcat: [...panels], ...concatProps(o) };
}

/**
 * The config every figure uses: every text element (titles, axis labels and titles, legend labels and
 * titles, header labels, text marks) is set in FONT_FAMILY; white background.
 */
export function baseConfig(): Config {
  const font = FONT_FAMILY;
  return {
    font,
    background: 'white',
    title: { font, subtitleFont: font, fontSize: 13, subtitleFontSize: 11, anchor: 'middle', offset: 6 },
    axis: { labelFont: font, titleFont: font, labelFontSize: 10, titleFontSize: 11, titleFontWeight: 'normal' },
    legend: { labelFont: font, titleFont: font, labelFontSize: 10, titleFontSize: 11, titleFontWeight: 'normal' },
    header: { labelFont: font, titleFont: font, labelFontSize: 11, titleFontSize: 12 },
    text: { font },
    mark: { font },
    view: { continuousWidth: PANEL.width, continuousHeight: PANEL.height, stroke: '#888888' },
    concat: { spacing: 24 },
  };
}

/**
 * A complete top-level spec: `$schema`, the figure title, `baseConfig()` and the body (a single panel or
 * a concat). The figure title is larger than the panel titles.
 */
export function figureSpec(title: string, body: LayerPanel | ConcatSpec, o: FigureOptions = {}): VegaLiteSpec {
  // A single panel's own title would compete with the figure title: it becomes the subtitle.
  const { title: bodyTitle, ...rest } = body;
  const subtitle = o.subtitle ?? (typeof bodyTitle === 'string' ? bodyTitle : undefined);
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    ...(o.description ? { description: o.description } : {}),
    title: { text: title, fontSize: 15, ...(subtitle ? { subtitle } : {}) },
    padding: o.padding ?? 8,
    config: baseConfig(),
    ...rest,
  };
}
