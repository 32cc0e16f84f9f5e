/**
 * The grid experiment shared by the NTK figures (fig5, figA4–A7, §3.5, App. I–J): heatmaps of the kernel
 * distance (eq. 135) between the NTK over the training inputs at initialisation and at the end of
 * training, one trained network per cell and seed (src/core/ntk.ts ntkRun, in worker threads), and the
 * claims the T × init-scale figures share. The figure around it: ntk-figure.ts.
 */
import type { RunContext } from '../../src/context.js';
import type { Claim, ParamRule } from '../../src/figure.js';
import { NTK_TASK, type NtkRunResult, type NtkRunSpec } from '../../src/core/ntk.js';
import { claim, round, stepsFor } from '../../src/kit.js';

/** ntkRun (src/core/ntk.ts): one network trained, kernel distance between its NTK at init and at the end. */

export type Init = 'aligned' | 'unaligned';

/** Parameters every NTK figure has. */
export interface NtkCommon {
  /** N_x = N_y */
  N: number;
  /** task dimensions (SVD dimensions with s_t = δ, or D/2 conjugate pairs) */
  D: number;
  P: number;
  delta: number;
  eta: number;
  tEnd: number;
  stopFrac: number;
  settleTol: number;
  convFrac: number;
  seeds: number;
  divergenceBound: number;
}

export const COMMON_DEFAULTS = {
  N: 4,
  D: 4,
  P: 64,
  delta: 1,
  eta: 1,
  tEnd: 20,
  stopFrac: 1e-8,
  settleTol: 0,
  convFrac: 1e-4,
  seeds: 5,
  divergenceBound: 1e6,
} as const;

export const COMMON_RULES: Record<keyof NtkCommon, ParamRule> = {
  N: { min: 1, max: 64, integer: true, cost: 2, help: 'input and output width N_x = N_y' },
  D: { min: 1, max: 64, integer: true, help: 'task dimensions (≤ N)' },
  P: { min: 2, max: 100000, integer: true, cost: 1, help: 'trajectories; must be at least N·T + 1 for whitening' },
  delta: { min: 1e-3, max: 100, help: 'task scale δ (target modes ac = δ)' },
  eta: { min: 1e-6, max: 100, cost: -1, help: 'learning rate; τ = P·N_y/η' },
  tEnd: { min: 1e-3, max: 1e4, cost: 1, help: 'training time in t_θ/τ ("end of training")' },
  stopFrac: { min: 0, max: 1, help: 'stop a run early once its loss ≤ stopFrac·½Σ‖y‖² (0: never)' },
  settleTol: {
    min: 0,
    max: 1,
    help: 'also stop once the loss ≤ convFrac·½Σ‖y‖² and D moved ≤ settleTol over the last 0.25 t_θ/τ (0: never)',
  },
  convFrac: { min: 0, max: 1, help: 'a run counts as converged when its final loss ≤ convFrac·½Σ‖y‖²' },
  seeds: { min: 1, max: 100, integer: true, cost: 1, help: 'unaligned networks averaged per cell' },
  divergenceBound: { min: 1, max: 1e100, help: 'a run diverges when max|W| exceeds this or turns non-finite' },
};

/** The T × init-scale grid of Fig. 5 and A4 (σ_io = σ_rec = init scale), at paper and quick scale. */
export const GRID_DEFAULTS = { Ts: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], scales: [0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8] };
export const GRID_QUICK = { Ts: [1, 2, 4, 6, 8], scales: [0.05, 0.2, 0.4, 0.6, 0.8], seeds: 2 };

/** Rules of the grid parameters (and the hidden width) of the figures that have them. */
export const GRID_RULES: Record<'Ts' | 'scales' | 'Nh', ParamRule> = {
  Ts: { min: 1, max: 40, integer: true, minLength: 1, cost: 2, help: 'trajectory lengths T (x axis)' },
  scales: { min: 1e-4, max: 10, minLength: 1, cost: 0, help: 'init scales σ (y axis)' },
  Nh: { min: 1, max: 1000, integer: true, cost: 2, help: 'hidden width N_h (≥ D for aligned networks)' },
};

