/**
 * Runs one figure end to end: parameters → run (pure core) → claims → spec → render → files →
 * snapshot. No terminal output here: progress goes through the callback, results are returned.
 */
import { resolve } from 'node:path';
import { makeContext, type PointCounts, type Progress, type TaskRunner } from './context.js';
import type { PointCache } from './cache/point-cache.js';
import { runThroughCache } from './cache/figure-cache.js';
import type { Claim, Figure, Params, Scale } from './figure.js';
import { renderSpec } from './render/render.js';
import { toJson, writeAtomic } from './output/files.js';
import { provenance } from './output/provenance.js';
import {
  compareNumbers, readSnapshot, sameParams, snapshotPath, writeSnapshot, type SnapshotStatus,
} from './output/snapshot.js';

export type Format = 'png' | 'svg';

export interface RunOptions {
  scale: Scale;
  seed: number;
  outDir: string;
  formats: readonly Format[];
  check: boolean;
  updateSnapshots: boolean;
  snapshotDir: string;
  jobs: number;
  runner?: TaskRunner;
  progress?: Progress;
  /** Point cache shared by runs and shards (none: compute every point). */
  cache?: PointCache;
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
  /** Points computed here, served from the cache, or computed meanwhile by another process. */
  points: PointCounts;
}

export async function runFigure(fig: Figure<any, any>, params: Params, opts: RunOptions): Promise<FigureRun> {
  const t0 = performance.now();
  const progress: Progress = opts.progress ?? (() => {});
  const ctx = makeContext({ figureId: fig.id, seed: opts.seed, scale: opts.scale, jobs: opts.jobs, progress, runner: opts.runner, cache: opts.cache });
  const result = await runThroughCache(() => fig.run(params, ctx), ctx, opts.cache, { figure: fig.id, scale: opts.scale, seed: opts.seed, params });
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
  const rendered = await renderSpec(spec, opts.formats);
  const elapsedMs = Math.round(performance.now() - t0);
  const base = resolve(opts.outDir, fig.id);
  const outputs: string[] = [];
  const put = (ext: string, data: string | Buffer) => {
    writeAtomic(`${base}.${ext}`, data);
    outputs.push(`${base}.${ext}`);
  };
  if (rendered.png) put('png', rendered.png);
  if (rendered.svg) put('svg', rendered.svg);
  put('vl.json', toJson(spec));
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
    points: ctx.points(),
    elapsedMs,
  }));
  return { figure: fig.id, scale: opts.scale, seed: opts.seed, params, claims, snapshot, outputs, elapsedMs, diverged: diverged.length, points: ctx.points() };
}
