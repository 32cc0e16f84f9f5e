/**
 * One aligned-network experiment, the unit every mode figure is built from: an SVD task (App. P.4.1),
 * an aligned initialisation from chosen connectivity modes (App. P.1.1), gradient descent through the
 * shared trainer (App. P.2), and the modes recovered at recorded steps (App. P.3).
 * Pure and seeded: the input is plain data, so it can run in a worker thread.
 */
import { defineTask } from './task.js';
import { makeRng } from './rng.js';
import { randomOrthogonal, type Mat } from './linalg.js';
import type { Weights } from './lrnn.js';
import { svdTask, type Dataset } from './data.js';
import { alignedInit, recoverModes, type Frame } from './align.js';
import { trainRecovering, type WeightName, type EngineData } from './train.js';

export interface AlignedRunSpec {
  /** Data singular values, D×T row-major (s[α·T + t−1] = s_{α,t}). */
  s: Float64Array | number[];
  D: number;
  T: number;
  /** Network width: N_x = N_h = N_y = N ≥ D (extra dimensions have zero singular values). */
  N: number;
  /** Number of trajectories P (≥ N·T + 1 for whitening). */
  P: number;
  a0: number[];
  b0: number[];
  c0: number[];
  eta: number;
  steps: number;
  freeze?: WeightName[];
  recordEvery: number;
  seed: string;
  gradient?: 'corr' | 'bptt';
  divergenceBound?: number;
  /** Also return the trained weights and the frame (e.g. to run the network on other trajectory lengths). */
  keepNetwork?: boolean;
}

export interface AlignedRunResult {
  /** t_θ/τ at each record. */
  t: number[];
  /** Recovered modes per record, per dimension α (record-major). */
  a: number[][];
  b: number[][];
  c: number[][];
  loss: number[];
  /** Largest off-diagonal entry of the recovered W̄ over all records: how aligned the network stayed. */
  offDiagonal: number;
  tau: number;
  diverged: null | { step: number; reason: string };
  /** With spec.keepNetwork: the weights where training stopped, and the frame U_y, V_x, R of the task. */
  network?: { w: Weights; Uy: Mat; Vx: Mat; R: Mat };
}

export function trainAligned(spec: AlignedRunSpec): AlignedRunResult {
  const { D, T, N, P } = spec;
  if (N < D) throw new Error(`network width N=${N} must be at least the number of modes D=${D}`);
  const rng = makeRng(spec.seed);
  const s = Float64Array.from(spec.s);
  const task = svdTask(s, D, T, N, N, P, rng);
  const frame: Frame = { Uy: task.Uy, Vx: task.Vx, R: randomOrthogonal(N, rng) };
  return trainInFrame(spec, task.data, frame);
}

export const ALIGNED_TASK = defineTask(import.meta.url, 'trainAligned', trainAligned);

/**
 * The aligned initialisation in a given frame, training and mode recovery of trainAligned, for any data the
 * shared trainer accepts (a Dataset, or a gradient engine such as the T-output network's, araligned.ts).
 */
export function trainInFrame(
  spec: Omit<AlignedRunSpec, 's' | 'T' | 'P' | 'seed'> & { recordAt?: number[] },
  data: Dataset | EngineData,
  frame: Frame,
): AlignedRunResult {
  const { D, N } = spec;
  // Modes beyond D (zero singular values) start at zero and stay there.
  const pad = (v: number[]) => {
    const out = new Float64Array(N);
    out.set(v.slice(0, N));
    return out;
  };
  const w0 = alignedInit(pad(spec.a0), pad(spec.b0), pad(spec.c0), frame, { Nx: N, Nh: N, Ny: N });
  const run = trainRecovering(
    w0,
    data,
    {
      eta: spec.eta,
      steps: spec.steps,
      freeze: spec.freeze,
      gradient: spec.gradient ?? 'corr',
      recordEvery: spec.recordEvery,
      ...(spec.recordAt ? { recordAt: spec.recordAt } : {}),
      divergenceBound: spec.divergenceBound,
    },
    (w) => {
      const m = recoverModes(w, frame, D);
      return { modes: { a: Array.from(m.a), b: Array.from(m.b), c: Array.from(m.c) }, error: m.offDiagonal };
    },
  );
  return {
    t: run.t,
    a: run.modes.map((m) => m.a),
    b: run.modes.map((m) => m.b),
    c: run.modes.map((m) => m.c),
    loss: run.loss,
    offDiagonal: run.maxError,
    tau: run.tau,
    diverged: run.diverged,
    ...(spec.keepNetwork ? { network: { w: run.w, Uy: frame.Uy, Vx: frame.Vx, R: frame.R } } : {}),
  };
}
