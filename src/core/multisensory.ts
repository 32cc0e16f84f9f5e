/**
 * The multisensory integration task of §3.6 and App. L / P.4.3: Neurogym's MultiSensoryIntegration
 * (Molano-Mazón et al., 2022) with the fixation input removed, re-implemented from its description.
 *
 * One trial: a ground-truth choice θ_choice drawn uniformly from a ring of `dimRing` directions
 * θ_k = 2πk/dimRing (dimRing = 2: θ ∈ {0, π}), a coherence coh drawn uniformly from `cohs` ({5, 15, 50})
 * and a modality proportion p ~ U(0, 1). During the stimulus period the 2·dimRing inputs are
 *   modality 1, ring unit k:  cos(θ_k − θ_choice)·coh·p/200     + 0.5 + ξ
 *   modality 2, ring unit k:  cos(θ_k − θ_choice)·coh·(1 − p)/200 + 0.5 + ξ
 * with ξ ~ N(0, σ_step²) drawn independently for every input, time step and trial, and Neurogym's scaling
 * of the noise with the time step: σ_step = sigma/√dt (dt in ms; default sigma = 1, dt = 100 ms →
 * σ_step = 0.1). Neurogym rounds a period's duration down to a whole number of steps, so the stimulus
 * lasts T = ⌊stimulus/dt⌋ steps (default 750 ms → T = 7). Only the stimulus period is used (the fixation
 * period carries no stimulus and the decision period is zero, so neither changes an integral of the
 * inputs); any T can be asked for, so that networks trained on one length can be run on another.
 *
 * Inputs are used raw (not whitened, App. P.4.3). Targets integrate each input dimension over the
 * trajectory: y_T = Σ_t w_t x_t with w_t = 1/T (mean), 1 (sum), 0.1·t (late importance, App. L) or 1/t
 * (early importance, App. L).
 */
import { type Mat, symEig, zeros } from './linalg.js';
import type { Dataset } from './data.js';
import type { Rng } from './rng.js';

export interface MultiSensoryOptions {
  /** time step in ms (Neurogym default 100) */
  dt: number;
  /** stimulus period in ms (Neurogym default 750); sets the default trajectory length T = ⌊stimulus/dt⌋ */
  stimulus: number;
  /** base noise level; per-step standard deviation sigma/√dt (Neurogym default 1) */
  sigma: number;
  /** coherences, drawn uniformly per trial (Neurogym: 5, 15, 50) */
  cohs: readonly number[];
  /** ring units per modality (Neurogym default 2); N_x = 2·dimRing */
  dimRing: number;
}

export const MULTISENSORY_DEFAULTS: Readonly<MultiSensoryOptions> = Object.freeze({
  dt: 100,
  stimulus: 750,
  sigma: 1,
  cohs: Object.freeze([5, 15, 50]),
  dimRing: 2,
});

/** One trial's latent variables. */
export interface Trial {
  /** index k of the correct ring direction θ_k */
  choice: number;
  coh: number;
  /** modality proportion p ∈ [0, 1) */
  p: number;
}

export type IntegrationTarget = 'mean' | 'sum' | 'late' | 'early';
export const INTEGRATION_TARGETS: readonly IntegrationTarget[] = ['mean', 'sum', 'late', 'early'];

function resolve(o: Partial<MultiSensoryOptions> = {}): MultiSensoryOptions {
  const r = { ...MULTISENSORY_DEFAULTS, ...o };
  if (!(r.dt > 0)) throw new RangeError(`multisensory: dt must be > 0 ms, got ${r.dt}`);
  if (!(r.stimulus >= 0)) throw new RangeError(`multisensory: stimulus must be ≥ 0 ms, got ${r.stimulus}`);
  if (!(r.sigma >= 0)) throw new RangeError(`multisensory: sigma must be ≥ 0, got ${r.sigma}`);
  if (!Number.isInteger(r.dimRing) || r.dimRing < 1)
    throw new RangeError(`multisensory: dimRing must be a whole number ≥ 1, got ${r.dimRing}`);
  if (r.cohs.length === 0) throw new RangeError('multisensory: at least one coherence is needed');
  return r;
}

/** N_x = 2·dimRing (two modalities, fixation removed). */
export function inputDim(o: Partial<MultiSensoryOptions> = {}): number {
  return 2 * resolve(o).dimRing;
}

/** T = ⌊stimulus/dt⌋: Neurogym's rounding of a period to whole time steps. */
export function stimulusSteps(o: Partial<MultiSensoryOptions> = {}): number {
  const r = resolve(o);
  return Math.floor(r.stimulus / r.dt + 1e-9);
}

/** Per-step noise standard deviation sigma/√dt (Neurogym's scaling with the time step). */
export function noiseSd(o: Partial<MultiSensoryOptions> = {}): number {
  const r = resolve(o);
  return r.sigma / Math.sqrt(r.dt);
}

