/**
 * Progress from inside one point of a map(): a long task (one training run of fig6, say) reports
 * the fraction it has done, and the runner forwards it to the progress display, in a worker thread
 * or in process. The task only calls `reportPointProgress`; the runner installs where it goes.
 */
export type PointProgress = (fraction: number) => void;

let sink: PointProgress | null = null;

/** Called by a task: `done` of `total` units of its work are finished. */
export function reportPointProgress(done: number, total: number): void {
  if (sink && total > 0) sink(Math.min(1, Math.max(0, done / total)));
}

/** Runs `f` with progress going to `to` (the runner's side). */
export async function withPointProgress<T>(to: PointProgress | undefined, f: () => T | Promise<T>): Promise<T> {
  const prev = sink;
  sink = to ?? null;
  try {
    return await f();
  } finally {
    sink = prev;
  }
}
