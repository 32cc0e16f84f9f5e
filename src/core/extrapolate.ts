/**
 * Extrapolation to other trajectory lengths (§3.3, App. F.1).
 *
 * A network trained on trajectories of length T is run on trajectories of length T′. In one SV dimension
 * with modes (a, b, c), input t of a length-T′ trajectory reaches the output through c b^{T′−t} a (eq. 3
 * in the aligned frame), so the network's effective singular values at length T′ are
 *   ŝ_t(T′) = c b^{T′−t} a,  t = 1..T′,
 * and the target is the task dynamics re-generated at length T′ (constant: δ; inverse-exponential:
 * δλ^{T′−t}; exponential: δλ^t). With whitened inputs the summed squared error over trajectories is
 *   err(T′) = Σ_{t=1}^{T′} (s_t(T′) − c b^{T′−t} a)²,
 * twice the energy of eq. (8) at T′ (τ = 1). `networkExtrapolationError` measures the same quantity on a
 * full network run on fresh data, through the network itself (outputAt), not through its modes.
 */
import type { Mat } from './linalg.js';
import { whitenedInputs, svdTarget } from './data.js';
import { outputAt, type Weights } from './lrnn.js';
import { taskDynamics, type DynamicsKind } from './tasks.js';
import type { Rng } from './rng.js';
import { modeResidual } from './energy.js';

/** ŝ_t(T′) = c b^{T′−t} a for t = 1..T′ (index t − 1). */
export function modeOutput(a: number, b: number, c: number, Tp: number): Float64Array {
  if (!Number.isInteger(Tp) || Tp < 1) throw new RangeError(`modeOutput: T′ must be an integer ≥ 1, got ${Tp}`);
  const out = new Float64Array(Tp);
  let p = a * c; // c b^k a, k = T′ − t
  for (let k = 0; k < Tp; k++) {
    out[Tp - 1 - k] = p;
    p *= b;
  }
  return out;
}

/** err = Σ_t (s_t − c b^{T′−t} a)² with T′ = s.length (eq. 8 at T′, times 2τ). */
export function extrapolationError(a: number, b: number, c: number, s: ArrayLike<number>): number {
  return modeResidual(s, a * c, b);
}

export interface ExtrapolationPoint {
  /** trajectory length T′ */
  Tp: number;
  /** Σ_t (s_t(T′) − c b^{T′−t} a)² */
  error: number;
  /** Σ_t s_t(T′)²: the error of a network that outputs 0 */
  targetEnergy: number;
  /** error / targetEnergy */
  relError: number;
}

/** The error of modes (a, b, c) at each length T′ against the task dynamics re-generated at T′. */
export function extrapolationCurve(
  m: { a: number; b: number; c: number },
  kind: DynamicsKind,
  delta: number,
  lambda: number,
  lengths: readonly number[],
): ExtrapolationPoint[] {
  return lengths.map((Tp) => {
    const s = taskDynamics(kind, delta, lambda, Tp);
    const error = extrapolationError(m.a, m.b, m.c, s);
    let targetEnergy = 0;
    for (const v of s) targetEnergy += v * v;
    return { Tp, error, targetEnergy, relError: error / targetEnergy };
  });
}

/**
 * A trained network run on P fresh whitened trajectories of length T′ (P ≥ N_x·T′ + 1). The targets are
 * y = Σ_t U_y S_t V_xᵀ x_t (eq. 203) with the task's own singular vectors U_y, V_x and the singular values
 * s (D×T′ row-major, s[α·T′ + t − 1]); the output is ŷ = outputAt(w, X) (eq. 1–2). Returns
 * Σ_p ||y_p − ŷ_p||² and Σ_p ||y_p||². With whitened inputs these equal Σ_α err_α(T′) and Σ_α Σ_t s_{α,t}².
 */
export function networkExtrapolationError(
  w: Weights,
  Uy: Mat,
  Vx: Mat,
  s: Float64Array,
  D: number,
  Tp: number,
  P: number,
  rng: Rng,
): { error: number; targetEnergy: number } {
  const Nx = Vx.rows,
    Ny = Uy.rows;
  if (s.length !== D * Tp) throw new RangeError(`networkExtrapolationError: s has ${s.length} entries, expected D·T′ = ${D * Tp}`);
  if (D > Math.min(Nx, Ny)) throw new RangeError(`networkExtrapolationError: D = ${D} > min(N_x, N_y)`);
  const X = whitenedInputs(Nx, Tp, P, rng);
  const Y = svdTarget(Uy, Vx, s, D, Tp, X);
  const Yhat = outputAt(w, X, Tp);
  let error = 0,
    targetEnergy = 0;
  for (let i = 0; i < Y.data.length; i++) {
    error += (Y.data[i] - Yhat.data[i]) ** 2;
    targetEnergy += Y.data[i] ** 2;
  }
  return { error, targetEnergy };
}

/**
 * A network trained at T (one SV dimension, modes m) run at every T′ of `lengths` on P′ = max(P, N·T′ + 1)
 * fresh whitened trajectories, rngAt(T′) drawing each data set: its error and relative error at each T′,
 * the error its modes predict, and max_T′ |error_network − error_modes| / Σ_t s_t(T′)².
 */
export function networkExtrapolationCurve(
  net: { w: Weights; Uy: Mat; Vx: Mat },
  m: { a: number; b: number; c: number },
  kind: DynamicsKind,
  delta: number,
  lambda: number,
  lengths: readonly number[],
  P: number,
  N: number,
  rngAt: (Tp: number) => Rng,
): { error: number[]; relError: number[]; modes: number[]; networkVsModes: number } {
  const curve = extrapolationCurve(m, kind, delta, lambda, lengths);
  const nw = lengths.map((Tp) =>
    networkExtrapolationError(net.w, net.Uy, net.Vx, taskDynamics(kind, delta, lambda, Tp), 1, Tp, Math.max(P, N * Tp + 1), rngAt(Tp)),
  );
  let networkVsModes = 0;
  nw.forEach((q, j) => {
    networkVsModes = Math.max(networkVsModes, Math.abs(q.error - curve[j].error) / curve[j].targetEnergy);
  });
  return {
    error: nw.map((q) => q.error),
    relError: nw.map((q, j) => q.error / curve[j].targetEnergy),
    modes: curve.map((q) => q.error),
    networkVsModes,
  };
}
