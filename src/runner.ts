/**
 * Runs one figure end to end: parameters → run (pure core) → claims (judged against the recorded
 * deviations) → spec → render → files (one unit) → snapshot. No terminal output here: progress goes
 * through the callback, results are returned.
 */
import { makeContext, type PointCounts, type Progress, type TaskRunner } from './context.js';
import type { PointCache } from './cache/point-cache.js';
import { runThroughCache } from './cache/figure-cache.js';
import type { Figure, Params, Scale, AnyFigure } from './figure.js';
import { failsRun, judgeClaims, type JudgedClaim } from './claims.js';
import { renderSpec } from './render/render.js';
import type { RenderOptions } from './render/options.js';
import { toJson, writeUnit, type UnitFile } from './output/files.js';
import { provenance } from './output/provenance.js';
import {
  compareNumbers,
  compareVerdicts,
  readSnapshot,
  sameParams,
  snapshotPath,
  writeSnapshot,
  type SnapshotStatus,
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
  /** Point cache shared by runs and shards (none: compute every point). */
  cache?: PointCache;
}

export interface FigureRun {
  figure: string;
  scale: Scale;
  seed: number;
  params: Params;
  claims: JudgedClaim[];
  snapshot: SnapshotStatus;
  outputs: string[];
  elapsedMs: number;
  diverged: number;
  /** Points computed here, served from the cache, or computed meanwhile by another process. */
  points: PointCounts;
  /** Warnings of vega-lite and vega while drawing the spec (e.g. "Infinite extent"): a spec to fix. */
  renderWarnings: string[];
}

/** Counts of claim verdicts, for the summary, the JSON and the report. */
export function tally(claims: readonly JudgedClaim[]): {
  pass: number;
  fail: number;
  deviation: number;
  unexpectedPass: number;
  total: number;
} {
  const n = (v: string) => claims.filter((c) => c.verdict === v).length;
  return { pass: n('pass'), fail: n('fail'), deviation: n('deviation'), unexpectedPass: n('unexpected-pass'), total: claims.length };
}

/** A run fails when a claim fails unrecorded, a recorded deviation passes, or a checked snapshot does not match. */
export function runFailed(r: Pick<FigureRun, 'claims' | 'snapshot'>): boolean {
  return r.claims.some((c) => failsRun(c.verdict)) || ['mismatch', 'missing', 'not-comparable'].includes(r.snapshot.status);
}

function checkSnapshot(
  fig: AnyFigure,
  params: Params,
  opts: RunOptions,
  numbers: ReturnType<Figure['snapshot']>,
  claims: JudgedClaim[],
): SnapshotStatus {
  const snapPath = snapshotPath(opts.snapshotDir, fig.id, opts.scale);
  const verdicts = Object.fromEntries(claims.map((c) => [c.id, c.verdict]));
  if (opts.updateSnapshots) {
    writeSnapshot(snapPath, { figure: fig.id, scale: opts.scale, seed: opts.seed, params, values: numbers, verdicts });
    return { status: 'updated', path: snapPath };
  }
  if (!opts.check) return { status: 'not-checked' };
  const snap = readSnapshot(snapPath);
  if (!snap) {
    return {
      status: 'missing',
      path: snapPath,
      reason: `no snapshot ${snapPath}; record one with \`lrnn repro ${fig.id}${opts.scale === 'quick' ? ' --quick' : ''} --update-snapshots\``,
    };
  }
  if (snap.seed !== opts.seed) {
    return { status: 'not-comparable', reason: `the snapshot was made with --seed ${snap.seed}, this run used --seed ${opts.seed}` };
  }
  if (!sameParams(snap.params, params)) {
    const keys = [...new Set([...Object.keys(snap.params), ...Object.keys(params)])].filter(
      (k) => JSON.stringify(snap.params[k]) !== JSON.stringify(params[k]),
    );
    return { status: 'not-comparable', reason: `the snapshot was made with other parameters (${keys.join(', ')}); drop --set to compare` };
  }
  const mismatches = compareNumbers(snap.values, numbers);
  const verdictChanges = snap.verdicts ? compareVerdicts(snap.verdicts, verdicts) : [];
  const compared = Object.keys(snap.values).length;
  return mismatches.length === 0 && verdictChanges.length === 0
    ? { status: 'match', compared }
    : { status: 'mismatch', compared, mismatches, verdicts: verdictChanges };
}

export async function runFigure(fig: AnyFigure, params: Params, opts: RunOptions): Promise<FigureRun> {
  const t0 = performance.now();
  const progress: Progress = opts.progress ?? (() => {});
  const ctx = makeContext({
    figureId: fig.id,
    seed: opts.seed,
    scale: opts.scale,
    jobs: opts.jobs,
    progress,
    runner: opts.runner,
    cache: opts.cache,
  });
  const result = await runThroughCache(() => fig.run(params, ctx), ctx, opts.cache, {
    figure: fig.id,
    scale: opts.scale,
    seed: opts.seed,
    params,
  });
  progress('claims');
  const claims = judgeClaims(fig.claims(result, params), fig.deviations ?? [], opts.scale);
  const spec = fig.spec(result, params);
  const numbers = fig.snapshot(result, params);
  // Snapshot comparison (before writing, so the status goes into the JSON).
  const snapshot = checkSnapshot(fig, params, opts, numbers, claims);

  progress('rendering');
  const rendered = await renderSpec(spec, opts.formats, opts.render);
  const elapsedMs = Math.round(performance.now() - t0);
  const files: UnitFile[] = [];
  if (rendered.png) files.push({ name: `${fig.id}.png`, data: rendered.png });
  if (rendered.svg) files.push({ name: `${fig.id}.svg`, data: rendered.svg });
  if (rendered.pdf) files.push({ name: `${fig.id}.pdf`, data: rendered.pdf });
  files.push({ name: `${fig.id}.vl.json`, data: toJson(rendered.spec) });
  const diverged = result.diverged ?? [];
  // Parameters that differ from the figure's defaults: from the scale's defaults (the user's --set
  // overrides) and from paper scale (what a quick run changes), for the report.
  const differences = (ref: Params) =>
    Object.fromEntries(
      Object.entries(params)
        .filter(([k, v]) => JSON.stringify(v) !== JSON.stringify(ref[k]))
        .map(([k, v]) => [k, { value: v, default: ref[k] }]),
    );
  const overrides = differences(fig.params[opts.scale] as Params);
  const differsFromPaperScale = differences(fig.params.paper as Params);
  files.push({
    name: `${fig.id}.json`,
    data: toJson({
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
      claimTally: tally(claims),
      deviations: fig.deviations ?? [],
      notes: [...(fig.notes ?? []), ...(result.notes ?? [])],
      diverged,
      ...(result.extra ? { extra: result.extra } : {}),
      snapshot,
      provenance: provenance(),
      points: ctx.points(),
      elapsedMs,
    }),
  });
  const outputs = writeUnit(opts.outDir, fig.id, files);
  return {
    figure: fig.id,
    scale: opts.scale,
    seed: opts.seed,
    params,
    claims,
    snapshot,
    outputs,
    elapsedMs,
    diverged: diverged.length,
    points: ctx.points(),
    renderWarnings: [...new Set(rendered.warnings)],
  };
}
