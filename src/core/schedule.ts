/**
 * The record schedule shared by every training loop and mode simulation (train.ts, modes.ts,
 * complexmodes.ts, armodes.ts): which steps 0..steps of a run are recorded.
 *
 * One rule:
 * - `recordEvery` k: steps 0, k, 2k, …, and always the final step;
 * - `recordAt`: these steps as well; steps outside 0..steps (or not whole) are dropped, so one list
 *   serves runs of any length (a run that stops early records the steps it reached);
 * - neither: the first and the final step.
 * Pure: no I/O.
 */

export interface RecordOptions {
  /** record at steps 0, k, 2k, …, and always the final step */
  recordEvery?: number;
  /** and at these steps (those outside 0..steps are dropped) */
  recordAt?: readonly number[];
}

export interface RecordSchedule {
  /** whether step s is recorded */
  has(s: number): boolean;
  /** whether the schedule ends with the run (recordEvery, or the default): a run that stops early then records its last step */
  readonly recordsEnd: boolean;
}

/** The schedule of a run of `steps` steps; `who` names the caller in the error for a bad recordEvery. */
export function recordSchedule(steps: number, opts: RecordOptions, who: string): RecordSchedule {
  const every = opts.recordEvery;
  if (every !== undefined && (!Number.isInteger(every) || every < 1))
    throw new RangeError(`${who}: recordEvery must be an integer ≥ 1, got ${every}`);
  const at = new Set<number>();
  for (const s of opts.recordAt ?? []) if (Number.isInteger(s) && s >= 0 && s <= steps) at.add(s);
  const byDefault = every === undefined && opts.recordAt === undefined;
  return {
    has: (s) => at.has(s) || (every !== undefined && (s % every === 0 || s === steps)) || (byDefault && (s === 0 || s === steps)),
    recordsEnd: every !== undefined || byDefault,
  };
}
