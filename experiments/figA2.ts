/**
 * Fig. A2 (App. G, Lemma 3.2, eq. 9): the energy landscape of one SV dimension over the connectivity modes
 * (b, ac) for the Dirac delta task with s_T = 1 and s_1 ∈ {0.5, 1.5, 2.5}: the data-driven term, the effective
 * regularisation term and their sum (the energy of eq. 8), as heatmaps (rows: s_1; columns: the three terms).
 */
import type { Figure, FigureResult } from '../src/figure.js';
import { diracDelta } from '../src/core/tasks.js';
import { energy } from '../src/core/modes.js';
import { energyLandscape, minimiseProfile, optimalU } from '../src/core/landau.js';
import { claim, linspace, round } from '../src/kit.js';
import {
  GRID_RULES,
  LANDSCAPE_PAPER,
  TERMS,
  landscapeSnapshot,
  markGridMin,
  regMonotoneViolations,
  regSpread,
  termDomains,
  termHeatmap,
  validateGrid,
  type LandscapeParams,
  type LandscapeRow,
  type Term,
} from './lib/landscape.js';
import { figureSpec, hconcat, vconcat, type ConcatSpec, type PanelSpec } from '../src/render/spec.js';

export type FigA2Params = LandscapeParams;

const paper: FigA2Params = LANDSCAPE_PAPER;

const TERM_TITLE: Record<Term, string> = {
  data: 'data-driven term',
  reg: 'effective regularisation',
  total: 'energy (sum, eq. 8)',
};

type Row = LandscapeRow;

export interface FigA2Result extends FigureResult {
  series: { bs: number[]; acs: number[]; rows: Row[] };
  extra: {
    /** max over grid cells of the spread of the regularisation term across the rows (tasks). */
    regSpread: number;
    /** Grid lines along which reg decreases as |ac| (fixed b) or |b| (fixed ac ≠ 0) grows. */
    regMonotoneViolations: number;
    /** max |data + reg − eq. (8)| over all cells and rows. */
    totalVsEq8: number;
    /** Grid steps b_i → b_{i+1} (b ≥ 0, every row) where the optimal |ac| (eq. 101) increases. */
    valleyIncreases: number;
  };
}

/** The cell stroke repeats the colour encoding: its scale must be resolved per panel like the colour's. */
function withIndependentStroke(spec: ConcatSpec): ConcatSpec {
  const resolve = spec.resolve ?? {};
  return { ...spec, resolve: { scale: { ...resolve.scale, stroke: 'independent' }, legend: { ...resolve.legend, stroke: 'independent' } } };
}