export const COMMON_NOTES = [
  "NTK: the finite-width NTK of App. I over the P training trajectories, K = J Jᵀ with J the Jacobian of all P·N_y outputs with respect to every entry of W_x, W_h and W_y; computed exactly in structured form (src/core/ntk.ts: inner products of inputs and hidden states weighted by W_y W_h^r, never forming J) and tested against an explicit per-output back-propagation Jacobian to 1e-10. The W_h term of the paper's eq. 133 assumes W_h commutes with ∂L/∂W_h (binomial expansion, eq. 114); the exact sum over hidden-state inner products is used instead.",
  'Kernel distance: eq. 135, D = 1 − ⟨K(0), K(end)⟩_F / (‖K(0)‖_F ‖K(end)‖_F), between the NTK at initialisation and at the end of training.',
  'Initialisation. Aligned (App. P.1.1): connectivity modes a(0) = c(0) = σ_io, b(0) = σ_rec in every task dimension (σ_io = σ_rec = init scale except in Fig. A7), one hidden rotation R (see src/core/align.ts). Unaligned (App. P.1.2): every entry N(0, σ²/N_in) with N_in the fan-in. Both have spectral radius ≈ init scale, as App. J describes.',
  'Training: full-batch gradient descent with the shared trainer (exact correlation-space gradient, τ = P·N_y/η, App. P.2) for t_θ/τ = tEnd = 20, stopped earlier once the loss falls below stopFrac·½Σ_p‖y_p‖² (the zero-network loss): the weights, hence the NTK, then barely move. Measured on the quick fig5 grid: stopping at stopFrac = 1e-8 changes no distance by more than 5e-5 against training to tEnd without stopping (1e-6: 7e-4). The paper gives neither the learning rate nor the training length: η = 1 (τ = 256 steps per unit of t_θ/τ at P = 64, N_y = 4) is below the gradient-descent stability limit η < 2·P·N_y/λ_max(K) at the aligned T = 10 solution (λ_max(K) ≈ 300, limit η ≈ 1.7); by t_θ/τ = 20 every cell that can converge has converged.',
  'Data: P = 64 whitened trajectories (App. P.4.1, P ≥ N·T + 1 up to T = 15), N_x = N_y = 4, the task spanning D = 4 dimensions. Each cell and seed is an independent network with its own data and initialisation, seeded from (figure seed, panel, cell, seed index).',
  'Unaligned cells are the mean over `seeds` networks; the spread (standard deviation, min, max) and every run are in the JSON (series.panels[].cells[].runs). A cell in which any seed diverged is drawn blank and listed in `diverged`. Runs that end without converging (final loss > convFrac = 1e-4 of the zero-network loss, e.g. square unaligned networks stuck at a saddle) are kept as data and listed in extra.unconverged.',
];

/** One cell of a panel: its coordinates on the heatmap and its network. */
export interface CellDef {
  x: number;
  y: number;
  T: number;
  sigmaIO: number;
  sigmaRec: number;
}

export interface PanelDef {
  id: string;
  title: string;
  init: Init;
  Nh: number;
  xTitle: string;
  yTitle: string;
  cells: CellDef[];
}

export interface CellRun {
  seed: number;
  distance: number | null;
  /** initial loss / zero-network loss ½Σ‖y‖² */
  initLossRatio: number;
  /** final loss / zero-network loss ½Σ‖y‖² */
  lossRatio: number | null;
  steps: number;
  diverged: null | { step: number; reason: string };
}

export interface CellResult extends CellDef {
  /** mean kernel distance over the seeds; null when any seed diverged */
  value: number | null;
  std: number | null;
  min: number | null;
  max: number | null;
  converged: boolean;
  runs: CellRun[];
}

export interface PanelResult extends Omit<PanelDef, 'cells'> {
  cells: CellResult[];
}

