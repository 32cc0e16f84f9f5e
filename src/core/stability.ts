/**
 * Stability of the learned solutions (§3.3, App. F): which task dynamics put early time steps first, how
 * sharp the App. F.3 solution is for gradient descent with step 1/τ, where that sharpness crosses the
 * edge ρ = 2, and whether an extrapolation error grows away from the trained length. Pure: no I/O.
 */

import { scanRoots } from './search.js';
import { gdStabilityRatio } from './sweep.js';
import { type DynamicsKind, globalSolution, taskDynamics } from './tasks.js';

export type RunStatus = 'converged' | 'not converged' | 'diverged';

/** A training run's status: diverged; else converged when final / initial loss ≤ convTol; else not converged. */
export function runStatus(diverged: boolean, lossRatio: number | null, convTol: number): RunStatus {
  return diverged ? 'diverged' : lossRatio !== null && lossRatio <= convTol ? 'converged' : 'not converged';
}

/** The loss fell by more than ×10 over the second half of the record: slow learning rather than oscillation. */
export function stillFalling(loss: ArrayLike<number>): boolean {
  const last = loss.length - 1;
  return loss[last] < 0.1 * loss[Math.floor(last / 2)];
}

/**
 * The loss stopped changing, both from step to step (the last two records, 1e-12 relative: no 2-cycle of
 * gradient descent) and over the second half (records at steps/2 and at the end, 1e-9 relative). Needs the
 * record (…, steps/2, steps − 1, steps): at least 4 entries.
 */
export function lossSettled(L: ArrayLike<number>): boolean {
  const last = L.length - 1;
  return L.length >= 4 && Math.abs(L[last] - L[last - 1]) <= 1e-12 * L[last] && Math.abs(L[last] - L[last - 2]) <= 1e-9 * L[last];
}

/** Early importance: s_t > s_{t+1} for all t (true), late importance s_t < s_{t+1} (false), otherwise null. */
export function earlyImportance(s: ArrayLike<number>): boolean | null {
  let dec = true,
    inc = true;
  for (let t = 0; t + 1 < s.length; t++) {
    if (!(s[t] > s[t + 1])) dec = false;
    if (!(s[t] < s[t + 1])) inc = false;
  }
  return dec ? true : inc ? false : null;
}

/**
 * ρ = λ_max(∇²E)/τ at the App. F.3 solution with balanced modes a = c = √|ac| (sign on c; the balanced
 * initialisation stays balanced). Gradient descent with step 1/τ can settle there only if ρ < 2.
 */
export function rhoAtGlobalSolution(kind: DynamicsKind, delta: number, lambda: number, T: number, tau: number): number {
  const m = balancedGlobalModes(kind, delta, lambda, T);
  return gdStabilityRatio(m.a, m.b, m.c, taskDynamics(kind, delta, lambda, T), tau);
}

/** The App. F.3 solution as balanced modes: a = √|ac|, b, c = sign(ac)·a. */
export function balancedGlobalModes(kind: DynamicsKind, delta: number, lambda: number, T: number): { a: number; b: number; c: number } {
  const g = globalSolution(kind, delta, lambda, T);
  const a = Math.sqrt(Math.abs(g.ac));
  return { a, b: g.b, c: Math.sign(g.ac) * a };
}

/** The sweep values in [lo, hi] where ρ(x) crosses 2 (grid of n intervals + bisection): the edge of convergent GD. */
export function gdEdges(rho: (x: number) => number, lo: number, hi: number, n = 400): number[] {
  return scanRoots((x) => rho(x) - 2, lo, hi, n);
}

/**
 * Whether v grows with the distance |T′ − T| on each side of T: for every pair T′_j, T′_q on the same side
 * of T with |T′_q − T| > |T′_j − T|, v_q > v_j. Entries at T′ = T are compared with neither side.
 */
export function growsAwayFrom(Tp: readonly number[], v: readonly number[], T: number): boolean {
  for (let j = 0; j < Tp.length; j++) {
    const d = Math.abs(Tp[j] - T);
    for (let q = 0; q < Tp.length; q++) {
      if (Math.sign(Tp[q] - T) === Math.sign(Tp[j] - T) && Math.abs(Tp[q] - T) > d && !(v[q] > v[j])) return false;
    }
  }
  return true;
}
