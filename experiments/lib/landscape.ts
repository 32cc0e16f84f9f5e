/**
 * Checks on an energy landscape sampled on a (b, ac) grid (figA2, and its T-output analogue figM3):
 * the regularisation term is the same for every task and grows away from 0 along every grid line.
 * Grids are row-major: value k = j·nb + i at (b = bs[i], ac = acs[j]).
 * Also the parameters, rules and row type the two figures share.
 */
import type { ParamRule, SnapshotNumbers } from '../../src/figure.js';
import { round, snapValues } from '../../src/kit.js';
import { heatmap, type LayerPanel } from '../../src/render/spec.js';

/** The (b, ac) grid and Dirac-like task of figA2 and figM3. */
export interface LandscapeParams {
  T: number;
  s1s: number[];
  sT: number;
  bMin: number;
  bMax: number;
  bPoints: number;
  acMin: number;
  acMax: number;
  acPoints: number;
  tau: number;
}

/** Paper-scale defaults (App. G gives the task, not T or the ranges: see figA2's notes). */
export const LANDSCAPE_PAPER: LandscapeParams = {
  T: 5,
  s1s: [0.5, 1.5, 2.5],
  sT: 1,
  bMin: -1.5,
  bMax: 1.5,
  bPoints: 49,
  acMin: -1,
  acMax: 2,
  acPoints: 49,
  tau: 1,
};

/** The rules of the grid's ends and sizes, bMin … acPoints. */
export const GRID_RULES: Record<'bMin' | 'bMax' | 'bPoints' | 'acMin' | 'acMax' | 'acPoints', ParamRule> = {
  bMin: { min: -5, max: 5, help: 'lower end of the b axis' },
  bMax: { min: -5, max: 5, help: 'upper end of the b axis' },
  bPoints: { min: 3, max: 201, integer: true, cost: 1, help: 'grid points along b' },
  acMin: { min: -10, max: 10, help: 'lower end of the ac axis' },
  acMax: { min: -10, max: 10, help: 'upper end of the ac axis' },
  acPoints: { min: 3, max: 201, integer: true, cost: 1, help: 'grid points along ac' },
};

/** Both axes must run upwards. */
export function validateGrid(p: LandscapeParams): string | null {
  if (!(p.bMin < p.bMax)) return `bMin (${p.bMin}) must be below bMax (${p.bMax})`;
  if (!(p.acMin < p.acMax)) return `acMin (${p.acMin}) must be below acMax (${p.acMax})`;
  return null;
}

export const TERMS = ['data', 'reg', 'total'] as const;
export type Term = (typeof TERMS)[number];

/** One task (one row of panels): the three terms on the grid and the two minima of the energy. */
export interface LandscapeRow {
  s1: number;
  /** Row-major over (ac index, b index), as energyLandscape. */
  data: number[];
  reg: number[];
  total: number[];
  /** Grid argmin of the total. */
  gridMin: { b: number; ac: number; E: number };
  /** Certified global minimum of the energy over b ∈ [bMin, bMax] with ac at its optimum. */
  globalMin: { b: number; ac: number; E: number; atBound: boolean };
}

/** [min, max] of each term over every row: the colour domains shared down each column. */
export function termDomains(rows: readonly LandscapeRow[]): Record<Term, [number, number]> {
  const domain = (term: Term): [number, number] => {
    const all = rows.flatMap((x) => x[term]);
    return [Math.min(...all), Math.max(...all)];
  };
  return Object.fromEntries(TERMS.map((t) => [t, domain(t)])) as Record<Term, [number, number]>;
}

/**
 * The heatmap of one term of one row on the (b, ac) grid: data on a diverging symlog scale symmetric about
 * 0, reg on symlog, the total on a log scale, each over the domain given for the term (shared by the rows).
 */
