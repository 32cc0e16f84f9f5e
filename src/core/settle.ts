/**
 * Where gradient descent on the modes settles: a fixed point, or a period-2 oscillation at the edge of
 * stability (§3.3: GD with step 1/τ oscillates when the sharpness reaches 2τ). Read from the modes at the
 * last three steps, x_n, x_{n−1}, x_{n−2}. Pure: no I/O.
 */
import { gdStabilityRatio } from './sweep.js';

export interface ModeValues {
  a: number;
  b: number;
  c: number;
}

/**
 * A period-2 oscillation: x_n ≈ x_{n−2} while x_n ≠ x_{n−1}, i.e. d1 = max|x_n − x_{n−1}| > tol and
 * d1 > 10·d2 with d2 = max|x_n − x_{n−2}| (max over a, b, c). Returns the verdict and d1.
 */
export function twoCycle(x: ModeValues, prev: ModeValues, prev2: ModeValues, tol: number): { cycle: boolean; d1: number } {
  const d1 = Math.max(Math.abs(x.a - prev.a), Math.abs(x.b - prev.b), Math.abs(x.c - prev.c));
  const d2 = Math.max(Math.abs(x.a - prev2.a), Math.abs(x.b - prev2.b), Math.abs(x.c - prev2.c));
  return { cycle: d1 > tol && d1 > 10 * d2, d1 };
}

/** The settled b and u = ac: the last values, or the mean over the two points of a 2-cycle. */
export function settledModes(x: ModeValues, prev: ModeValues, cycle: boolean): { b: number; ac: number } {
  return cycle ? { b: 0.5 * (x.b + prev.b), ac: 0.5 * (x.a * x.c + prev.a * prev.c) } : { b: x.b, ac: x.a * x.c };
}

/** The modes at the end of a run on the modes: the last three steps, b at 80 % of the steps, divergence. */
export interface RunEnd extends ModeValues {
  prev: ModeValues;
  prev2: ModeValues;
  b80: number;
  diverged: null | { step: number; reason: string };
}

/** What a run on the modes ended in (fig4's per-point diagnostics). */
export interface EndState {
  /** Learned b and ac (the mean of the last two steps when gradient descent ends in a 2-cycle); null if diverged. */
  b: number | null;
  ac: number | null;
  /** max(|Δa|, |Δb|, |Δc|) between the last two steps. */
  oscillation: number;
  /** Gradient descent ends in a period-2 oscillation: oscillation > oscTol and > 10× the change over two steps. */
  cycle: boolean;
  /** ρ = λ_max(∇²E)/τ at the final modes (src/core/sweep.ts): gradient descent is stable near a minimum only for ρ < 2; NaN if diverged. */
  rho: number;
  /** |b(end) − b(80 % of training)|. */
  drift: number;
}

/** The end state of a run on task s with step 1/τ: settled modes, 2-cycle (tolerance oscTol), ρ and drift. */
export function endState(r: RunEnd, s: ArrayLike<number>, tau: number, oscTol: number): EndState {
  const cyc = twoCycle(r, r.prev, r.prev2, oscTol);
  const settled = settledModes(r, r.prev, cyc.cycle);
  return {
    b: r.diverged ? null : settled.b,
    ac: r.diverged ? null : settled.ac,
    oscillation: cyc.d1,
    cycle: cyc.cycle,
    rho: r.diverged ? NaN : gdStabilityRatio(r.a, r.b, r.c, s, tau),
    drift: Math.abs(r.b - r.b80),
  };
}
