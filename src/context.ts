/**
 * The run context handed to every figure's run(): seed, scale, progress reporting, and a map over
 * independent points that may run in worker threads. Figure code never knows how many workers exist:
 * each point seeds itself from its key (ctx.rng(key)), and results come back in input order.
 *
 * With a point cache (src/cache), map() serves every point already computed, writes every point it
 * computes as soon as it is done (so a killed run loses only the points in flight), and coordinates
 * through claim files with other processes sharing the cache (shards, concurrent runs): a point
 * claimed by a live process is waited for, not computed twice. See README "Running on a cluster".
 */
import { deriveSeed, makeRng, type Rng } from './core/rng.js';
import type { Scale } from './figure.js';
import type { PointCache } from './cache/point-cache.js';
import { withPointProgress } from './point-progress.js';
import { inLanes } from './lanes.js';
import type { TaskRef } from './core/task.js';

export type { TaskRef } from './core/task.js';

/**
 * Progress callback: the CLI turns it into an ora spinner (TTY) or plain lines (CI). `fraction` is
 * the stage's overall progress in [0, 1], finished points plus what running points have reported.
 */
export type Progress = (stage: string, done?: number, total?: number, fraction?: number) => void;

/** How map() schedules its points (never what they compute). */
export interface MapOptions<I> {
  /**
   * The relative cost of a point (say, its number of multiply-adds): larger costs start first
   * (longest processing time first), so that a long point does not start last and run alone.
   * Results stay in input order, identical for any number of workers.
   */
  cost?: (input: I) => number;
}

export interface RunContext {
  figureId: string;
  seed: number;
  scale: Scale;
  /** Number of worker threads map() may use (1 = in-process). */
  jobs: number;
  progress: Progress;
  /** Seed string for one point, derived from (figure seed, key). */
  seedFor(key: string): string;
  /** A fresh generator for one point, derived from (figure seed, key). */
  rng(key: string): Rng;
  /**
   * Apply a task (src/core/task.ts) to every input, in worker threads when jobs > 1. Results are in
   * input order and identical whatever the number of workers. `label` names the stage in the
   * progress display; `opts.cost` orders the points, largest first.
   */
  map<I, O>(task: TaskRef<I, O>, inputs: readonly NoInfer<I>[], label?: string, opts?: MapOptions<NoInfer<I>>): Promise<O[]>;
}

/** Runs one point of a task; `jobs` points may be in flight at once. */
export interface TaskRunner {
  readonly jobs: number;
  /** `onProgress` receives the fraction of the point done, when the task reports it (src/point-progress.ts). */
  run<I, O>(task: TaskRef<I, O>, input: NoInfer<I>, onProgress?: (fraction: number) => void): Promise<O>;
  close(): Promise<void>;
}

/** Shard K of N (1 ≤ K ≤ N). */
export interface Shard {
  index: number;
  count: number;
}

/** Where a figure's points came from. */
export interface PointCounts {
  /** Computed by this process. */
  computed: number;
  /** Found in the cache when the stage started. */
  cached: number;
  /** Computed meanwhile by another process sharing the cache (waited for). */
  byOthers: number;
}

/**
 * Thrown by map() in a shard when it has computed its share of the figure's first stage and points
 * of other shards are neither in the cache nor being computed: the shard stops there (the figure's
 * later stages may depend on those points), and a shard or run that comes later goes on.
 */
export class ShardStop extends Error {
  constructor(
    readonly figureId: string,
    readonly missing: number,
  ) {
    super(`${figureId}: shard done; ${missing} point(s) of other shards not computed yet`);
    this.name = 'ShardStop';
  }
}

export interface ContextOptions {
  figureId: string;
  seed: number;
  scale: Scale;
  jobs?: number;
  progress?: Progress;
  /** Runs tasks; defaults to in-process. src/pool.ts provides a worker-thread runner. */
  runner?: TaskRunner;
  /** Point cache (none: compute everything, write nothing). */
  cache?: PointCache;
  /** Compute only this shard's share of the first stage (needs a cache). */
  shard?: Shard;
  /** How often to look at points other processes are computing (ms). */
  pollMs?: number;
}

/** In-process runner: import the task module and apply it. */
export const inProcessRunner: TaskRunner = {
  jobs: 1,
  async run<I, O>(task: TaskRef<I, O>, input: I, onProgress?: (fraction: number) => void): Promise<O> {
    // Here (and in src/worker.ts) a reference meets its function; defineTask typed it from that function.
    const mod = (await import(task.module)) as Record<string, (input: I) => O | Promise<O>>;
    const fn = mod[task.fn];
    if (typeof fn !== 'function') throw new Error(`task ${task.fn} is not exported by ${task.module}`);
    return withPointProgress(onProgress, () => fn(input));
  },
  async close(): Promise<void> {},
};

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * The order in which map() starts its points: by decreasing cost, equal costs (or no cost) in input
 * order. `rank[i]` is the place of input i in that order.
 */
function startOrder<I>(inputs: readonly I[], cost?: (input: I) => number): { order: number[]; rank: number[] } {
  const order = inputs.map((_, i) => i);
  if (cost) {
    const c = inputs.map((input, i) => {
      const v = cost(input);
      if (!Number.isFinite(v)) throw new RangeError(`map: the cost of input ${i} is ${v}, not a finite number`);
      return v;
    });
    order.sort((i, j) => c[j] - c[i] || i - j);
  }
  const rank = new Array<number>(inputs.length);
  order.forEach((i, k) => {
    rank[i] = k;
  });
  return { order, rank };
}