export interface GridData {
  panels: PanelResult[];
  diverged: Array<{ panel: string; T: number; sigmaIO: number; sigmaRec: number; seed: number; step: number; reason: string }>;
  unconverged: Array<{ panel: string; T: number; sigmaIO: number; sigmaRec: number; seed: number; lossRatio: number }>;
  runs: number;
  totalSteps: number;
}

export interface TaskOptions {
  task: NtkRunSpec['task'];
  lambdaR?: number;
  lambdaPhi?: number;
}

/** validate(): the largest T must fit the whitening, D ≤ N. */
export function validateCommon(p: Pick<NtkCommon, 'N' | 'D' | 'P'>, Ts: number[]): string | null {
  const Tmax = Math.max(...Ts);
  if (p.P < p.N * Tmax + 1) return `P=${p.P} is too small: whitening needs P ≥ N·T + 1 = ${p.N * Tmax + 1} for T = ${Tmax}`;
  if (p.D > p.N) return `D=${p.D} task dimensions do not fit N=${p.N}`;
  return null;
}

/** Rough cost of one run (gradient steps ∝ (T−1)·N_h², plus a constant), to start the heaviest runs first. */
function cost(spec: NtkRunSpec): number {
  return spec.steps * (Math.max(1, spec.T - 1) * spec.Nh * spec.Nh + 50 * spec.T * spec.T);
}

export const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;

/**
 * The layout of Fig. 5, A4 and A6: an aligned and an unaligned panel over the same (T, init scale) grid,
 * at hidden width Nh.
 */
export async function runAlignedUnalignedGrid(
  p: NtkCommon & { Ts: number[]; scales: number[] },
  Nh: number,
  task: TaskOptions,
  ctx: RunContext,
  alignedTitle = 'aligned',
): Promise<GridData> {
  const common = { Nh, xTitle: 'trajectory length T', yTitle: 'init scale σ', cells: tScaleCells(p.Ts, p.scales) };
  return runGrid(
    [
      { id: 'aligned', title: alignedTitle, init: 'aligned', ...common },
      { id: 'unaligned', title: `unaligned (mean of ${p.seeds})`, init: 'unaligned', ...common },
    ],
    p,
    task,
    ctx,
  );
}

/** Trains every cell of every panel (`seeds` networks per unaligned cell, one per aligned cell). */
export async function runGrid(panels: PanelDef[], p: NtkCommon, task: TaskOptions, ctx: RunContext): Promise<GridData> {
  const specs: NtkRunSpec[] = [];
  const where: Array<{ panel: number; cell: number; seed: number }> = [];
  panels.forEach((panel, i) => {
    const nSeeds = panel.init === 'aligned' ? 1 : p.seeds;
    panel.cells.forEach((c, j) => {
      for (let k = 0; k < nSeeds; k++) {
        specs.push({
          task: task.task,
          T: c.T,
          N: p.N,
          Nh: panel.Nh,
          D: p.D,
          P: p.P,
          delta: p.delta,
          ...(task.lambdaR !== undefined ? { lambdaR: task.lambdaR } : {}),
          ...(task.lambdaPhi !== undefined ? { lambdaPhi: task.lambdaPhi } : {}),
          init: panel.init,
          sigmaIO: c.sigmaIO,
          sigmaRec: c.sigmaRec,
          eta: p.eta,
          steps: stepsFor(p.tEnd, p.P, p.N, p.eta),
          seed: ctx.seedFor(`${panel.id}/T=${c.T}/io=${c.sigmaIO}/rec=${c.sigmaRec}/seed=${k}`),
          divergenceBound: p.divergenceBound,
          stopFrac: p.stopFrac,
          ...(p.settleTol > 0 ? { settleTol: p.settleTol, settleLoss: p.convFrac, settleEvery: 0.25 } : {}),
        });
        where.push({ panel: i, cell: j, seed: k });
      }
    });
  });
  ctx.progress('training networks');
  const results = await ctx.map(NTK_TASK, specs, 'training networks', { cost }); // heaviest first, results in spec order
  const out = emptyPanels(panels);
  const runs = collectRuns(
    out,
    where.map((w, i) => ({ ...w, r: results[i] })),
    p.convFrac,
    (panel, c, seed) => ({ panel: panel.id, T: c.T, sigmaIO: c.sigmaIO, sigmaRec: c.sigmaRec, seed }),
  );
  return { panels: out, diverged: runs.diverged, unconverged: runs.unconverged, runs: specs.length, totalSteps: runs.totalSteps };
}

