/**
 * Cache and shard options of `lrnn repro` (--cache DIR, --no-cache, --shard K/N), the shard run,
 * and the `lrnn cache info|clear` commands.
 */
import type { Command } from 'commander';
import { resolve } from 'node:path';
import { PointCache } from '../cache/point-cache.js';
import { defaultCacheDir } from '../cache/dir.js';
import { clear, usage } from '../cache/store.js';
import type { PointCounts, Shard, TaskRunner } from '../context.js';
import type { Params, Scale, AnyFigure } from '../figure.js';
import type { FigureRun } from '../runner.js';
import { runShard, type ShardRun } from '../shard.js';
import { UsageError } from '../errors.js';
import { entryFor } from '../registry.js';
import type { ProgressDisplay } from './progress.js';
import { table } from './summary.js';

export interface CacheFlags {
  /** A folder, false for --no-cache, undefined for the default folder. */
  cache?: string | false;
  shard?: string;
}

export function addCacheOptions(cmd: Command): Command {
  return cmd
    .option('--cache <dir>', 'point cache folder (default: ${XDG_CACHE_HOME:-~/.cache}/lrnn)')
    .option('--no-cache', 'compute every point, read and write no cache')
    .option('--shard <K/N>', 'compute only shard K of N of the points into the cache; write no figure');
}

/** Parses `K/N`: whole numbers with 1 ≤ K ≤ N. */
export function parseShard(raw: string): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(raw.trim());
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!m || !(count >= 1) || !(index >= 1 && index <= count)) {
    throw new UsageError(`--shard must be K/N with whole numbers 1 ≤ K ≤ N (e.g. --shard 2/8), got '${raw}'`);
  }
  return { index, count };
}

export function cacheDir(flag: string | false | undefined): string {
  return typeof flag === 'string' ? resolve(flag) : defaultCacheDir();
}

/** Validates the flags (before any work) and opens the cache (nothing is written until a point is). */
export function cacheSetup(flags: CacheFlags & { check?: boolean; updateSnapshots?: boolean }): { cache?: PointCache; shard?: Shard } {
  const shard = flags.shard === undefined ? undefined : parseShard(flags.shard);
  if (shard && flags.cache === false) throw new UsageError('--shard needs the cache (it computes points into it): drop --no-cache');
  if (shard && (flags.check || flags.updateSnapshots))
    throw new UsageError('--shard writes no figure, so --check and --update-snapshots do not apply: use them on the assembly run');
  if (flags.cache === false) return { shard };
  return { cache: new PointCache(cacheDir(flags.cache)), shard };
}

export function pointsText(p: PointCounts): string {
  const parts = [`${p.computed} computed`, `${p.cached} from the cache`];
  if (p.byOthers > 0) parts.push(`${p.byOthers} by other processes`);
  return parts.join(', ');
}

export function totalPoints(runs: ReadonlyArray<{ points: PointCounts }>): PointCounts {
  return runs.reduce(
    (t, r) => ({ computed: t.computed + r.points.computed, cached: t.cached + r.points.cached, byOthers: t.byOthers + r.points.byOthers }),
    { computed: 0, cached: 0, byOthers: 0 },
  );
}

/** The summary's last line. */
export function pointsSummary(runs: FigureRun[], cache: PointCache | undefined): string {
  return `points: ${pointsText(totalPoints(runs))}${cache ? ` (cache ${cache.dir})` : ' (no cache)'}`;
}

/** --json: the run summary with the point counts per figure and in total. */
export function withPoints(summary: object, runs: FigureRun[]): object {
  const s = summary as { figures?: Array<Record<string, unknown>> };
  return {
    ...s,
    ...(s.figures ? { figures: s.figures.map((f, i) => ({ ...f, points: runs[i].points })) } : {}),
    points: totalPoints(runs),
  };
}

export interface ShardPlan {
  fig: AnyFigure;
  params: Params;
}

