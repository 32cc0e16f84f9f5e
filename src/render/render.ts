/**
 * Vega-Lite spec → (theme, layout for a printed width) → Vega spec → SVG (vega, headless) → PNG
 * (sharp/librsvg) and PDF (pdfkit), all with the shipped font.
 */
import * as vega from 'vega';
import type { LoggerInterface } from 'vega';
import { compile } from 'vega-lite';
import type { VegaLiteSpec } from '../figure.js';
import { configureFonts } from './fonts.js';
import { fitToWidth } from './layout.js';
import { DEFAULT_RENDER, WIDTH_PRESETS, defaultDpi, type RenderOptions } from './options.js';
import { svgSize, svgToPdf } from './pdf.js';
import { finishSvg } from './svgfont.js';
import { printTheme, titleText } from './theme.js';

export type Format = 'svg' | 'png' | 'pdf';

export interface Rendered {
  /** The SVG markup (1×, font embedded or text outlined), when 'svg' was asked for. */
  svg?: string;
  /** The PNG bytes at the asked dpi (default 144, i.e. 2× the SVG's size), white background, no metadata; when 'png' was asked for. */
  png?: Buffer;
  /** The vector PDF, when 'pdf' was asked for. */
  pdf?: Buffer;
  /** The Vega-Lite spec that was drawn (themed and laid out; the input itself for the default screen look). */
  spec: VegaLiteSpec;
  /** Printed size in pt (the SVG size times `scale`). */
  size: { width: number; height: number };
  /** Points per SVG unit at the printed size (1 unless a width was asked for; then within a fraction of a percent of 1). */
  scale: number;
  /** The compiled Vega spec. */
  vega: object;
  /** Warnings from vega-lite and vega (nothing here prints). */
  warnings: string[];
}

/** A vega/vega-lite logger that records warnings and errors instead of printing them. */
function recorder(): { logger: LoggerInterface; warnings: string[]; errors: string[] } {
  const warnings: string[] = [];
  const errors: string[] = [];
  const text = (args: readonly unknown[]): string => args.map((a) => (a instanceof Error ? a.message : String(a))).join(' ');
  let level = vega.Warn;
  const logger = {
    level: (l?: number) => {
      if (l === undefined) return level;
      level = l;
      return logger;
    },
    error: (...a: readonly unknown[]) => {
      errors.push(text(a));
      return logger;
    },
    warn: (...a: readonly unknown[]) => {
      warnings.push(text(a));
      return logger;
    },
    info: () => logger,
    debug: () => logger,
  } as unknown as LoggerInterface;
  return { logger, warnings, errors };
}

/** Compile a Vega-Lite spec to Vega; warnings are pushed onto `warnings`. Throws on an invalid spec. */
export function compileVegaLite(spec: VegaLiteSpec, warnings: string[] = []): object {
  const log = recorder();
  const out = compile(spec, { logger: log.logger }).spec;
  warnings.push(...log.warnings);
  if (log.errors.length > 0) throw new Error(`vega-lite: ${log.errors[0]}`);
  return out;
}

type Sharp = typeof import('sharp')['default'];
let sharpModule: Promise<Sharp> | undefined;

/** sharp, loaded only after fontconfig has been pointed at the shipped fonts. */
function loadSharp(): Promise<Sharp> {
  configureFonts();
  sharpModule ??= import('sharp').then((m) => m.default);
  return sharpModule;
}

/** PNG scale relative to the SVG at the default 144 dpi (the PNG is drawn at 72·PNG_SCALE dpi). */
export const PNG_SCALE = 2;

/** Rasterise an SVG onto white at `dpi` (one SVG unit = 1/72 in); the bytes depend only on the SVG and dpi. */
export async function svgToPng(svg: string, dpi = 72 * PNG_SCALE): Promise<Buffer> {
  const sharp = await loadSharp();
  return sharp(Buffer.from(svg), { density: dpi })
    .flatten({ background: '#ffffff' })
    .png({ compressionLevel: 6, adaptiveFiltering: false, palette: false })
    .toBuffer();
}

/**
 * The SVG vega draws for a Vega-Lite spec (renderer 'none', white background). The SVG def ids
 * (clip paths, gradients) restart for every figure, so a figure's SVG does not depend on what was
 * rendered before it in the process.
 */
async function drawSvg(spec: VegaLiteSpec, warnings: string[]): Promise<{ svg: string; vega: object }> {
  configureFonts();
  const vg = compileVegaLite(spec, warnings) as { config?: { legend?: Record<string, unknown> } };
  // Vega's legend layout (how several legends on one side are arranged) has no Vega-Lite counterpart.
  const layout = spec.usermeta?.vegaLegendLayout;
  if (layout) vg.config = { ...vg.config, legend: { ...vg.config?.legend, layout } };
  const log = recorder();
  const view = new vega.View(vega.parse(vg as vega.Spec), { renderer: 'none', logger: log.logger });
  view.background('white');
  let svg: string;
  try {
    vega.resetSVGDefIds();
    svg = await view.toSVG();
  } finally {
    view.finalize();
  }
  warnings.push(...log.warnings);
  if (log.errors.length > 0) throw new Error(`vega: ${log.errors[0]}`);
  return { svg, vega: vg };
}

/**
 * Render a Vega-Lite spec (data inlined) to the asked formats. The Vega spec is always returned.
 * Text is laid out and drawn with the shipped font (see fonts.ts), on a white background.
 *
 * With the default options (screen theme, natural size) the spec is drawn as given. The print theme
 * rewrites it first (theme.ts) and defaults to the column width; a width lays it out for that printed
 * width (layout.ts), one SVG unit per point.
 */
export async function renderSpec(
  spec: VegaLiteSpec,
  formats: ReadonlyArray<Format>,
  options: Partial<RenderOptions> = {},
): Promise<Rendered> {
  const o: RenderOptions = { ...DEFAULT_RENDER, ...options };
  const warnings: string[] = [];
  const widthPt = o.widthPt ?? (o.theme === 'print' ? WIDTH_PRESETS.column : undefined);
  let drawn = o.theme === 'print' ? printTheme(spec) : spec;
  if (widthPt !== undefined) {
    drawn = await fitToWidth(drawn, widthPt, o.theme, async (s) => svgSize((await drawSvg(s, [])).svg));
  }
  const { svg, vega: vg } = await drawSvg(drawn, warnings);
  const natural = svgSize(svg);
  const scale = widthPt !== undefined ? widthPt / natural.width : 1;
  const out: Rendered = {
    spec: drawn,
    vega: vg,
    warnings,
    scale,
    size: { width: natural.width * scale, height: natural.height * scale },
  };
  if (formats.includes('svg')) out.svg = await finishSvg(svg, o.svgText);
  if (formats.includes('png')) out.png = await svgToPng(svg, (o.dpi ?? defaultDpi(o.theme)) * scale);
  if (formats.includes('pdf')) out.pdf = await svgToPdf(svg, scale, titleText(spec.title) ?? '');
  return out;
}
