/**
 * The one gradient-descent loop every figure uses (App. P.2).
 *
 * One step is the Euler step of the gradient flow τ dW/dt_θ = −∂L/∂W (eq. 23–25) with dt_θ = 1:
 *   W ← W − (1/τ) ∂L/∂W,   τ = P·N_y/η,
 * with L the summed loss of eq. 4. Training time is reported as t_θ/τ = step/τ, the axis the theory uses.
 * All buffers are allocated once; the loop itself allocates nothing except the records.
 */
import { type Mat, zeros } from './linalg.js';
import { tau as timeConstant } from './timescale.js';
import { recordSchedule, type RecordOptions } from './schedule.js';
import { descendInto } from './simd.js';
import { type Dataset, type Correlations, correlations, isDataset, checkDataset } from './data.js';
import { type Weights, type GradientEngine, type GradNeed, CorrGradient, BpttGradient, weightDims, cloneWeights } from './lrnn.js';

export type WeightName = 'Wx' | 'Wh' | 'Wy';

/**
 * A gradient engine built elsewhere (e.g. the T-output network of App. M, src/core/arlrnn.ts), with the
 * sizes the trainer needs for τ = P·N_y/η and the shape checks. `opts.gradient` does not apply to it.
 */
export interface EngineData {
  engine: GradientEngine;
  P: number;
  Nx: number;
  Ny: number;
}

function isEngineData(d: Dataset | Correlations | EngineData): d is EngineData {
  return (d as EngineData).engine !== undefined;
}

/** Records follow the shared schedule (schedule.ts): recordEvery, recordAt, or the first and last step. */
export interface TrainOptions<V extends RecordValues = RecordValues> extends RecordOptions {
  /** learning rate η; τ = P·N_y/η (App. P.2); one step: W ← W − (1/τ)·∂L/∂W, so t_θ/τ advances by 1/τ per step */
  eta: number;
  /** number of gradient steps */
  steps: number;
  /** weights that are never updated (they stay bit-identical) */
  freeze?: WeightName[];
  /** gradient engine; default 'corr' (exact, from Σ^{YX}, Σ^{XX}); 'bptt' needs a Dataset */
  gradient?: 'corr' | 'bptt';
  /** values to store with each record; `w` is the live weights: read them, do not keep them */
  record?: (w: Weights, step: number, loss: number) => V;
  /** stop as diverged when the loss or any weight is non-finite or max|W| > bound (default 1e6) */
  divergenceBound?: number;
  /** called about 100 times per run, and once at the end */
  onProgress?: (step: number, steps: number) => void;
  /** stop early (converged, not diverged) at the first step whose loss is ≤ stopLoss; that step ends the run like the final step */
  stopLoss?: number;
  /** stop early at the first step for which this returns true (called every step before the update, with the cheap loss; `w` is live: read it, do not keep it) */
  stopWhen?: (step: number, loss: number, w: Weights) => boolean;
}

/** What a caller's `record` returns at each record step. */
export type RecordValues = Record<string, unknown>;

export interface TrainRecord<V extends RecordValues = RecordValues> {
  step: number;
  /** t_θ/τ = step/τ */
  t: number;
  loss: number;
  /** what `record` returned (empty without one) */
  values: V;
}

export interface TrainResult<V extends RecordValues = RecordValues> {
  /** the weights where training stopped (a copy: w0 is never mutated) */
  w: Weights;
  tau: number;
  records: TrainRecord<V>[];
  /** loss at the step where training stopped (non-finite when diverged through the loss) */
  finalLoss: number;
  diverged: null | { step: number; reason: string };
  /** with opts.stopLoss / stopWhen: the step at which the run stopped early (undefined when it went to the end) */
  stoppedAt?: number;
}

const NAMES: readonly WeightName[] = ['Wx', 'Wh', 'Wy'];

/**
 * Trains a copy of w0 by full-batch gradient descent. With a Dataset and the default 'corr' gradient
 * the correlations (eq. 19, 21) are computed once. Divergence is data, not an exception: the run stops
 * at the first step whose weights or loss are non-finite or exceed the bound, and `diverged` says where;
 * no record is taken at that step.
 */
