/**
 * Runs one figure end to end: parameters → run (pure core) → claims → spec → render → files →
 * snapshot. No terminal output here: progress goes through the callback, results are returned.
 */
import { resolve } from 'node:path';
import { makeContext, type Progress, type TaskRunner } from './context.js';
import type { Claim, Figure, Params, Scale } from './figure.js';
import { renderSpec } from './render/render.js';
import type { RenderOptions } from './render/options.js';
import { toJson, writeAtomic } from './output/files.js';
import { provenance } from './output/provenance.js';
import {
  compareNumbers, readSnapshot, sameParams, snapshotPath, writeSnapshot, type SnapshotStatus,
} from './output/snapshot.js';

export type Format = 'png' | 'svg' | 'pdf';

export interface RunOptions {
  scale: Scale;
  seed: number;
  outDir: string;
  formats: readonly Format[];
  /** Theme, printed width, PNG dpi, SVG text (default: the screen look at natural size). */
  render?: Partial<RenderOptions>;
  check: boolean;
  updateSnapshots: boolean;
  snapshotDir: string;
  jobs: number;
  runner?: TaskRunner;
  progress?: Progress;
}

export interface FigureRun {
  figure: string;
  scale: Scale;
  seed: number;
  params: Params;
  claims: Claim[];
  snapshot: SnapshotStatus;
  outputs: string[];
  elapsedMs: number;
  diverged: number;
}

export async function runFigure(fig: Figure<any, any>, params: Params, opts: RunOptions): Promise<FigureRun> {
  const t0 = performance.now();
  const progress: Progress = opts.progress ?? (() => {});
  const ctx = makeContext({ figureId: fig.id, seed: opts.seed, scale: opts.scale, jobs: opts.jobs, progress, runner: opts.runner });
  const result = await fig.run(params, ctx);
  progress('claims');
  const claims: Claim[] = fig.claims(result, params);
  const spec = fig.spec(result, params);
  const numbers = fig.snapshot(result, params);

  // Snapshot comparison (before writing, so the status goes into the JSON).
  let snapshot: SnapshotStatus = { status: 'not-checked' };
  const snapPath = snapshotPath(opts.snapshotDir, fig.id, opts.scale);
  if (opts.updateSnapshots) {
    writeSnapshot(snapPath, { figure: fig.id, scale: opts.scale, seed: opts.seed, params, values: numbers });
    snapshot = { status: 'updated', path: snapPath };
  } else if (opts.check) {
    const snap = readSnapshot(snapPath);
    if (!snap) snapshot = { status: 'missing', path: snapPath };
    else if (snap.seed !== opts.seed || !sameParams(snap.params, params)) {
      snapshot = { status: 'not-comparable', reason: `snapshot was made with seed ${snap.seed} and other parameters; run without --set/--seed to compare` };
    } else {
      const mismatches = compareNumbers(snap.values, numbers);
      snapshot = mismatches.length === 0
        ? { status: 'match', compared: Object.keys(snap.values).length }
        : { status: 'mismatch', compared: Object.keys(snap.values).length, mismatches };
    }
  }

  progress('rendering');
  const rendered = await renderSpec(spec, opts.formats, opts.render);
  const elapsedMs = Math.round(performance.now() - t0);
  const base = resolve(opts.outDir, fig.id);
  const outputs: string[] = [];
  const put = (ext: string, data: string | Buffer) => {
    writeAtomic(`${base}.${ext}`, data);
    outputs.push(`${base}.${ext}`);
  };
  if (rendered.png) put('png', rendered.png);
  if (rendered.svg) put('svg', rendered.svg);
  if (rendered.pdf) put('pdf', rendered.pdf);
  put('vl.json', toJson(rendered.spec));
  const diverged = result.diverged ?? [];
  // Parameters that differ from the figure's defaults: from the scale's defaults (the user's --set
  // overrides) and from paper scale (what a quick run changes), for the report.
  const differences = (ref: Params) => Object.fromEntries(
    Object.entries(params)
      .filter(([k, v]) => JSON.stringify(v) !== JSON.stringify(ref[k]))
      .map(([k, v]) => [k, { value: v, default: ref[k] }]),
  );
  const overrides = differences(fig.params[opts.scale] as Params);
  const differsFromPaperScale = differences(fig.params.paper as Params);
  put('json', toJson({
    figure: fig.id,
    title: fig.title,
    paper: fig.paper,
    scale: opts.scale,
    seed: opts.seed,
    params,
    overrides,
    differsFromPaperScale,
    series: result.series,
    claims,
    notes: [...(fig.notes ?? []), ...(result.notes ?? [])],
    diverged,
    ...(result.extra ? { extra: result.extra } : {}),
    snapshot,
    provenance: provenance(),
    elapsedMs,
  }));
  return { figure: fig.id, scale: opts.scale, seed: opts.seed, params, claims, snapshot, outputs, elapsedMs, diverged: diverged.length };
}