/** Result panels with no runs yet. */
export function emptyPanels(panels: PanelDef[]): PanelResult[] {
  return panels.map((panel) => ({
    id: panel.id,
    title: panel.title,
    init: panel.init,
    Nh: panel.Nh,
    xTitle: panel.xTitle,
    yTitle: panel.yTitle,
    cells: panel.cells.map((c) => ({ ...c, value: null, std: null, min: null, max: null, converged: true, runs: [] as CellRun[] })),
  }));
}

/**
 * Files each run (in the order given) under its cell, lists the diverged and the unconverged runs (final
 * loss > convFrac of the zero-network loss) under the key `id` gives them, then summarises every cell:
 * mean, spread, min and max of its distances, the mean null when any seed diverged.
 */
export function collectRuns<K extends object>(
  out: PanelResult[],
  runs: Array<{ panel: number; cell: number; seed: number; r: NtkRunResult }>,
  convFrac: number,
  id: (panel: PanelResult, c: CellResult, seed: number) => K,
): { diverged: Array<K & { step: number; reason: string }>; unconverged: Array<K & { lossRatio: number }>; totalSteps: number } {
  const diverged: Array<K & { step: number; reason: string }> = [];
  const unconverged: Array<K & { lossRatio: number }> = [];
  let totalSteps = 0;
  for (const { panel, cell, seed, r } of runs) {
    const c = out[panel].cells[cell];
    const lossRatio = r.loss1 === null ? null : r.loss1 / r.lossZero;
    c.runs.push({ seed, distance: r.distance, initLossRatio: r.loss0 / r.lossZero, lossRatio, steps: r.steps, diverged: r.diverged });
    totalSteps += r.steps;
    if (r.diverged) diverged.push({ ...id(out[panel], c, seed), ...r.diverged });
    else if (lossRatio !== null && !(lossRatio <= convFrac)) {
      c.converged = false;
      unconverged.push({ ...id(out[panel], c, seed), lossRatio });
    }
  }
  for (const panel of out) {
    for (const c of panel.cells) {
      const ds = c.runs.flatMap((r) => (r.distance === null ? [] : [r.distance]));
      if (ds.length > 0) {
        const m = mean(ds);
        c.min = Math.min(...ds);
        c.max = Math.max(...ds);
        c.std = Math.sqrt(mean(ds.map((d) => (d - m) ** 2)));
        c.value = ds.length === c.runs.length ? m : null;
      }
    }
  }
  return { diverged, unconverged, totalSteps };
}

// ---------------------------------------------------------------------------------------------------
// Grids and lookups

/** Cells of a T × init-scale panel (σ_io = σ_rec = init scale). */
export function tScaleCells(Ts: number[], scales: number[]): CellDef[] {
  return scales.flatMap((s) => Ts.map((T) => ({ x: T, y: s, T, sigmaIO: s, sigmaRec: s })));
}

/** The value of the cell at (x, y), or undefined if absent. */
export function cellAt(panel: PanelResult, x: number, y: number): CellResult | undefined {
  return panel.cells.find((c) => c.x === x && c.y === y);
}

export function distinct(xs: number[]): number[] {
  return [...new Set(xs)].sort((a, b) => a - b);
}

