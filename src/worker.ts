/** Worker thread: imports a task module and applies the named export to each input it is sent. */
import { parentPort } from 'node:worker_threads';
import { withPointProgress } from './point-progress.js';

interface Job {
  module: string;
  fn: string;
  input: unknown;
}

parentPort?.on('message', async (job: Job) => {
  try {
    const mod = (await import(job.module)) as Record<string, (input: unknown) => unknown>;
    const fn = mod[job.fn];
    if (typeof fn !== 'function') throw new Error(`${job.fn} is not exported by ${job.module}`);
    // The point's own progress goes to the main thread as { progress } messages.
    const output = await withPointProgress(
      (fraction) => parentPort!.postMessage({ progress: fraction }),
      () => fn(job.input),
    );
    parentPort!.postMessage({ output });
  } catch (err) {
    parentPort!.postMessage({ error: err instanceof Error ? (err.stack ?? err.message) : String(err) });
  }
});
