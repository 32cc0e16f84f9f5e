/**
 * One figure as one shard of a sweep (`lrnn repro … --shard K/N`): runs the figure's run() against
 * the shared point cache, computing only this shard's share of its first stage (and whatever later
 * stages it reaches), and writes no figure: a plain run afterwards assembles it from the cache.
 */
import { makeContext, ShardStop, type PointCounts, type Progress, type Shard, type TaskRunner } from './context.js';
import type { Params, Scale, AnyFigure } from './figure.js';
import type { PointCache } from './cache/point-cache.js';
import { runThroughCache } from './cache/figure-cache.js';

export interface ShardOptions {
  scale: Scale;
  seed: number;
  jobs: number;
  runner?: TaskRunner;
  progress?: Progress;
  cache: PointCache;
  shard: Shard;
}

export interface ShardRun {
  figure: string;
  shard: Shard;
  points: PointCounts;
  /** The figure's run() went to its end here (every point of every stage is in the cache). */
  complete: boolean;
  /** When not complete: points of other shards not yet computed at the stage where this shard stopped. */
  leftToOthers: number;
  elapsedMs: number;
}

export async function runShard(fig: AnyFigure, params: Params, opts: ShardOptions): Promise<ShardRun> {
  const t0 = performance.now();
  const ctx = makeContext({
    figureId: fig.id,
    seed: opts.seed,
    scale: opts.scale,
    jobs: opts.jobs,
    progress: opts.progress ?? (() => {}),
    runner: opts.runner,
    cache: opts.cache,
    shard: opts.shard,
  });
  let complete = true;
  let leftToOthers = 0;
  try {
    await runThroughCache(() => fig.run(params, ctx), ctx, opts.cache, { figure: fig.id, scale: opts.scale, seed: opts.seed, params });
  } catch (err) {
    if (!(err instanceof ShardStop)) throw err;
    complete = false;
    leftToOthers = err.missing;
  }
  return { figure: fig.id, shard: opts.shard, points: ctx.points(), complete, leftToOthers, elapsedMs: Math.round(performance.now() - t0) };
}
