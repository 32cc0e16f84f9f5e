/**
 * Worker tasks of the `phase` group (fig4): reduced-mode sweeps (eq. 5–7) whose points are stacked as the
 * dimensions of one vectorised simulation (src/core/sweep.ts), with the end-of-training diagnostics fig4
 * needs: the last three steps (a period-2 oscillation of gradient descent shows as x_n ≈ x_{n−2} ≠ x_{n−1})
 * and b at 80 % of training (drift over the last 20 %).
 */
import { defineTask } from '../../src/core/task.js';
import { sweepModes, type ModePoint } from '../../src/core/sweep.js';

export interface PhaseSweepInput {
  T: number;
  tau: number;
  steps: number;
  points: ModePoint[];
}

export interface PhasePointOutput {
  key: string;
  /** Modes at the last step. */
  a: number;
  b: number;
  c: number;
  /** Modes one and two steps earlier. */
  prev: { a: number; b: number; c: number };
  prev2: { a: number; b: number; c: number };
  /** b at 80 % of the steps. */
  b80: number;
  diverged: null | { step: number; reason: string };
}

export function phaseSweep(input: PhaseSweepInput): PhasePointOutput[] {
  const { T, tau, steps } = input;
  if (!Number.isInteger(steps) || steps < 3) throw new RangeError(`phaseSweep: need at least 3 steps, got ${steps}`);
  const at = [Math.floor(0.8 * steps), steps - 2, steps - 1, steps];
  const res = sweepModes(input.points, T, { tau, steps, recordAt: at });
  return res.map((r) => {
    const tr = r.trajectory!;
    const n = tr.t.length; // records sorted by step: [80 %,] last − 2, last − 1, last
    const at = (k: number) => ({ a: tr.a[n - 1 - k], b: tr.b[n - 1 - k], c: tr.c[n - 1 - k] });
    return { key: r.key, a: r.a, b: r.b, c: r.c, prev: at(1), prev2: at(2), b80: tr.b[0], diverged: r.diverged };
  });
}

export const PHASE_SWEEP_TASK = defineTask(import.meta.url, 'phaseSweep', phaseSweep);

/** The work of one sweep, up to a constant (each step updates T singular values per point), to order RunContext.map. */
export function phaseSweepCost(input: PhaseSweepInput): number {
  return input.steps * input.points.length * input.T;
}
