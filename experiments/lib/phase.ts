/**
 * Worker tasks of the `phase` group (fig4) and the two-pass sweep built on them: reduced-mode sweeps (eq. 5–7) whose points are stacked as the
 * dimensions of one vectorised simulation (src/core/sweep.ts), with the end-of-training diagnostics fig4
 * needs: the last three steps (a period-2 oscillation of gradient descent shows as x_n ≈ x_{n−2} ≠ x_{n−1})
 * and b at 80 % of training (drift over the last 20 %).
 */
import type { RunContext } from '../../src/context.js';
import { defineTask } from '../../src/core/task.js';
import { sweepModes, type ModePoint } from '../../src/core/sweep.js';
import { locateTransition, refinePoints } from '../../src/core/transition.js';

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

/** One curve of a sweep: its coarse grid xs and the mode point (key, task, initial modes) at each x. */
export interface SweepCurve {
  id: string;
  xs: number[];
  point: (x: number) => ModePoint;
}

/** The curves simulated as one vectorised task (same T, τ and steps), and extra points run with them. */
export interface SweepGroup {
  T: number;
  tau: number;
  steps: number;
  curves: SweepCurve[];
  extra?: ModePoint[];
}

/**
 * Gradient descent on the modes in two passes. Pass 1: every group's coarse grids (and extra points) as one
 * task per group. Pass 2: on every curve whose learned b has a transition (locateTransition, minJump), `zoom`
 * points inside its steepest interval (refinePoints), run as one task per group. Returns every point's
 * output by key and, per curve id, the points pass 2 added.
 */
export async function refinedSweeps(
  ctx: RunContext,
  groups: readonly SweepGroup[],
  learnedB: (r: PhasePointOutput) => number | null,
  opts: { zoom: number; minJump: number },
): Promise<{ results: Map<string, PhasePointOutput>; added: Map<string, number[]> }> {
  const inputs: PhaseSweepInput[] = groups.map((g) => ({
    T: g.T,
    tau: g.tau,
    steps: g.steps,
    points: [...g.curves.flatMap((c) => c.xs.map(c.point)), ...(g.extra ?? [])],
  }));
  ctx.progress('gradient descent on the modes');
  const results = new Map<string, PhasePointOutput>();
  for (const list of await ctx.map(PHASE_SWEEP_TASK, inputs, 'sweeps', { cost: phaseSweepCost }))
    for (const r of list) results.set(r.key, r);

  const added = new Map<string, number[]>();
  const zoomInputs: PhaseSweepInput[] = [];
  for (const g of groups) {
    const pts: ModePoint[] = [];
    for (const c of g.curves) {
      const tr = locateTransition(
        c.xs,
        c.xs.map((x) => learnedB(results.get(c.point(x).key)!)),
        { minJump: opts.minJump },
      );
      const add = tr && opts.zoom > 0 ? refinePoints(tr.steepest[0], tr.steepest[1], opts.zoom) : [];
      added.set(c.id, add);
      for (const x of add) pts.push(c.point(x));
    }
    if (pts.length > 0) zoomInputs.push({ T: g.T, tau: g.tau, steps: g.steps, points: pts });
  }
  ctx.progress('refining transitions');
  const out2 = zoomInputs.length ? await ctx.map(PHASE_SWEEP_TASK, zoomInputs, 'refinement', { cost: phaseSweepCost }) : [];
  for (const list of out2) for (const r of list) results.set(r.key, r);
  return { results, added };
}
