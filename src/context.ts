/**
 * The run context handed to every figure's run(): seed, scale, progress reporting, and a map over
 * independent points that may run in worker threads. Figure code never knows how many workers exist:
 * each point seeds itself from its key (ctx.rng(key)), and results come back in input order.
 */
import { deriveSeed, makeRng, type Rng } from './core/rng.js';
import type { Scale } from './figure.js';

/** Progress callback: the CLI turns it into an ora spinner (TTY) or plain lines (CI). */
export type Progress = (stage: string, done?: number, total?: number) => void;

/**
 * A pure task that can run in a worker: `module` is the URL of an ES module (use `import.meta.url`
 * in the module that defines it) and `fn` the name of an exported function taking one
 * structured-clonable input and returning a structured-clonable output (or a Promise of one).
 */
export interface TaskRef {
  module: string;
  fn: string;
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
   * Apply a task to every input, in worker threads when jobs > 1. Results are in input order and
   * identical whatever the number of workers. `label` names the stage in the progress display.
   */
  map<I, O>(task: TaskRef, inputs: I[], label?: string): Promise<O[]>;
}

export interface ContextOptions {
  figureId: string;
  seed: number;
  scale: Scale;
  jobs?: number;
  progress?: Progress;
  /** Runs tasks; defaults to in-process. src/pool.ts provides a worker-thread runner. */
  runner?: TaskRunner;
}

export type TaskRunner = <I, O>(task: TaskRef, inputs: I[], onDone: (done: number) => void) => Promise<O[]>;

/** In-process runner: import the task module and apply it point by point. */
export const inProcessRunner: TaskRunner = async <I, O>(
  task: TaskRef,
  inputs: I[],
  onDone: (done: number) => void,
): Promise<O[]> => {
  const mod = (await import(task.module)) as Record<string, (input: I) => O | Promise<O>>;
  const fn = mod[task.fn];
  if (typeof fn !== 'function') throw new Error(`task ${task.fn} is not exported by ${task.module}`);
  const out: O[] = [];
  for (let i = 0; i < inputs.length; i++) {
    out.push(await fn(inputs[i]));
    onDone(i + 1);
  }
  return out;
};

export function makeContext(opts: ContextOptions): RunContext {
  const progress = opts.progress ?? (() => {});
  const runner = opts.runner ?? inProcessRunner;
  return {
    figureId: opts.figureId,
    seed: opts.seed,
    scale: opts.scale,
    jobs: opts.jobs ?? 1,
    progress,
    seedFor: (key) => deriveSeed(opts.seed, `${opts.figureId}/${key}`),
    rng: (key) => makeRng(deriveSeed(opts.seed, `${opts.figureId}/${key}`)),
    map: (task, inputs, label = 'points') =>
      runner(task, inputs, (done) => progress(label, done, inputs.length)),
  };
}