export function termHeatmap(
  row: LandscapeRow,
  term: Term,
  bs: readonly number[],
  acs: readonly number[],
  domains: Record<Term, [number, number]>,
  title: string,
): LayerPanel {
  const nb = bs.length;
  const m = Math.max(-domains.data[0], domains.data[1]);
  return heatmap({
    title: `s_1 = ${row.s1}: ${title}`,
    x: { title: 'b', format: '.1f' },
    y: { title: 'ac', format: '.1f' },
    cells: row[term].map((value, k) => ({ x: bs[k % nb], y: acs[Math.floor(k / nb)], value })),
    color:
      term === 'data'
        ? { title: 'data', scheme: 'redblue', scale: 'symlog', domain: [-m, m], mid: 0, reverse: true, format: '.2~f' }
        : term === 'reg'
          ? { title: 'reg', scheme: 'viridis', scale: 'symlog', domain: domains.reg, format: '.2~f' }
          : { title: 'E', scheme: 'viridis', scale: 'log', domain: domains.total, format: '.2~f' },
    width: 190,
    height: 150,
  });
}

/** A white × on the grid minimum of the row (ordinal axes of a heatmap), as the top layer. */
export function markGridMin(spec: LayerPanel, row: LandscapeRow): void {
  (spec.layer as unknown[]).push({
    data: { values: [{ x: row.gridMin.b, y: row.gridMin.ac }] },
    mark: { type: 'point', shape: 'M-1,-1L1,1M1,-1L-1,1', size: 90, strokeWidth: 2.5, color: 'white', filled: false },
    encoding: { x: { field: 'x', type: 'ordinal' }, y: { field: 'y', type: 'ordinal' } },
  });
}

/** Largest spread (max − min) across tasks of the regularisation term at one grid cell. */
export function regSpread(regs: ReadonlyArray<readonly number[]>): number {
  let spread = 0;
  for (let k = 0; k < regs[0].length; k++) {
    const v = regs.map((r) => r[k]);
    spread = Math.max(spread, Math.max(...v) - Math.min(...v));
  }
  return spread;
}

/** Pairs (inner, outer) of neighbouring indices of a sorted axis, moving away from 0. */
function outward(xs: readonly number[]): Array<[number, number]> {
  const pairs: Array<[number, number]> = [];
  for (let i = 0; i + 1 < xs.length; i++) {
    if (xs[i] >= 0) pairs.push([i, i + 1]);
    else if (xs[i + 1] <= 0) pairs.push([i + 1, i]);
  }
  return pairs;
}

/**
 * Grid steps where reg decreases moving away from 0: in |ac| at fixed b, and in |b| at fixed ac ≠ 0
 * (reg is 0 on the whole ac = 0 line). A decrease smaller than tol is round-off.
 */
export function regMonotoneViolations(reg: readonly number[], bs: readonly number[], acs: readonly number[], tol = 1e-12): number {
  const nb = bs.length;
  let violations = 0;
  for (let i = 0; i < nb; i++) {
    for (const [a, b] of outward(acs)) if (reg[b * nb + i] < reg[a * nb + i] - tol) violations++;
  }
  acs.forEach((ac, j) => {
    if (ac === 0) return;
    for (const [a, b] of outward(bs)) if (reg[j * nb + b] < reg[j * nb + a] - tol) violations++;
  });
  return violations;
}

/** Snapshot: data and reg at the corners and centre lines of the grid, and the global minimum, per row. */
export function landscapeSnapshot(series: { bs: number[]; acs: number[]; rows: LandscapeRow[] }): SnapshotNumbers {
  const values: Record<string, number> = {};
  const { bs, acs, rows } = series;
  const nb = bs.length;
  const probes = [0, Math.floor(nb / 2), nb - 1];
  const jProbes = [0, Math.floor(acs.length / 2), acs.length - 1];
  for (const row of rows) {
    for (const j of jProbes) {
      for (const i of probes) {
        const k = j * nb + i;
        values[`s1=${row.s1}.data@b=${round(bs[i], 4)},ac=${round(acs[j], 4)}`] = row.data[k];
        values[`s1=${row.s1}.reg@b=${round(bs[i], 4)},ac=${round(acs[j], 4)}`] = row.reg[k];
      }
    }
    values[`s1=${row.s1}.globalMin.b`] = row.globalMin.b;
    values[`s1=${row.s1}.globalMin.ac`] = row.globalMin.ac;
    values[`s1=${row.s1}.globalMin.E`] = row.globalMin.E;
  }
  return snapValues(values, { abs: 1e-9, rel: 1e-6 });
}
