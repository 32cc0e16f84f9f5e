/**
 * Vega-Lite spec → Vega spec → SVG (vega, headless) → PNG at 2× (sharp/librsvg), all with the shipped font.
 */
import * as vega from 'vega';
import type { LoggerInterface } from 'vega';
import { compile } from 'vega-lite';
import type { TopLevelSpec } from 'vega-lite';
import { configureFonts } from './fonts.js';

export type Format = 'svg' | 'png';

export interface Rendered {
  /** The SVG markup (1×), when 'svg' was asked for. */
  svg?: string;
  /** The PNG bytes at 2× the SVG's size, white background, no metadata; when 'png' was asked for. */
  png?: Buffer;
  /** The compiled Vega spec. */
  vega: object;
  /** Warnings from vega-lite and vega (nothing here prints). */
  warnings: string[];
}

/** A vega/vega-lite logger that records warnings and errors instead of printing them. */
function recorder(): { logger: LoggerInterface; warnings: string[]; errors: string[] } {
  const warnings: string[] = [];
  const errors: string[] = [];
  const text = (args: readonly unknown[]): string =>
    args.map((a) => (a instanceof Error ? a.message : String(a))).join(' ');
  let level = vega.Warn;
  const logger = {
    level: (l?: number) => (l === undefined ? level : ((level = l), logger)),
    error: (...a: readonly unknown[]) => (errors.push(text(a)), logger),
    warn: (...a: readonly unknown[]) => (warnings.push(text(a)), logger),
    info: () => logger,
    debug: () => logger,
  } as unknown as LoggerInterface;
  return { logger, warnings, errors };
}

/** Compile a Vega-Lite spec to Vega; warnings are pushed onto `warnings`. Throws on an invalid spec. */
export function compileVegaLite(spec: Record<string, unknown>, warnings: string[] = []): object {
  const log = recorder();
  const out = compile(spec as unknown as TopLevelSpec, { logger: log.logger }).spec;
  warnings.push(...log.warnings);
  if (log.errors.length > 0) throw new Error(`vega-lite: ${log.errors[0]}`);
  return out;
}

type Sharp = (typeof import('sharp'))['default'];
let sharpModule: Promise<Sharp> | undefined;

/** sharp, loaded only after fontconfig has been pointed at the shipped fonts. */
function loadSharp(): Promise<Sharp> {
  configureFonts();
  sharpModule ??= import('sharp').then((m) => m.default);
  return sharpModule;
}

/** PNG scale relative to the SVG (the PNG is drawn at 72·PNG_SCALE dpi). */
export const PNG_SCALE = 2;

/** Rasterise an SVG at 2× onto white; the bytes depend only on the SVG (no timestamps, no metadata). */
export async function svgToPng(svg: string): Promise<Buffer> {
  const sharp = await loadSharp();
  return sharp(Buffer.from(svg), { density: 72 * PNG_SCALE })
    .flatten({ background: '#ffffff' })
    .png({ compressionLevel: 6, adaptiveFiltering: false, palette: false })
    .toBuffer();
}

/**
 * Render a Vega-Lite spec (data inlined) to the asked formats. The Vega spec is always returned.
 * Text is laid out and drawn with the shipped font (see fonts.ts), on a white background.
 */
export async function renderSpec(
  spec: Record<string, unknown>,
  formats: ReadonlyArray<Format>,
): Promise<Rendered> {
  configureFonts();
  const warnings: string[] = [];
  const vg = compileVegaLite(spec, warnings);
  const log = recorder();
  const view = new vega.View(vega.parse(vg as vega.Spec), { renderer: 'none', logger: log.logger });
  view.background('white');
  let svg: string;
  try {
    svg = await view.toSVG();
  } finally {
    view.finalize();
  }
  warnings.push(...log.warnings);
  if (log.errors.length > 0) throw new Error(`vega: ${log.errors[0]}`);
  const out: Rendered = { vega: vg, warnings };
  if (formats.includes('svg')) out.svg = svg;
  if (formats.includes('png')) out.png = await svgToPng(svg);
  return out;
}