/** `lrnn repro … --shard K/N`: every figure's share into the cache; exit 0 when the share is done. */
export async function reproShards(
  plans: ShardPlan[],
  opts: {
    scale: Scale;
    seed: number;
    jobs: number;
    runner: TaskRunner;
    cache: PointCache;
    shard: Shard;
    display: ProgressDisplay;
    json: boolean;
    quiet: boolean;
  },
): Promise<number> {
  const runs: ShardRun[] = [];
  const tag = `shard ${opts.shard.index}/${opts.shard.count}`;
  for (const { fig, params } of plans) {
    try {
      const r = await runShard(fig, params, { ...opts, progress: opts.display.forFigure(`${fig.id} (${tag})`) });
      const rest = r.complete ? 'every stage in the cache' : `${r.leftToOthers} point(s) left to other shards`;
      opts.display.succeed(
        `${fig.id} (${tag})`,
        `${fig.id} (${tag}): ${pointsText(r.points)}; ${rest}, ${(r.elapsedMs / 1000).toFixed(1)} s`,
      );
      runs.push(r);
    } catch (err) {
      opts.display.stop();
      throw err;
    }
  }
  if (opts.json)
    process.stdout.write(
      `${JSON.stringify({ shard: opts.shard, cache: opts.cache.dir, figures: runs, points: totalPoints(runs) }, null, 2)}\n`,
    );
  else if (!opts.quiet)
    process.stdout.write(
      `${tag}: points ${pointsText(totalPoints(runs))} (cache ${opts.cache.dir}); no figure written, a run without --shard assembles them\n`,
    );
  return 0;
}

function humanBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 ** 2) return `${(n / 1024).toFixed(1)} KiB`;
  if (n < 1024 ** 3) return `${(n / 1024 ** 2).toFixed(1)} MiB`;
  return `${(n / 1024 ** 3).toFixed(2)} GiB`;
}

export function registerCacheCommands(program: Command): void {
  const cache = program.command('cache').description('the point cache: info, clear');
  cache
    .command('info')
    .description('points, figure results and size of the cache, per figure')
    .option('--cache <dir>', 'cache folder (default: ${XDG_CACHE_HOME:-~/.cache}/lrnn)')
    .option('--json', 'machine-readable')
    .action((o: { cache?: string; json?: boolean }) => {
      const dir = cacheDir(o.cache);
      const rows = usage(dir);
      const total = { entries: rows.reduce((s, r) => s + r.entries, 0), bytes: rows.reduce((s, r) => s + r.bytes, 0) };
      if (o.json) {
        process.stdout.write(`${JSON.stringify({ dir, figures: rows, total }, null, 2)}\n`);
        return;
      }
      const lines = [`cache ${dir}`];
      if (rows.length === 0) lines.push('empty');
      else {
        const t = [['figure', 'points', 'results', 'size', 'claims']];
        for (const r of rows) t.push([r.figure, String(r.entries), String(r.results), humanBytes(r.bytes), String(r.claims)]);
        t.push([
          'total',
          String(total.entries),
          String(rows.reduce((s, r) => s + r.results, 0)),
          humanBytes(total.bytes),
          String(rows.reduce((s, r) => s + r.claims, 0)),
        ]);
        lines.push(table(t));
      }
      process.stdout.write(`${lines.join('\n')}\n`);
    });
  cache
    .command('clear')
    .description('remove the cached points of one figure, or of every figure')
    .argument('[figure]', 'figure id (default: every figure)')
    .option('--cache <dir>', 'cache folder (default: ${XDG_CACHE_HOME:-~/.cache}/lrnn)')
    .option('--quiet', 'print nothing')
    .action((figure: string | undefined, o: { cache?: string; quiet?: boolean }) => {
      const id = figure === undefined ? undefined : entryFor(figure).id; // unknown id: usage error naming the closest
      const dir = cacheDir(o.cache);
      const before = usage(dir)
        .filter((r) => id === undefined || r.figure === id)
        .reduce((s, r) => s + r.entries, 0);
      clear(dir, id);
      if (!o.quiet) process.stdout.write(`removed ${before} cached point(s)${id ? ` of ${id}` : ''} from ${dir}\n`);
    });
}
