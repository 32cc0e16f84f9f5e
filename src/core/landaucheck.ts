/**
 * Numerical checks of the algebra of App. H, independent of the formulas they check: eq. (102) against
 * eq. (97) minimised over u by brute force, the certified global minimum against a brute-force grid, and the
 * T = 3 Landau coefficients (eq. 106) by Richardson-extrapolated finite differences. Pure: no I/O.
 */
import {
  effectiveEnergy,
  effectiveEnergyDirac,
  landauCoefficientsT3,
  landauEnergy,
  landauTask,
  minimiseProfile,
  minimiserT3,
  optimalU,
} from './landau.js';
import { gridMin, gridThenGolden, richardson } from './search.js';

/** Brute-force minimum over u ∈ [−20, 20] of eq. (97): dense grid then golden section (independent of eq. 101–102). */
export function bruteOverU(s: ArrayLike<number>, b: number): number {
  return gridThenGolden((u) => landauEnergy(s, u, b), -20, 20, 4000, 100);
}

/**
 * max over b of |E*(b) − min_u E(u, b)| (eq. 102 vs eq. 97 by brute force) and |E*_Dirac(b) − E*(b)| (eq. 102
 * as printed for the Dirac task vs its general form), for the task of eq. (96) at (β, T).
 */
export function eq102Gap(beta: number, T: number, bs: readonly number[]): number {
  const s = landauTask(beta, T);
  let gap = 0;
  for (const b of bs) {
    const eStar = effectiveEnergy(s, b);
    gap = Math.max(gap, Math.abs(eStar - bruteOverU(s, b)), Math.abs(effectiveEnergyDirac(beta, T, b) - eStar));
  }
  return gap;
}

/**
 * The branch-and-bound minimum over b ∈ [−bMax, bMax] minus a brute-force one (a 20000-interval grid over b
 * of E*, and the brute force over u at its best b): > 0 would mean branch and bound missed a lower point.
 */
export function globalMinGap(beta: number, T: number, bMax: number): number {
  const s = landauTask(beta, T);
  const g = gridMin((b) => effectiveEnergy(s, b), -bMax, bMax, 20000);
  const brute = Math.min(g.f, bruteOverU(s, g.x));
  return minimiseProfile(s, [-bMax, bMax]).E - brute;
}

/**
 * The T = 3 Landau coefficients of E*(b) − β² ≈ A b² + C b⁴ (eq. 106) by finite differences in b:
 * A = Richardson of f(h)/h² (h = 2e-3), C = Richardson of (f(h) − A₀h²)/h⁴ (h = 2e-2) with A₀ = 1/β² − 2.
 */
export function landauFitT3(beta: number): { A: number; C: number } {
  const s = landauTask(beta, 3);
  const f = (b: number) => effectiveEnergy(s, b) - beta * beta;
  const h = 2e-3;
  const A = richardson(f(h) / (h * h), f(2 * h) / (4 * h * h)); // f ≈ A b² + O(b⁴)
  const k = landauCoefficientsT3(beta);
  const h2 = 2e-2;
  const q1 = (f(h2) - k.A * h2 * h2) / h2 ** 4;
  const q2 = (f(2 * h2) - k.A * 4 * h2 * h2) / (16 * h2 ** 4);
  return { A, C: richardson(q1, q2) };
}

/**
 * max |‖b*(β)‖ − √((2β² − 1)/(2 − β²))| over the β of a T = 3 curve of global minimisers b*, where the closed
 * form (App. H.1) is finite and inside the searched range |b| ≤ bMax (below 0.999·bMax).
 */
export function t3MinimiserGap(betas: readonly number[], b: readonly number[], bMax: number): number {
  let gap = 0;
  betas.forEach((beta, i) => {
    const want = minimiserT3(beta);
    if (Number.isFinite(want) && want < bMax * 0.999) gap = Math.max(gap, Math.abs(Math.abs(b[i]) - want));
  });
  return gap;
}

/** |u*(b = 0)·β − 1| for the task of eq. (96): the trivial solution has u = 1/β (eq. 101 at b = 0). */
export function trivialUGapAt(beta: number, T: number): number {
  return Math.abs(optimalU(landauTask(beta, T), 0) * beta - 1);
}