export function makeContext(opts: ContextOptions): RunContext & { points(): PointCounts; countCached(n: number): void } {
  const progress = opts.progress ?? (() => {});
  const runner = opts.runner ?? inProcessRunner;
  const cache = opts.cache;
  const figure = opts.figureId;
  const pollMs = opts.pollMs ?? 250;
  if (opts.shard && !cache) throw new Error('a shard needs a cache');
  const counts: PointCounts = { computed: 0, cached: 0, byOthers: 0 };
  let stage = 0;

  async function map<I, O>(task: TaskRef<I, O>, inputs: readonly I[], label = 'points', mapOpts: MapOptions<I> = {}): Promise<O[]> {
    stage++;
    const { order, rank } = startOrder(inputs, mapOpts.cost);
    const results = new Array<O>(inputs.length);
    let done = 0;
    // Fractions reported by the points still running (by input position), for the ETA.
    const running = new Map<number, number>();
    const report = () => {
      let partial = 0;
      for (const f of running.values()) partial += f;
      progress(label, done, inputs.length, inputs.length ? Math.min(1, (done + partial) / inputs.length) : 1);
    };
    const tracked = (i: number) => (fraction: number) => {
      running.set(i, fraction);
      report();
    };

    if (!cache) {
      await inLanes(order, runner.jobs, async (i) => {
        results[i] = await runner.run(task, inputs[i], tracked(i));
        running.delete(i);
        counts.computed++;
        done++;
        report();
      });
      return results;
    }

    // Points by key (equal inputs are one computation), in input order.
    const where = new Map<string, number[]>();
    inputs.forEach((input, i) => {
      const k = cache.key(task, input);
      const list = where.get(k);
      if (list) list.push(i);
      else where.set(k, [i]);
    });
    const fill = (key: string, value: O) => {
      for (const i of where.get(key)!) results[i] = value;
      done += where.get(key)!.length;
      report();
    };
    const missing: string[] = [];
    for (const key of where.keys()) {
      const r = cache.get<O>(figure, key);
      if (r.hit) {
        fill(key, r.value);
        counts.cached++;
      } else missing.push(key);
    }
    // A point's place in the start order is that of its first input.
    const placeOf = (key: string) => rank[where.get(key)![0]];
    missing.sort((k, l) => placeOf(k) - placeOf(l));

    // A shard computes its share of the first stage (every N-th point, in start order) and
    // claims it up front, so that the other shards wait for it rather than stop. Later stages
    // depend on the whole first stage: whoever gets there computes what nobody has claimed.
    const firstShardStage = opts.shard !== undefined && stage === 1;
    const mineFirst = (key: string) => placeOf(key) % opts.shard!.count === opts.shard!.index - 1;
    const own = firstShardStage ? missing.filter(mineFirst) : missing;
    const others = new Set(firstShardStage ? missing.filter((k) => !mineFirst(k)) : []);
    const held = new Set<string>();
    if (firstShardStage) for (const key of own) if (cache.claims.acquire(figure, key)) held.add(key);

    const deferred = new Set<string>(); // claimed by a live process: wait for it
    const compute = async (key: string) => {
      if (!held.has(key)) {
        if (!cache.claims.acquire(figure, key)) {
          deferred.add(key);
          return;
        }
        held.add(key);
      }
      try {
        const again = cache.get<O>(figure, key); // finished by another process since we looked
        if (again.hit) {
          fill(key, again.value);
          counts.byOthers++;
          return;
        }
        const at = where.get(key)![0];
        const value = await runner.run(task, inputs[at], tracked(at));
        running.delete(at);
        cache.put(figure, key, task, value);
        counts.computed++;
        fill(key, value);
      } finally {
        held.delete(key);
        cache.claims.release(figure, key);
      }
    };

    try {
      let queue = own;
      let wait = pollMs;
      for (;;) {
        await inLanes(queue, runner.jobs, compute);
        queue = [];
        // Points other processes hold: served when they appear; computed here if their holder
        // died (own points), or, for another shard's share of the first stage, left to others.
        for (const set of [deferred, others]) {
          for (const key of [...set]) {
            const r = cache.get<O>(figure, key);
            if (r.hit) {
              fill(key, r.value);
              counts.byOthers++;
              set.delete(key);
              continue;
            }
            const st = cache.claims.state(figure, key);
            if (st === 'live') continue;
            if (set === others) throw new ShardStop(figure, others.size);
            set.delete(key);
            queue.push(key);
          }
        }
        if (queue.length === 0 && deferred.size === 0 && others.size === 0) break;
        if (queue.length === 0) {
          await sleep(wait);
          wait = Math.min(2000, wait * 1.5);
        }
      }
    } finally {
      for (const key of held) cache.claims.release(figure, key);
    }
    return results;
  }

  return {
    figureId: figure,
    seed: opts.seed,
    scale: opts.scale,
    jobs: opts.jobs ?? runner.jobs,
    progress,
    seedFor: (key) => deriveSeed(opts.seed, `${figure}/${key}`),
    rng: (key) => makeRng(deriveSeed(opts.seed, `${figure}/${key}`)),
    map,
    points: () => ({ ...counts }),
    /** A whole figure result served from the cache stands for `n` cached points. */
    countCached: (n: number) => {
      counts.cached += n;
    },
  };
}
