/**
 * One sensory-integration experiment (§3.6, App. L, App. P.4.3), the unit of fig6 and figA8: a
 * multisensory dataset with an integration target (raw inputs, not whitened), an unaligned network from
 * small random weights (App. P.1.2), full-batch gradient descent through train.ts (App. P.2) with the
 * singular values and hidden-state gradients recorded, then the trained network run on trajectories of
 * other lengths T'. Pure and seeded: plain data in and out, so it runs in a worker thread.
 */
import { defineTask } from '../../src/core/task.js';
import type { LineSeries } from '../../src/render/spec.js';
import { makeRng } from '../../src/core/rng.js';
import { type Mat, zeros } from '../../src/core/linalg.js';
import { correlations } from '../../src/core/data.js';
import { unalignedInit } from '../../src/core/align.js';
import type { Weights } from '../../src/core/lrnn.js';
import {
  bestModeFit,
  inputStatistics,
  multisensoryDataset,
  targetWeights,
  type IntegrationTarget,
  type ModeFit,
  type MultiSensoryOptions,
} from '../../src/core/multisensory.js';
import { relativeError, sharpness, trainUnaligned } from '../../src/core/unaligned.js';

import { reportPointProgress } from '../../src/point-progress.js';

export const SENSORY_TASK = defineTask(import.meta.url, 'trainSensory', trainSensory);

/** --set rules shared by the sensory figures: the multisensory task and the unaligned network. */
export const TASK_RULES = {
  dt: { min: 1, max: 1000, cost: -1, help: 'time step in ms (Neurogym default 100)' },
  sigma: { min: 0, max: 100, help: 'Neurogym base noise; per-step sd = sigma/√dt' },
  cohs: { min: 0, max: 200, minLength: 1, help: 'stimulus coherences (%) sampled per trial' },
  P: { min: 2, max: 100000, integer: true, cost: 1, help: 'training trials (full batch)' },
  Nh: { min: 1, max: 64, integer: true, cost: 2, help: 'hidden width N_h' },
  initScale: { min: 0, max: 10, help: 'init scale σ: entries N(0, σ²/N_in)' },
  points: { min: 2, max: 5000, integer: true, help: 'recorded points per training curve' },
} as const;

export interface SensoryRunSpec {
  target: IntegrationTarget;
  /** training trajectory length */
  T: number;
  /** training trials */
  P: number;
  /** hidden width */
  Nh: number;
  /** σ of the unaligned initialisation: entries N(0, σ²/N_in) (App. P.1.2) */
  initScale: number;
  eta: number;
  steps: number;
  /** steps at which singular values and hidden gradients are recorded */
  recordAt: number[];
  /** seed of the training trials, their noise and the initial weights */
  seed: string;
  task: MultiSensoryOptions;
  /** trajectory lengths T' at which the trained network is tested (may be empty) */
  tPrimes: number[];
  /** test trials per T' */
  testP: number;
  /** seed of the test sets; T' gets `${testSeed}/T'=${T'}` (the same inputs for every target) */
  testSeed: string;
  /** compute the sharpness λ_max(∇²L)/τ at the final weights */
  sharpness: boolean;
  divergenceBound?: number;
}

export interface SensoryRunResult {
  target: IntegrationTarget;
  t: number[];
  loss: number[];
  /** per record: singular values of W_h, descending */
  svH: number[][];
  /** per record: singular values of W_y W_x, descending */
  svIO: number[][];
  /** per record: RMS over samples of ||∂ℓ_p/∂H|| (all hidden states of the trajectory) */
  hiddenGrad: number[];
  /** per record: RMS over samples of ||dH_T/dt_θ|| */
  hiddenVel: number[];
  /** at the last record: RMS ||∂ℓ_p/∂h_t|| for t = 2..T+1 */
  hiddenGradPerT: number[];
  tau: number;
  /** the reduced theory: best (b*, u*) along each eigen-direction of the input second moment, μ descending */
  theory: (ModeFit & { mu: number })[];
  /** relative error Σ||ŷ − y||²/Σ||y||² at each T' (null when not finite or diverged), and the theory's */
  extrapolation: { T: number; error: number | null; theory: number | null }[];
  /** λ_max(∇²L)/τ at the final weights; gradient descent is stable near a minimum only below 2 */
  sharpness: number | null;
  /** ||W(end) − W(end−1)|| and ||W(end) − W(end−2)|| (Frobenius over all weights): a period-2 oscillation has the second ≪ the first */
  lastSteps: { oneStep: number; twoStep: number } | null;
  diverged: null | { step: number; reason: string };
}

function finiteOrNull(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}

function weightDistance(a: Weights, b: Weights): number {
  let s = 0;
  for (const k of ['Wx', 'Wh', 'Wy'] as const) {
    const x = a[k].data,
      y = b[k].data;
    for (let i = 0; i < x.length; i++) s += (x[i] - y[i]) ** 2;
  }
  return Math.sqrt(s);
}

/** The theory network's maps B_k = Σ_v u_v b_v^k v vᵀ (k = 0, 1, …, K−1): W_y W_h^k W_x of the reduced solution. */
function theoryMaps(dirs: Mat, fits: ModeFit[], K: number): Mat[] {
  const n = dirs.rows;
  const out: Mat[] = [];
  for (let k = 0; k < K; k++) {
    const B = zeros(n, n);
    fits.forEach((f, c) => {
      const g = f.u * f.b ** k;
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) B.data[i * n + j] += g * dirs.data[i * n + c] * dirs.data[j * n + c];
    });
    out.push(B);
  }
  return out;
}