/** Spearman rank correlation (average ranks for ties); NaN with fewer than 2 points or no spread. */
export function spearman(x: number[], y: number[]): number {
  const rank = (v: number[]) => {
    const idx = v.map((_, i) => i).sort((a, b) => v[a] - v[b]);
    const r = new Array<number>(v.length);
    for (let i = 0; i < idx.length; ) {
      let j = i;
      while (j + 1 < idx.length && v[idx[j + 1]] === v[idx[i]]) j++;
      for (let k = i; k <= j; k++) r[idx[k]] = (i + j) / 2;
      i = j + 1;
    }
    return r;
  };
  if (x.length < 2) return NaN;
  const rx = rank(x),
    ry = rank(y);
  const mx = mean(rx),
    my = mean(ry);
  let sxy = 0,
    sxx = 0,
    syy = 0;
  for (let i = 0; i < x.length; i++) {
    sxy += (rx[i] - mx) * (ry[i] - my);
    sxx += (rx[i] - mx) ** 2;
    syy += (ry[i] - my) ** 2;
  }
  return sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : NaN;
}

// ---------------------------------------------------------------------------------------------------
// Claims shared by the T × init-scale figures

/** Every run of the cell starts at a zero-loss solution (nothing to learn: the NTK cannot move). */
export function startsSolved(c: CellResult, convFrac: number): boolean {
  return c.runs.every((r) => r.initLossRatio <= convFrac);
}

/**
 * "Kernel distance is larger for T > 1 than for T = 1 across init scales": every T > 1 cell above the T = 1
 * cell of its init scale. Cells whose networks start at a zero-loss solution (aligned networks at init
 * scale exactly 1 on the constant task) have nothing to learn and are left out, and counted.
 */
export function recurrenceClaim(panels: PanelResult[], text: string, convFrac: number): Claim {
  const parts: string[] = [];
  let ok = true;
  let n = 0;
  for (const panel of panels) {
    let good = 0,
      total = 0,
      solved = 0;
    let worst = Infinity;
    for (const s of distinct(panel.cells.map((c) => c.y))) {
      const b = cellAt(panel, 1, s);
      if (!b || b.value === null) continue;
      for (const c of panel.cells) {
        if (c.y !== s || c.x <= 1 || c.value === null) continue;
        if (startsSolved(c, convFrac)) {
          solved++;
          continue;
        }
        total++;
        worst = Math.min(worst, c.value - b.value);
        if (c.value > b.value) good++;
      }
    }
    n += total;
    if (good !== total) ok = false;
    parts.push(
      `${panel.title}: ${good}/${total} cells with T > 1 above T = 1 (smallest margin ${total ? round(worst, 3) : 'n/a'})${solved ? `, ${solved} cells starting at the solution left out` : ''}`,
    );
  }
  return claim(
    'recurrence-moves-kernel',
    text,
    parts.join('; '),
    'for every init scale, D(T, σ) > D(T = 1, σ) for every T > 1 in the grid (non-diverged cells that have something to learn), in every panel',
    ok && n > 0,
  );
}

/** "It is larger at smaller init": the mean over T of D decreases with the init scale (Spearman ρ < 0, and smallest > largest). */
export function smallerInitClaim(panels: PanelResult[], text: string): Claim {
  const parts: string[] = [];
  let ok = true;
  for (const panel of panels) {
    const scales = distinct(panel.cells.map((c) => c.y));
    const Ts = distinct(panel.cells.map((c) => c.x));
    // only T columns complete over every init scale, so the row means compare like with like
    const full = Ts.filter((T) => scales.every((s) => cellAt(panel, T, s)?.value != null));
    const rowMean = scales.map((s) => mean(full.map((T) => cellAt(panel, T, s)!.value!)));
    const rho = spearman(scales, rowMean);
    const first = rowMean[0],
      last = rowMean[rowMean.length - 1];
    const pass = full.length > 0 && rho < 0 && first > last;
    if (!pass) ok = false;
    parts.push(
      `${panel.title}: mean D over T ∈ {${full.join(', ')}} ${round(first, 3)} at σ = ${scales[0]} vs ${round(last, 3)} at σ = ${scales[scales.length - 1]}, Spearman ρ(σ, D) = ${round(rho, 3)}`,
    );
  }
  return claim(
    'smaller-init-moves-more',
    text,
    parts.join('; '),
    'per panel: the mean over T of D is larger at the smallest than at the largest init scale, and its Spearman rank correlation with the init scale is negative',
    ok,
  );
}
