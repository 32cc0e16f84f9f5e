/**
 * Worker-thread task runner for RunContext.map: each input is sent to a free worker, results are put
 * back in input order. A task's output depends only on its input (which carries its own seed), so
 * the result is identical whatever the number of workers.
 */
import { Worker } from 'node:worker_threads';
import type { TaskRef, TaskRunner } from './context.js';
import { inProcessRunner } from './context.js';

const WORKER_URL = new URL('./worker.js', import.meta.url);

export function workerRunner(jobs: number): TaskRunner {
  if (jobs <= 1) return inProcessRunner;
  return async <I, O>(task: TaskRef, inputs: I[], onDone: (done: number) => void): Promise<O[]> => {
    if (inputs.length <= 1) return inProcessRunner<I, O>(task, inputs, onDone);
    const n = Math.min(jobs, inputs.length);
    const results = new Array<O>(inputs.length);
    let next = 0;
    let done = 0;
    const workers: Worker[] = [];
    try {
      await new Promise<void>((resolveAll, rejectAll) => {
        let failed = false;
        const feed = (w: Worker) => {
          if (next < inputs.length) {
            const index = next++;
            w.postMessage({ module: task.module, fn: task.fn, index, input: inputs[index] });
          }
        };
        for (let k = 0; k < n; k++) {
          const w = new Worker(WORKER_URL);
          workers.push(w);
          w.on('message', (msg: { index: number; output?: O; error?: string }) => {
            if (failed) return;
            if (msg.error !== undefined) {
              failed = true;
              rejectAll(new Error(`task ${task.fn} failed on input ${msg.index}: ${msg.error}`));
              return;
            }
            results[msg.index] = msg.output as O;
            done++;
            onDone(done);
            if (done === inputs.length) resolveAll();
            else feed(w);
          });
          w.on('error', (err) => {
            if (!failed) {
              failed = true;
              rejectAll(err);
            }
          });
          feed(w);
        }
      });
    } finally {
      await Promise.all(workers.map((w) => w.terminate()));
    }
    return results;
  };
}
