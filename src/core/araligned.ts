/**
 * One aligned T-output experiment (App. M): a T-output SVD task (ardata.ts), an aligned initialisation
 * from chosen modes (App. P.1.1, align.ts), gradient descent on eq. 144 through the shared trainer
 * (train.ts, τ = P·N_y/η) and the modes recovered at recorded steps (App. P.3). Pure and seeded, so it
 * can run in a worker thread; the T-output counterpart of aligned.ts.
 */
import { defineTask } from './task.js';
import { makeRng } from './rng.js';
import { randomOrthogonal } from './linalg.js';
import { arSvdTask } from './ardata.js';
import { arTrainData } from './arlrnn.js';
import type { Frame } from './align.js';
import { trainInFrame, type AlignedRunResult, type AlignedRunSpec } from './aligned.js';

/** trainAligned's spec (aligned.ts) with the T-output task dynamics. */
export interface ArAlignedRunSpec extends Omit<AlignedRunSpec, 's' | 'keepNetwork'> {
  /** D × T × T row-major, s[α·T² + (t−1)·T + i−1] = s_{α,t,i} */
  s: number[];
  /** further steps to record (e.g. the step before the last, to tell a settled run from a gradient-descent 2-cycle) */
  recordAt?: number[];
}

/** trainAligned's record (aligned.ts) and the loss of the zero network, ½ Σ_p Σ_t ||y_{p,t}||². */
export type ArAlignedRunResult = AlignedRunResult & { lossZero: number };

export function trainArAligned(spec: ArAlignedRunSpec): ArAlignedRunResult {
  const { D, T, N, P } = spec;
  if (N < D) throw new Error(`network width N=${N} must be at least the number of modes D=${D}`);
  const rng = makeRng(spec.seed);
  const task = arSvdTask(Float64Array.from(spec.s), D, T, N, N, P, rng);
  const frame: Frame = { Uy: task.Uy, Vx: task.Vx, R: randomOrthogonal(N, rng) };
  let lossZero = 0;
  for (const y of task.data.Y) for (const v of y.data) lossZero += 0.5 * v * v;
  const { gradient, ...rest } = spec;
  return { ...trainInFrame(rest, arTrainData(task.data, N, gradient ?? 'corr'), frame), lossZero };
}

export const AR_ALIGNED_TASK = defineTask(import.meta.url, 'trainArAligned', trainArAligned);
