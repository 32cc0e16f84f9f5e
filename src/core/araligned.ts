/**
 * One aligned T-output experiment (App. M): a T-output SVD task (ardata.ts), an aligned initialisation
 * from chosen modes (App. P.1.1, align.ts), gradient descent on eq. 144 through the shared trainer
 * (train.ts, τ = P·N_y/η) and the modes recovered at recorded steps (App. P.3). Pure and seeded, so it
 * can run in a worker thread; the T-output counterpart of aligned.ts.
 */
import { makeRng } from './rng.js';
import { randomOrthogonal } from './linalg.js';
import { arSvdTask } from './ardata.js';
import { arTrainData } from './arlrnn.js';
import { alignedInit, recoverModes, type Frame } from './align.js';
import { train, type WeightName } from './train.js';

export interface ArAlignedRunSpec {
  /** D × T × T row-major, s[α·T² + (t−1)·T + i−1] = s_{α,t,i} */
  s: number[];
  D: number;
  T: number;
  /** N_x = N_h = N_y = N ≥ D */
  N: number;
  P: number;
  a0: number[];
  b0: number[];
  c0: number[];
  eta: number;
  steps: number;
  freeze?: WeightName[];
  recordEvery: number;
  /** further steps to record (e.g. the step before the last, to tell a settled run from a gradient-descent 2-cycle) */
  recordAt?: number[];
  seed: string;
  gradient?: 'corr' | 'bptt';
  divergenceBound?: number;
}

export interface ArAlignedRunResult {
  t: number[];
  /** recovered modes per record, per dimension (record-major) */
  a: number[][];
  b: number[][];
  c: number[][];
  /** eq. 144 at each record */
  loss: number[];
  /** ½ Σ_p Σ_t ||y_{p,t}||²: the loss of the zero network */
  lossZero: number;
  offDiagonal: number;
  tau: number;
  diverged: null | { step: number; reason: string };
}

export function trainArAligned(spec: ArAlignedRunSpec): ArAlignedRunResult {
  const { D, T, N, P } = spec;
  if (N < D) throw new Error(`network width N=${N} must be at least the number of modes D=${D}`);
  const rng = makeRng(spec.seed);
  const task = arSvdTask(Float64Array.from(spec.s), D, T, N, N, P, rng);
  const frame: Frame = { Uy: task.Uy, Vx: task.Vx, R: randomOrthogonal(N, rng) };
  const pad = (v: number[]) => { const out = new Float64Array(N); out.set(v.slice(0, N)); return out; };
  const w0 = alignedInit(pad(spec.a0), pad(spec.b0), pad(spec.c0), frame, { Nx: N, Nh: N, Ny: N });
  let lossZero = 0;
  for (const y of task.data.Y) for (const v of y.data) lossZero += 0.5 * v * v;
  let offDiagonal = 0;
  const res = train(w0, arTrainData(task.data, N, spec.gradient ?? 'corr'), {
    eta: spec.eta,
    steps: spec.steps,
    freeze: spec.freeze,
    recordEvery: spec.recordEvery,
    ...(spec.recordAt ? { recordAt: spec.recordAt } : {}),
    divergenceBound: spec.divergenceBound,
    record: (w) => {
      const m = recoverModes(w, frame, D);
      offDiagonal = Math.max(offDiagonal, m.offDiagonal);
      return { a: Array.from(m.a), b: Array.from(m.b), c: Array.from(m.c) };
    },
  });
  const rec = res.records;
  return {
    t: rec.map((r) => r.t),
    a: rec.map((r) => r.values.a as number[]),
    b: rec.map((r) => r.values.b as number[]),
    c: rec.map((r) => r.values.c as number[]),
    loss: rec.map((r) => r.loss),
    lossZero,
    offDiagonal,
    tau: res.tau,
    diverged: res.diverged,
  };
}