export function trainSensory(spec: SensoryRunSpec): SensoryRunResult {
  const rng = makeRng(spec.seed);
  const data = multisensoryDataset(spec.P, spec.T, spec.target, rng, spec.task);
  const w0 = unalignedInit({ Nx: data.Nx, Nh: spec.Nh, Ny: data.Ny }, spec.initScale, rng);
  const tail = spec.steps >= 2 ? [spec.steps - 2, spec.steps - 1, spec.steps] : [];
  const res = trainUnaligned(w0, data, {
    eta: spec.eta,
    steps: spec.steps,
    recordAt: spec.recordAt,
    keepWeightsAt: tail,
    divergenceBound: spec.divergenceBound,
    onProgress: reportPointProgress,
  });
  const recs = res.records;

  const stats = inputStatistics(spec.task);
  const w = targetWeights(spec.target, spec.T);
  const fits = stats.mu.map((mu) => bestModeFit(w, mu, stats.noiseVar));
  const maxT = Math.max(1, ...spec.tPrimes);
  const B = theoryMaps(stats.directions, fits, maxT);

  const extrapolation = spec.tPrimes.map((Tp) => {
    const test = multisensoryDataset(spec.testP, Tp, spec.target, makeRng(`${spec.testSeed}/T'=${Tp}`), spec.task);
    // theory: ŷ = Σ_t B_{T'−t} x_t, on the same test inputs
    let e = 0,
      nrm = 0;
    const Yt = zeros(test.Ny, test.P);
    for (let t = 1; t <= Tp; t++) {
      const Bk = B[Tp - t],
        X = test.X[t - 1];
      for (let i = 0; i < test.Ny; i++) {
        for (let j = 0; j < test.Nx; j++) {
          const b = Bk.data[i * test.Nx + j];
          for (let p = 0; p < test.P; p++) Yt.data[i * test.P + p] += b * X.data[j * test.P + p];
        }
      }
    }
    for (let i = 0; i < Yt.data.length; i++) {
      e += (Yt.data[i] - test.Y.data[i]) ** 2;
      nrm += test.Y.data[i] ** 2;
    }
    return {
      T: Tp,
      error: res.diverged ? null : finiteOrNull(relativeError(res.w, test)),
      theory: finiteOrNull(e / nrm),
    };
  });

  let sharp: number | null = null;
  if (spec.sharpness && !res.diverged) sharp = finiteOrNull(sharpness(res.w, correlations(data)) / res.tau);
  const kept = new Map(res.kept.map((k) => [k.step, k.w]));
  const [a, b, c] = tail.map((s) => kept.get(s));
  const lastSteps = a && b && c ? { oneStep: weightDistance(c, b), twoStep: weightDistance(c, a) } : null;

  return {
    target: spec.target,
    t: recs.map((r) => r.t),
    loss: recs.map((r) => r.loss),
    svH: recs.map((r) => r.svH),
    svIO: recs.map((r) => r.svIO),
    hiddenGrad: recs.map((r) => r.hiddenGrad),
    hiddenVel: recs.map((r) => r.hiddenVel),
    hiddenGradPerT: recs.length ? recs[recs.length - 1].hiddenGradPerT : [],
    tau: res.tau,
    theory: fits.map((f, k) => ({ ...f, mu: stats.mu[k] })),
    extrapolation,
    sharpness: sharp,
    lastSteps,
    diverged: res.diverged,
  };
}

/** About `count` record steps spread evenly in log(step) over [1, steps], plus step 0; whole, distinct, ascending. */
export function logSteps(steps: number, count: number): number[] {
  const out = new Set<number>([0]);
  if (steps >= 1) {
    for (let k = 0; k < count; k++) out.add(Math.round(Math.exp((Math.log(steps) * k) / Math.max(1, count - 1))));
    out.add(steps);
  }
  return [...out].filter((s) => s <= steps).sort((x, y) => x - y);
}

const BLUES = ['#08306b', '#2171b5', '#4292c6', '#9ecae1', '#c6dbef', '#deebf7'];
const ORANGES = ['#7f2704', '#d94801', '#f16913', '#fdae6b', '#fdd0a2', '#fee6ce'];
const SUB = ['₁', '₂', '₃', '₄', '₅', '₆', '₇', '₈', '₉'];
const sub = (i: number) => (i < SUB.length ? SUB[i] : `_${i + 1}`);

/** Singular values of W_h (blues) and W_yW_x (oranges) over training, as line series with their palette. */
export function singularValueSeries(x: SensoryRunResult, Nh: number): { series: LineSeries[]; palette: string[] } {
  const series: LineSeries[] = [];
  const palette: string[] = [];
  for (let i = 0; i < Math.min(Nh, BLUES.length); i++) {
    series.push({ name: `σ${sub(i)}(W_h)`, x: x.t, y: x.svH.map((s) => s[i]) });
    palette.push(BLUES[i]);
  }
  for (let i = 0; i < Math.min(4, ORANGES.length); i++) {
    series.push({ name: `σ${sub(i)}(W_yW_x)`, x: x.t, y: x.svIO.map((s) => s[i]) });
    palette.push(ORANGES[i]);
  }
  return { series, palette };
}