/** The noiseless stimulus of a trial (length 2·dimRing): modality 1 ring, then modality 2 ring. */
export function stimulusMean(trial: Trial, o: Partial<MultiSensoryOptions> = {}): Float64Array {
  const { dimRing } = resolve(o);
  const out = new Float64Array(2 * dimRing);
  const thetaChoice = (2 * Math.PI * trial.choice) / dimRing;
  for (let k = 0; k < dimRing; k++) {
    const c = Math.cos((2 * Math.PI * k) / dimRing - thetaChoice);
    out[k] = (c * (trial.coh * trial.p)) / 200 + 0.5;
    out[dimRing + k] = (c * (trial.coh * (1 - trial.p))) / 200 + 0.5;
  }
  return out;
}

/** P trials; draws, per trial: the choice, the coherence, the modality proportion (3 uniforms). */
export function sampleTrials(P: number, rng: Rng, o: Partial<MultiSensoryOptions> = {}): Trial[] {
  const r = resolve(o);
  if (!Number.isInteger(P) || P < 1) throw new RangeError(`multisensory: P must be a whole number ≥ 1, got ${P}`);
  const pick = (n: number) => Math.min(n - 1, Math.floor(rng.uniform() * n));
  const trials: Trial[] = [];
  for (let i = 0; i < P; i++) {
    const choice = pick(r.dimRing);
    const coh = r.cohs[pick(r.cohs.length)];
    const p = rng.uniform();
    trials.push({ choice, coh, p });
  }
  return trials;
}

/**
 * Inputs of the trials over T steps: X[t−1] is N_x×P with column p = x_{p,t}. Noise is drawn trial by
 * trial, step by step, input by input.
 */
export function trialInputs(trials: readonly Trial[], T: number, rng: Rng, o: Partial<MultiSensoryOptions> = {}): Mat[] {
  const r = resolve(o);
  if (!Number.isInteger(T) || T < 1) throw new RangeError(`multisensory: T must be a whole number ≥ 1, got ${T}`);
  const Nx = 2 * r.dimRing;
  const P = trials.length;
  const sd = noiseSd(r);
  const X = Array.from({ length: T }, () => zeros(Nx, P));
  for (let p = 0; p < P; p++) {
    const m = stimulusMean(trials[p], r);
    for (let t = 0; t < T; t++) {
      const x = X[t].data;
      for (let i = 0; i < Nx; i++) x[i * P + p] = m[i] + sd * rng.normal();
    }
  }
  return X;
}

/** Integration weights w_1..w_T of a target: mean 1/T, sum 1, late 0.1·t, early 1/t (§3.6, App. L). */
export function targetWeights(target: IntegrationTarget, T: number): Float64Array {
  if (!Number.isInteger(T) || T < 1) throw new RangeError(`targetWeights: T must be a whole number ≥ 1, got ${T}`);
  const w = new Float64Array(T);
  for (let t = 1; t <= T; t++) {
    switch (target) {
      case 'mean':
        w[t - 1] = 1 / T;
        break;
      case 'sum':
        w[t - 1] = 1;
        break;
      case 'late':
        w[t - 1] = 0.1 * t;
        break; // y_T = 0.1 Σ_t t·x_t (App. L)
      case 'early':
        w[t - 1] = 1 / t;
        break; // y_T = Σ_t x_t / t (App. L)
      default:
        throw new RangeError(`unknown integration target '${String(target)}'`);
    }
  }
  return w;
}

/** y_T = Σ_t w_t x_t, dimension by dimension (N_x×P). */
export function integrate(X: readonly Mat[], w: ArrayLike<number>): Mat {
  if (X.length !== w.length) throw new RangeError(`integrate: ${X.length} input steps but ${w.length} weights`);
  const Y = zeros(X[0].rows, X[0].cols);
  for (let t = 0; t < X.length; t++) {
    const x = X[t].data,
      wt = w[t];
    for (let i = 0; i < x.length; i++) Y.data[i] += wt * x[i];
  }
  return Y;
}

/**
 * A dataset of P trials of length T with an integration target (N_y = N_x). Random draws, in order:
 * the trials, then the noise.
 */
export function multisensoryDataset(
  P: number,
  T: number,
  target: IntegrationTarget,
  rng: Rng,
  o: Partial<MultiSensoryOptions> = {},
): Dataset & { trials: Trial[] } {
  const r = resolve(o);
  const trials = sampleTrials(P, rng, r);
  const X = trialInputs(trials, T, rng, r);
  const Y = integrate(X, targetWeights(target, T));
  const Nx = 2 * r.dimRing;
  return { T, P, Nx, Ny: Nx, X, Y, trials };
}

// ---------------------------------------------------------------------------------------------------
// Input statistics and the reduced (one mode per input direction) theory

export interface InputStatistics {
  /** E[m mᵀ] over trials (N_x×N_x), m = the noiseless stimulus of a trial (stimulusMean) */
  M: Mat;
  /** eigenvectors of M in the columns (N_x×N_x), eigenvalues descending */
  directions: Mat;
  /** μ_v = vᵀ M v, descending: the trial-to-trial second moment of the stimulus along direction v */
  mu: number[];
  /** σ_step²: the per-step noise variance, the same in every direction */
  noiseVar: number;
}

