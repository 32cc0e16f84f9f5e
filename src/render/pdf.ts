/**
 * SVG → vector PDF with pdfkit + svg-to-pdfkit (both pure JavaScript; vega's own PDF path goes
 * through node-canvas, a native build). Text stays text, set in the shipped DejaVu Sans, which pdfkit
 * embeds as a subset (fontkit); `pdffonts` lists it as embedded and `pdftotext` reads it back.
 *
 * The bytes depend only on the SVG and the scale: the creation date is fixed, and the file ID, which
 * pdfkit derives from the document info, follows from it.
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fontsDir } from './fonts.js';

/** The date written into every PDF (its value carries no information; it only has to be fixed). */
export const PDF_DATE = new Date(Date.UTC(2025, 0, 1, 0, 0, 0));

const require = createRequire(import.meta.url);

interface PdfDoc {
  registerFont(name: string, path: string): void;
  on(ev: 'data', f: (b: Buffer) => void): void;
  on(ev: 'end' | 'error', f: (e?: unknown) => void): void;
  end(): void;
}
type PdfCtor = new (o: Record<string, unknown>) => PdfDoc;
type SvgToPdf = (doc: PdfDoc, svg: string, x: number, y: number, o: Record<string, unknown>) => void;

/** The size of an SVG from its root element's width and height attributes. */
export function svgSize(svg: string): { width: number; height: number } {
  const root = /<svg\b[^>]*>/.exec(svg)?.[0] ?? '';
  const width = Number(/\swidth="([\d.]+)"/.exec(root)?.[1]);
  const height = Number(/\sheight="([\d.]+)"/.exec(root)?.[1]);
  if (!(width > 0 && height > 0)) throw new Error('SVG without a numeric width and height');
  return { width, height };
}

/**
 * Dash arrays as pdfkit accepts them: every length > 0. A pattern whose gaps are all zero (vega's
 * solid [1, 0]) is a solid line and loses its dash; other zero lengths become a hair above zero.
 */
export function pdfDashes(svg: string): string {
  return svg.replace(/\sstroke-dasharray="([^"]*)"/g, (whole, list: string) => {
    const d = list
      .split(/[\s,]+/)
      .filter(Boolean)
      .map(Number);
    if (d.length === 0 || d.every((x) => x === 0) || d.filter((_, i) => i % 2 === 1).every((x) => x === 0)) return '';
    return d.some((x) => x <= 0) ? ` stroke-dasharray="${d.map((x) => Math.max(x, 1e-3)).join(',')}"` : whole;
  });
}

/**
 * A one-page PDF of the SVG, `scale` points per SVG unit (1: the SVG's units are points).
 * `title` goes into the document info.
 */
export async function svgToPdf(svg: string, scale = 1, title = ''): Promise<Buffer> {
  const PDFDocument = require('pdfkit') as PdfCtor;
  const SVGtoPDF = require('svg-to-pdfkit') as SvgToPdf;
  const { width, height } = svgSize(svg);
  const w = +(width * scale).toFixed(3);
  const h = +(height * scale).toFixed(3);
  const doc = new PDFDocument({
    size: [w, h],
    margin: 0,
    compress: true,
    pdfVersion: '1.4',
    info: { Title: title, Creator: 'lrnn', Producer: 'lrnn (pdfkit)', CreationDate: PDF_DATE, ModDate: PDF_DATE },
  });
  doc.registerFont('DejaVu Sans', join(fontsDir(), 'DejaVuSans.ttf'));
  doc.registerFont('DejaVu Sans Bold', join(fontsDir(), 'DejaVuSans-Bold.ttf'));
  const chunks: Buffer[] = [];
  const done = new Promise<void>((resolve, reject) => {
    doc.on('end', () => resolve());
    doc.on('error', reject);
  });
  doc.on('data', (b) => chunks.push(b));
  const warnings: string[] = [];
  SVGtoPDF(doc, pdfDashes(svg), 0, 0, {
    width: w,
    height: h,
    preserveAspectRatio: 'xMinYMin meet',
    // Every family is the shipped font (the SVG names DejaVu Sans with a generic fallback).
    fontCallback: (_family: string, bold: boolean) => (bold ? 'DejaVu Sans Bold' : 'DejaVu Sans'),
    warningCallback: (m: string) => warnings.push(m),
  });
  doc.end();
  await done;
  if (warnings.length > 0) throw new Error(`svg-to-pdfkit: ${warnings[0]}`);
  return Buffer.concat(chunks);
}
