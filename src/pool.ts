/**
 * Worker-thread task runner for RunContext.map. The pool keeps up to `jobs` workers for its whole
 * life (across map() calls and figures): a point is sent to an idle worker, or a new one while fewer
 * than `jobs` exist. A task's output depends only on its input (which carries its own seed), so
 * results are identical whatever the number of workers. Idle workers do not keep the process alive;
 * close() terminates them. A worker that exits or crashes while running a point fails that point
 * (with the task and the exit code) and is replaced for the points that follow.
 */
import { Worker } from 'node:worker_threads';
import type { TaskRunner } from './context.js';
import { inProcessRunner } from './context.js';
import type { TaskRef } from './core/task.js';

const WORKER_URL = new URL('./worker.js', import.meta.url);

interface Job {
  task: TaskRef;
  input: unknown;
  resolve: (out: unknown) => void;
  reject: (err: Error) => void;
  onProgress?: (fraction: number) => void;
}

export class WorkerPool implements TaskRunner {
  private readonly workers = new Set<Worker>();
  private readonly idle: Worker[] = [];
  private readonly busy = new Map<Worker, Job>();
  private readonly queue: Job[] = [];
  private closed = false;

  constructor(readonly jobs: number) {}

  /** Number of live worker threads (for tests). */
  get size(): number {
    return this.workers.size;
  }

  run<I, O>(task: TaskRef<I, O>, input: I, onProgress?: (fraction: number) => void): Promise<O> {
    if (this.closed) return Promise.reject(new Error('worker pool is closed'));
    return new Promise<O>((resolve, reject) => {
      this.queue.push({ task, input, resolve: resolve as (out: unknown) => void, reject, onProgress });
      this.pump();
    });
  }

  private pump(): void {
    while (this.queue.length > 0) {
      const w = this.idle.pop() ?? (this.workers.size < this.jobs ? this.spawn() : undefined);
      if (!w) return;
      const job = this.queue.shift()!;
      this.busy.set(w, job);
      w.ref();
      w.postMessage({ module: job.task.module, fn: job.task.fn, input: job.input });
    }
  }

  private spawn(): Worker {
    const w = new Worker(WORKER_URL);
    this.workers.add(w);
    const settle = (): Job | undefined => {
      const job = this.busy.get(w);
      this.busy.delete(w);
      return job;
    };
    w.on('message', (msg: { output?: unknown; error?: string; progress?: number }) => {
      if (msg.progress !== undefined) {
        this.busy.get(w)?.onProgress?.(msg.progress); // the point is still running
        return;
      }
      const job = settle();
      this.idle.push(w);
      w.unref();
      if (job) {
        if (msg.error !== undefined) job.reject(new Error(`task ${job.task.fn} failed: ${msg.error}`));
        else job.resolve(msg.output);
      }
      this.pump();
    });
    w.on('error', (err) => {
      settle()?.reject(err instanceof Error ? err : new Error(String(err)));
    });
    w.on('exit', (code) => {
      this.workers.delete(w);
      const i = this.idle.indexOf(w);
      if (i >= 0) this.idle.splice(i, 1);
      const job = settle();
      if (job) job.reject(new Error(`worker thread exited with code ${code} while running task ${job.task.fn}`));
      if (!this.closed) this.pump();
    });
    return w;
  }

  /** Fails queued points and terminates every worker; the process can then exit. */
  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) job.reject(new Error('worker pool closed'));
    await Promise.all([...this.workers].map((w) => w.terminate()));
  }
}

/** A runner for `jobs` workers (in-process when jobs ≤ 1). */
export function workerRunner(jobs: number): TaskRunner {
  return jobs <= 1 ? inProcessRunner : new WorkerPool(jobs);
}