const figA2: Figure<FigA2Params, FigA2Result> = {
  id: 'figA2',
  group: 'phase',
  title: 'Energy landscape: data-driven term, effective regularisation, total',
  paper: 'Fig. A2, App. G',
  caption: 'Effective regularization term is constant across task dynamics and incentivizes small weights.',
  params: { paper, quick: { ...paper, bPoints: 31, acPoints: 31 } },
  rules: {
    T: { min: 2, max: 30, integer: true, cost: 1, help: 'trajectory length T' },
    s1s: { min: -10, max: 10, minLength: 1, cost: 0, help: 'first singular value s_1 of each row of panels (Dirac task)' },
    sT: { min: -10, max: 10, help: 'last singular value s_T' },
    ...GRID_RULES,
    tau: { min: 1e-6, max: 1e6, help: 'τ of eq. (9) (scales every term by 1/τ)' },
  },
  notes: [
    'App. G gives the task (Dirac delta, s_T = 1, s_1 ∈ {0.5, 1.5, 2.5}) but not T or the plotted ranges. Chosen: T = 5, b ∈ [−1.5, 1.5], ac ∈ [−1, 2] on grids that contain b = 0, ac = 0 and ac = s_T = 1 (the feedforward solution b = 0, ac = 1 and the small-weight region where the terms are comparable; beyond |b| ≈ 1.5 the regularisation term grows like b^{2(T−1)} and swamps the colour scale), τ = 1 in eq. (9).',
    'Terms (eq. 9): data = (1/2τ) Σ_i (s_i² − 2 s_i ac b^{T−i}), reg = (1/2τ) (ac)² Σ_i b^{2(T−i)} (the geometric sum summed term by term, exact at b² = 1), total = data + reg = eq. (8). Colour scales are shared down each column (the same value has the same colour for every s_1): symmetric-log for the data term (diverging, centred at 0) and for reg (which is 0 on the ac = 0 line and spans several decades), log for the energy (always > 0 here).',
    'The ✕ marks the grid minimum of the total; extra and the claims also give the certified global minimum over b ∈ [bMin, bMax] with ac at its optimum (eq. 101). For s_1 > s_T (ratio above 1) and T ≥ 5 the energy keeps decreasing as |b| grows (App. H, eq. 110–111), so that minimum sits at the edge of the plotted b range, with a small ac: the landscape trades input-output magnitude for recurrent magnitude.',
    '"Grows with |ac| and |b|": checked along every grid line, reg must not decrease as |ac| grows (fixed b) nor as |b| grows (fixed ac ≠ 0); it is independent of the task because it contains no s_i.',
  ],
  validate: validateGrid,
  async run(p, ctx) {
    ctx.progress('energy terms on the grid');
    const bs = linspace(p.bMin, p.bMax, p.bPoints);
    const acs = linspace(p.acMin, p.acMax, p.acPoints);
    let totalVsEq8 = 0;
    const rows: Row[] = p.s1s.map((s1) => {
      const s = diracDelta(s1, p.sT, p.T);
      const L = energyLandscape(s, bs, acs, p.tau);
      let k0 = 0;
      for (let k = 1; k < L.total.length; k++) if (L.total[k] <= L.total[k0]) k0 = k; // ties (E even in b for odd T): the larger b
      // data + reg against eq. (8) evaluated directly
      acs.forEach((ac, j) => {
        bs.forEach((b, i) => {
          const e8 = energy({ a: Float64Array.of(ac), b: Float64Array.of(b), c: Float64Array.of(1) }, s, p.T, p.tau)[0]!;
          totalVsEq8 = Math.max(totalVsEq8, Math.abs(L.total[j * bs.length + i] - e8));
        });
      });
      const g = minimiseProfile(s, [p.bMin, p.bMax]);
      return {
        s1,
        data: Array.from(L.data),
        reg: Array.from(L.reg),
        total: Array.from(L.total),
        gridMin: { b: bs[k0 % bs.length], ac: acs[Math.floor(k0 / bs.length)], E: L.total[k0] },
        // App. H convention (no 1/2τ) → eq. (8): divide by 2τ
        globalMin: { b: g.b, ac: g.u, E: g.E / (2 * p.tau), atBound: g.atBound },
      };
    });
    const spread = regSpread(rows.map((r) => r.reg));
    // reg non-decreasing in |ac| at fixed b, and in |b| at fixed ac ≠ 0, along every grid line (from the cell nearest 0 outwards)
    const violations = regMonotoneViolations(rows[0].reg, bs, acs);
    let valleyIncreases = 0;
    for (const row of rows) {
      const s = diracDelta(row.s1, p.sT, p.T);
      const pos = bs.filter((b) => b >= 0);
      for (let i = 0; i + 1 < pos.length; i++)
        if (Math.abs(optimalU(s, pos[i + 1])) > Math.abs(optimalU(s, pos[i])) + 1e-12) valleyIncreases++;
    }
    return { series: { bs, acs, rows }, extra: { regSpread: spread, regMonotoneViolations: violations, totalVsEq8, valleyIncreases } };
  },
  claims(r, p) {
    const rows = r.series.rows;
    const sorted = [...rows].sort((x, y) => x.s1 - y.s1);
    const mins = sorted
      .map(
        (x) =>
          `s_1=${x.s1}: grid min at b=${round(x.gridMin.b, 3)}, ac=${round(x.gridMin.ac, 3)}; global min over b ∈ [${p.bMin}, ${p.bMax}]: b*=${round(x.globalMin.b, 4)}${x.globalMin.atBound ? ' (range end)' : ''}, ac*=${round(x.globalMin.ac, 4)}`,
      )
      .join('; ');
    // Along the valley of the energy (ac at its optimum for each b, eq. 101), |ac| falls as b grows (b ≥ 0, the side
    // where s_1 b^{T−1} adds to s_T); and the minimum leaves (0, s_T) for large |b| and small |ac| once s_1 > s_T.
    const valley = r.extra.valleyIncreases;
    const first = sorted[0].globalMin;
    const ffFirst = sorted[0].s1 < p.sT && Math.abs(first.b) < 1e-6 && Math.abs(first.ac - p.sT) < 1e-6;
    const recLater = sorted.filter((x) => x.s1 > p.sT).every((x) => Math.abs(x.globalMin.b) > 0.5 && Math.abs(x.globalMin.ac) < p.sT / 2);
    return [
      claim(
        'reg-task-independent',
        'The effective regularisation term does not depend on the task (identical for every s_1).',
        r.extra.regSpread,
        'max over cells of the spread of reg across the three tasks = 0',
        r.extra.regSpread === 0,
      ),
      claim(
        'reg-grows',
        'The effective regularisation term grows with |ac| and |b| (it incentivises small weights).',
        `${r.extra.regMonotoneViolations} grid steps where reg decreases moving away from 0`,
        '0 (reg non-decreasing in |ac| at fixed b and in |b| at fixed ac ≠ 0)',
        r.extra.regMonotoneViolations === 0,
      ),
      claim(
        'trade-ac-for-b',
        'The regularisation mediates the transition from feedforward to recurrent computation, forcing the input-output mode to decrease in magnitude when the recurrent mode increases (App. G).',
        `${valley} grid steps (b ≥ 0, all rows) where the optimal |ac| grows with b; ${mins}`,
        `optimal |ac| never grows with b along the valley; s_1 < s_T: minimum at b = 0, ac = s_T; s_1 > s_T: minimum at |b| > 0.5 with |ac| < s_T/2`,
        valley === 0 && ffFirst && recLater,
      ),
      claim(
        'terms-sum-to-energy',
        'The two terms sum to the energy (Lemma 3.2).',
        r.extra.totalVsEq8,
        'max |data + reg − eq. (8)| < 1e-12',
        r.extra.totalVsEq8 < 1e-12,
      ),
    ];
  },
  spec(r, p) {
    const { bs, acs, rows } = r.series;
    const domains = termDomains(rows);
    const panels: PanelSpec[] = rows.map((row) => {
      const charts = TERMS.map((term) => {
        const spec = termHeatmap(row, term, bs, acs, domains, TERM_TITLE[term]);
        // Stroke each cell with its own colour: no hairline seams between the bands.
        const layers = spec.layer as Array<{ encoding: { color: object; stroke?: object }; transform?: object[]; mark: object }>;
        const cellLayer = layers[layers.length - 1];
        // (a copy of the field, so that Vega-Lite keeps the colour bar instead of merging colour and stroke legends)
        const color = cellLayer.encoding.color;
        cellLayer.transform = [...(cellLayer.transform ?? []), { calculate: 'datum.value', as: 'strokeValue' }];
        cellLayer.encoding = { ...cellLayer.encoding, stroke: { ...color, field: 'strokeValue', legend: null } };
        cellLayer.mark = { ...cellLayer.mark, strokeWidth: 0.6 };
        if (term === 'total') markGridMin(spec, row);
        return spec;
      });
      return withIndependentStroke(hconcat(charts, { spacing: 12, independentLegends: true }));
    });
    return figureSpec(
      'Fig. A2 — energy landscape of the Dirac task: data-driven term, effective regularisation and total (eq. 9)',
      withIndependentStroke(vconcat(panels, { spacing: 16, independentLegends: true })),
      {
        subtitle: `T = ${p.T}, s_T = ${p.sT}, rows s_1 = ${p.s1s.join(', ')}; colour scales shared down each column (data, reg: symmetric log; energy: log); ✕: grid minimum of the energy`,
      },
    );
  },
  snapshot(r) {
    return landscapeSnapshot(r.series);
  },
};

export default figA2;