export function train<V extends RecordValues = RecordValues>(
  w0: Weights,
  data: Dataset | Correlations | EngineData,
  opts: TrainOptions<V>,
): TrainResult<V> {
  const { eta, steps } = opts;
  if (!(eta > 0) || !Number.isFinite(eta)) throw new Error(`train: learning rate η must be a positive number, got ${eta}`);
  if (!Number.isInteger(steps) || steps < 0) throw new Error(`train: steps must be a non-negative integer, got ${steps}`);
  const dims = weightDims(w0);
  if (dims.Nx !== data.Nx || dims.Ny !== data.Ny) {
    throw new Error(`train: network is Nx=${dims.Nx}, Ny=${dims.Ny} but the data is Nx=${data.Nx}, Ny=${data.Ny}`);
  }
  const gradient = opts.gradient ?? 'corr';
  let engine: GradientEngine;
  if (isEngineData(data)) {
    if (data.engine.dims.Nh !== dims.Nh)
      throw new Error(`train: network has N_h = ${dims.Nh} but the gradient engine N_h = ${data.engine.dims.Nh}`);
    engine = data.engine;
  } else if (gradient === 'bptt') {
    if (!isDataset(data)) throw new Error("train: gradient 'bptt' needs a Dataset, not Correlations");
    engine = new BpttGradient(data, dims);
  } else if (gradient === 'corr') {
    if (isDataset(data)) checkDataset(data);
    engine = new CorrGradient(isDataset(data) ? correlations(data) : data, dims.Nh);
  } else {
    throw new Error(`train: unknown gradient '${String(gradient)}'`);
  }
  const bound = opts.divergenceBound ?? 1e6;
  const tau = timeConstant(data.P, data.Ny, eta); // App. P.2
  const lr = 1 / tau;

  const frozen = new Set<WeightName>(opts.freeze ?? []);
  for (const f of frozen) if (!NAMES.includes(f)) throw new Error(`train: cannot freeze unknown weight '${f}'`);
  const need: GradNeed = { x: !frozen.has('Wx'), h: !frozen.has('Wh'), y: !frozen.has('Wy') };
  const lossOnly: GradNeed = { x: false, h: false, y: false };

  const schedule = recordSchedule(steps, opts, 'train');
  const isRecorded = schedule.has;

  const progressEvery = Math.max(1, Math.ceil(steps / 100));

  const w = cloneWeights(w0);
  const g = { gWx: zeros(dims.Nh, dims.Nx), gWh: zeros(dims.Nh, dims.Nh), gWy: zeros(dims.Ny, dims.Nh) };
  const pairs: [Mat, Mat, boolean][] = [
    [w.Wx, g.gWx, need.x],
    [w.Wh, g.gWh, need.h],
    [w.Wy, g.gWy, need.y],
  ];
  // max|W| over the frozen matrices never changes; the trained ones are re-measured in the update loop
  let frozenMax = 0;
  let trainedMax = 0;
  for (const [W, , trained] of pairs) {
    const m = maxAbsOrNaN(W.data);
    if (trained) trainedMax = nanMax(trainedMax, m);
    else frozenMax = nanMax(frozenMax, m);
  }

  const records: TrainRecord<V>[] = [];
  let diverged: TrainResult['diverged'] = null;
  let L = NaN;
  let stoppedAt: number | undefined;
  for (let step = 0; ; step++) {
    const last = step === steps;
    L = engine.compute(w, g, last ? lossOnly : need);
    const maxW = nanMax(frozenMax, trainedMax);
    if (!(maxW <= bound)) {
      diverged = {
        step,
        reason: Number.isNaN(maxW) || maxW === Infinity ? 'non-finite weights' : `max|W| = ${maxW.toExponential(3)} > ${bound}`,
      };
      break;
    }
    if (!Number.isFinite(L)) {
      diverged = { step, reason: 'non-finite loss' };
      break;
    }
    const early = !last && ((opts.stopLoss !== undefined && L <= opts.stopLoss) || opts.stopWhen?.(step, L, w) === true);
    if (early) stoppedAt = step;
    if (last || early || isRecorded(step)) {
      L = engine.preciseLoss(); // the sum-of-squares form, for reporting
      if (isRecorded(step) || (early && schedule.recordsEnd)) {
        records.push({ step, t: step / tau, loss: L, values: opts.record ? opts.record(w, step, L) : ({} as V) });
      }
    }
    if (last || early) break;
    // W ← W − (1/τ) ∂L/∂W, tracking max|W| on the way (in the engine's kernel when it has one, lrnn.ts)
    let m = 0;
    if (engine.descend) m = engine.descend(w, lr, need);
    else {
      for (let q = 0; q < 3; q++) if (pairs[q][2]) m = Math.max(m, descendInto(pairs[q][0].data, pairs[q][1].data, lr));
    }
    trainedMax = m;
    if (opts.onProgress && (step + 1) % progressEvery === 0 && step + 1 < steps) opts.onProgress(step + 1, steps);
  }
  if (opts.onProgress) opts.onProgress(diverged ? diverged.step : (stoppedAt ?? steps), steps);
  return { w, tau, records, finalLoss: L, diverged, ...(stoppedAt !== undefined ? { stoppedAt } : {}) };
}

function maxAbsOrNaN(a: Float64Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    const v = Math.abs(a[i]);
    if (Number.isNaN(v)) return NaN;
    if (v > m) m = v;
  }
  return m;
}

function nanMax(a: number, b: number): number {
  return Number.isNaN(a) || Number.isNaN(b) ? NaN : a > b ? a : b;
}

/** The mode trajectories of a trained network: what `trainRecovering` returns. */
export interface RecoveredRun<M> {
  /** t_θ/τ at each record */
  t: number[];
  /** the recovered modes at each record */
  modes: M[];
  loss: number[];
  /** the largest structure error `recover` reported over all records (0 without records) */
  maxError: number;
  tau: number;
  diverged: TrainResult['diverged'];
  /** the weights where training stopped */
  w: Weights;
}

/**
 * train() with the connectivity modes recovered at every record (App. P.3): `recover` reads the live
 * weights and returns the modes and how far the network is from the structure they assume (off-diagonal
 * or off-block entries). One wrapper for the aligned (aligned.ts) and eigen-aligned (complexmodes.ts) runs.
 */
export function trainRecovering<M>(
  w0: Weights,
  data: Dataset | Correlations | EngineData,
  opts: Omit<TrainOptions, 'record'>,
  recover: (w: Weights) => { modes: M; error: number },
): RecoveredRun<M> {
  let maxError = 0;
  const result = train(w0, data, {
    ...opts,
    record: (w) => {
      const r = recover(w);
      maxError = Math.max(maxError, r.error);
      return { modes: r.modes };
    },
  });
  const rec = result.records;
  return {
    t: rec.map((r) => r.t),
    modes: rec.map((r) => r.values.modes),
    loss: rec.map((r) => r.loss),
    maxError,
    tau: result.tau,
    diverged: result.diverged,
    w: result.w,
  };
}