/**
 * Population statistics of the inputs: x_t = m + ξ_t, so E[x_t x_t'ᵀ] = M + σ_step² δ_tt' I. M is exact:
 * the average over choices and coherences (uniform) of the integral over p ∈ [0, 1] of m(p) m(p)ᵀ, with
 * m(p) = m_0 + p·m_1 linear in p (∫ m mᵀ dp = m_0m_0ᵀ + ½(m_0m_1ᵀ + m_1m_0ᵀ) + ⅓ m_1m_1ᵀ).
 * Because M + σ²δ I shares M's eigenvectors at every pair of times and every integration target is
 * isotropic (y = Σ_t w_t x_t), the population loss decouples along the eigenvectors v of M.
 */
export function inputStatistics(o: Partial<MultiSensoryOptions> = {}): InputStatistics {
  const r = resolve(o);
  const n = 2 * r.dimRing;
  const M = zeros(n, n);
  const count = r.dimRing * r.cohs.length;
  for (let choice = 0; choice < r.dimRing; choice++) {
    for (const coh of r.cohs) {
      const m0 = stimulusMean({ choice, coh, p: 0 }, r);
      const m1 = stimulusMean({ choice, coh, p: 1 }, r);
      for (let i = 0; i < n; i++) m1[i] -= m0[i];
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) {
          M.data[i * n + j] += (m0[i] * m0[j] + 0.5 * (m0[i] * m1[j] + m1[i] * m0[j]) + (m1[i] * m1[j]) / 3) / count;
        }
      }
    }
  }
  const { values, vectors } = symEig(M);
  const order = Array.from(values.keys()).reverse(); // descending
  const directions = zeros(n, n);
  order.forEach((src, c) => {
    for (let i = 0; i < n; i++) directions.data[i * n + c] = vectors.data[i * n + src];
  });
  return { M, directions, mu: order.map((k) => Math.max(0, values[k])), noiseVar: noiseSd(r) ** 2 };
}

export interface ModeFit {
  /** recurrent mode b* */
  b: number;
  /** input-output mode u* = (ac)* */
  u: number;
  /** per-sample loss ½[μ(Σ_t e_t)² + σ²Σ_t e_t²] at the optimum, e_t = u b^{T−t} − w_t */
  loss: number;
}

/**
 * The best single connectivity mode (b, u = ac) along one input direction with trial second moment μ
 * and noise variance σ²: a network mode contributes u·b^{T−t} to the weight of x_t (eq. 3 for an aligned
 * mode), so with e_t = u b^{T−t} − w_t the expected per-sample loss is
 *   ℓ(u, b) = ½ E[(Σ_t e_t (m_v + ξ_t))²] = ½[μ (Σ_t e_t)² + σ² Σ_t e_t²].
 * For fixed b it is quadratic in u; the minimum over b ∈ [−bMax, bMax] is found on a grid and refined by
 * golden-section search. For the mean and sum targets it is the zero-loss constant solution b = 1, u = w.
 */
export function bestModeFit(w: ArrayLike<number>, mu: number, noiseVar: number, bMax = 3, grid = 6001): ModeFit {
  const T = w.length;
  let W = 0;
  for (let t = 0; t < T; t++) W += w[t];
  const f = new Float64Array(T);
  const evalB = (b: number): ModeFit => {
    // f_t = b^{T−t}, t = 1..T
    let F = 0,
      fw = 0,
      ff = 0;
    for (let t = T; t >= 1; t--) {
      const v = t === T ? 1 : f[t] * b;
      f[t - 1] = v;
      F += v;
      fw += v * w[t - 1];
      ff += v * v;
    }
    const den = mu * F * F + noiseVar * ff;
    const u = den > 0 ? (mu * F * W + noiseVar * fw) / den : 0;
    let s = 0,
      se = 0;
    for (let t = 0; t < T; t++) {
      const e = u * f[t] - w[t];
      s += e;
      se += e * e;
    }
    return { b, u, loss: 0.5 * (mu * s * s + noiseVar * se) };
  };
  let best = evalB(-bMax);
  let iBest = 0;
  const h = (2 * bMax) / (grid - 1);
  for (let i = 1; i < grid; i++) {
    const c = evalB(-bMax + i * h);
    if (c.loss < best.loss) {
      best = c;
      iBest = i;
    }
  }
  // golden-section refinement on the bracketing grid interval
  let lo = -bMax + Math.max(0, iBest - 1) * h,
    hi = -bMax + Math.min(grid - 1, iBest + 1) * h;
  const g = (Math.sqrt(5) - 1) / 2;
  let x1 = hi - g * (hi - lo),
    x2 = lo + g * (hi - lo);
  let f1 = evalB(x1).loss,
    f2 = evalB(x2).loss;
  for (let k = 0; k < 200 && hi - lo > 1e-14; k++) {
    if (f1 < f2) {
      hi = x2;
      x2 = x1;
      f2 = f1;
      x1 = hi - g * (hi - lo);
      f1 = evalB(x1).loss;
    } else {
      lo = x1;
      x1 = x2;
      f1 = f2;
      x2 = lo + g * (hi - lo);
      f2 = evalB(x2).loss;
    }
  }
  const refined = evalB(0.5 * (lo + hi));
  return refined.loss <= best.loss ? refined : best;
}
