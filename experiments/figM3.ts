/**
 * figM3 (beyond the paper; App. M.4, eq. 159): the T-output energy landscape as in Fig. A2. Heatmaps over
 * (b, ac) of the data-driven term, the effective regularisation term (the closed form of eq. 159) and their
 * sum, for a T-output "Dirac" task in which every output recalls the first input with weight s_1 and passes
 * the current input with weight s_T. Bottom: the regularisation coefficient against b — eq. 159's closed
 * form, the direct sum over (t, i), and the single-output coefficient of eq. 9 for comparison.
 */
import type { Figure, FigureResult } from '../src/figure.js';
import { arEnergy, arEnergyTerms, arMinimiseProfile, arRegSumClosed, arRegSumDirect } from '../src/core/armodes.js';
import { arDynamicsFrom } from '../src/core/ardata.js';
import { geometricSum } from '../src/core/modes.js';
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
import { figureSpec, hconcat, lineChart, vconcat, type VegaLiteSpec } from '../src/render/spec.js';
import { AR_NOTE } from './lib/autoregressive.js';

export interface FigM3Params extends LandscapeParams {
  curvePoints: number;
}

const paper: FigM3Params = { ...LANDSCAPE_PAPER, curvePoints: 301 };

const TERM_TITLE: Record<Term, string> = { data: 'data-driven term', reg: 'effective regularisation', total: 'energy (eq. 156)' };

/** s_{t,i} = s_T [i = t] + s_1 [i = 1 < t]: every output passes its current input and recalls the first one. */
export function arDirac(s1: number, sT: number, T: number): Float64Array {
  return arDynamicsFrom(T, (t, i) => (i === t ? sT : 0) + (i === 1 && t > 1 ? s1 : 0));
}

type Row = LandscapeRow;

export interface FigM3Result extends FigureResult {
  series: {
    bs: number[];
    acs: number[];
    rows: Row[];
    /** the regularisation coefficient R(b) (reg = (1/2τ)(ac)² R(b)) on a fine b grid */
    curve: { b: number[]; closed: number[]; direct: number[]; single: number[] };
  };
  extra: {
    /** max |closed − direct| / direct of the coefficient over the b grid, the curve and b = ±1 */
    closedVsDirect: number;
    /** max |data + reg − eq. 156| over every cell and row */
    totalVsEq156: number;
    regSpread: number;
    regMonotoneViolations: number;
    /** max |R_T-output(b) − Σ_{t'=1}^{T} R_single(b; T')| over the curve, relative */
    sumOfSingle: number;
  };
}

const figM3: Figure<FigM3Params, FigM3Result> = {
  id: 'figM3',
  group: 'autoregressive',
  title: 'T-output energy landscape and effective regularisation (eq. 159)',
  paper: 'App. M.4, eq. 159',
  caption: 'Beyond the paper (App. M.4): the T-output energy splits into a data-driven term and an effective regularisation term.',
  beyondPaper: true,
  params: { paper, quick: { ...paper, bPoints: 31, acPoints: 31, curvePoints: 121 } },
  rules: {
    T: { min: 1, max: 30, integer: true, cost: 1, help: 'trajectory length (outputs at every t = 1..T)' },
    s1s: { min: -10, max: 10, minLength: 1, cost: 0, help: 'weight with which every output recalls the first input (one row each)' },
    sT: { min: -10, max: 10, help: 'weight of the current input in every output' },
    ...GRID_RULES,
    tau: { min: 1e-6, max: 1e6, help: 'τ of the energy (scales every term by 1/τ)' },
    curvePoints: { min: 3, max: 5001, integer: true, help: 'points of the fine b grid of the regularisation coefficient R(b)' },
  },
  notes: [
    AR_NOTE,
    "App. M.4 gives no task; the T-output analogue of Fig. A2's Dirac delta task is used: s_{t,i} = s_T at i = t (each output passes its current input) and s_1 at i = 1 < t (each later output recalls the first input), s_T = 1, s_1 ∈ {0.5, 1.5, 2.5}, T = 5; the same (b, ac) ranges as figA2 (b ∈ [−1.5, 1.5], ac ∈ [−1, 2], grids through b = 0, ac = 0, 1), τ = 1.",
    'Terms (eq. 159): data = (1/2τ) Σ_t Σ_{i≤t} (s_{t,i}² − 2 s_{t,i} ac b^{t−i}) and reg = (1/2τ) (ac)² R(b) with the closed form R(b) = [T(1 − b²) − b²(1 − b^{2T})]/(1 − b²)²; at b² = 1 the closed form is 0/0 and its limit T(T + 1)/2 is used. It is checked against the direct sum R(b) = Σ_t Σ_{i≤t} b^{2(t−i)} on the grid, on the curve and at b = ±1 (claim reg-closed-form), and data + reg against eq. 156 summed directly (claim terms-sum-to-energy).',
    '"Albeit in a different form": the T-output coefficient is the sum of the single-output ones over the output times, R(b) = Σ_{t=1}^{T} Σ_{k<t} b^{2k} (every output adds the eq. 9 term of a trajectory of length t); checked on the curve (claim reg-sum-of-single). It grows like T·b^{2(T−1)} for |b| > 1 and like T for |b| < 1 (≈ T(T + 1)/2 at |b| = 1), against 1/(1 − b²) → b^{2(T−1)} for one output.',
    'Colour scales as figA2 (shared down each column; symmetric-log for data and reg, log for the energy, which is > 0 here). ✕: the grid minimum of the energy; the claims also give the global minimum over b ∈ [bMin, bMax] with ac at its optimum A/B (src/core/armodes.ts arMinimiseProfile).',
  ],
  validate: validateGrid,
  async run(p, ctx) {
    ctx.progress('energy terms on the grid');
    const T = p.T;
    const bs = linspace(p.bMin, p.bMax, p.bPoints);
    const acs = linspace(p.acMin, p.acMax, p.acPoints);
    const nb = bs.length;
    let totalVsEq156 = 0;
    const rows: Row[] = p.s1s.map((s1) => {
      const s = arDirac(s1, p.sT, T);
      const data: number[] = [],
        reg: number[] = [],
        total: number[] = [];
      let k0 = 0;
      for (const ac of acs) {
        for (const b of bs) {
          const e = arEnergyTerms(ac, b, s, T, p.tau);
          data.push(e.data);
          reg.push(e.reg);
          total.push(e.total);
          totalVsEq156 = Math.max(totalVsEq156, Math.abs(e.total - arEnergy(ac, b, s, T, p.tau)));
          if (e.total <= total[k0]) k0 = total.length - 1;
        }
      }
      const g = arMinimiseProfile(s, T, [p.bMin, p.bMax]);
      return {
        s1,
        data,
        reg,
        total,
        gridMin: { b: bs[k0 % nb], ac: acs[Math.floor(k0 / nb)], E: total[k0] },
        globalMin: { b: g.b, ac: g.u, E: g.E / p.tau, atBound: g.atBound },
      };
    });
    const spread = regSpread(rows.map((r) => r.reg));
    // reg non-decreasing moving away from 0 along every grid line (|ac| at fixed b; |b| at fixed ac ≠ 0)
    const violations = regMonotoneViolations(rows[0].reg, bs, acs);
    // the coefficient R(b) on a fine grid
    const cb = linspace(p.bMin, p.bMax, p.curvePoints);
    const curve = {
      b: cb,
      closed: cb.map((b) => arRegSumClosed(b, T)),
      direct: cb.map((b) => arRegSumDirect(b, T)),
      single: cb.map((b) => geometricSum(b, T)),
    };
    let closedVsDirect = 0;
    for (const b of [...bs, ...cb, -1, 1]) {
      const d = arRegSumDirect(b, T);
      closedVsDirect = Math.max(closedVsDirect, Math.abs(arRegSumClosed(b, T) - d) / d);
    }
    let sumOfSingle = 0;
    cb.forEach((b, i) => {
      let acc = 0;
      for (let t = 1; t <= T; t++) acc += geometricSum(b, t);
      sumOfSingle = Math.max(sumOfSingle, Math.abs(curve.direct[i] - acc) / acc);
    });
    return {
      series: { bs, acs, rows, curve },
      extra: { closedVsDirect, totalVsEq156, regSpread: spread, regMonotoneViolations: violations, sumOfSingle },
    };
  },
  claims(r, p) {
    const mins = r.series.rows
      .map(
        (x) =>
          `s_1=${x.s1}: grid min at b=${round(x.gridMin.b, 3)}, ac=${round(x.gridMin.ac, 3)}; global min over b ∈ [${p.bMin}, ${p.bMax}]: b*=${round(x.globalMin.b, 4)}${x.globalMin.atBound ? ' (range end)' : ''}, ac*=${round(x.globalMin.ac, 4)}, E*=${round(x.globalMin.E, 4)}`,
      )
      .join('; ');
    const positive = r.series.rows.every((x) => x.globalMin.E > 0);
    return [
      claim(
        'reg-closed-form',
        'eq. 159: the effective regularisation term is (1/2τ) c²a² [T(1 − b²) − b²(1 − b^{2T})]/(1 − b²)², i.e. (1/2τ)(ac)² Σ_t Σ_{i≤t} b^{2(t−i)}.',
        r.extra.closedVsDirect,
        'max relative gap between the closed form and the direct sum over (t, i) < 1e-10 (grid, curve, b = ±1 by the limit T(T+1)/2)',
        r.extra.closedVsDirect < 1e-10,
      ),
      claim(
        'terms-sum-to-energy',
        'eq. 159: the data-driven and regularisation terms sum to the energy of eq. 156.',
        r.extra.totalVsEq156,
        'max |data + reg − eq. 156| < 1e-12',
        r.extra.totalVsEq156 < 1e-12,
      ),
      claim(
        'reg-task-independent',
        'As in the single-output case, the regularisation term contains no s_{t,i}: it is the same for every task.',
        r.extra.regSpread,
        'max over cells of the spread of reg across the tasks = 0',
        r.extra.regSpread === 0,
      ),
      claim(
        'reg-grows',
        'The regularisation term grows with |ac| and |b| (it incentivises small weights, App. G).',
        `${r.extra.regMonotoneViolations} grid steps where reg decreases moving away from 0`,
        '0',
        r.extra.regMonotoneViolations === 0,
      ),
      claim(
        'reg-sum-of-single',
        '"Albeit in a different form": the T-output coefficient is the sum over output times t of the single-output coefficient of eq. 9 for a trajectory of length t.',
        r.extra.sumOfSingle,
        'max relative gap over the curve < 1e-12',
        r.extra.sumOfSingle < 1e-12,
      ),
      claim(
        'no-zero-loss-dirac',
        'The Dirac-type T-output task is not inverse-exponential, so (M.3) its energy has no zero: the minimum stays above 0.',
        mins,
        'global minimum E* > 0 for every row',
        positive,
      ),
    ];
  },
  spec(r, p) {
    const { bs, acs, rows, curve } = r.series;
    const domains = termDomains(rows);
    const heat = rows.map((row) =>
      hconcat(
        TERMS.map((term) => {
          const spec = termHeatmap(row, term, bs, acs, domains, TERM_TITLE[term]);
          if (term === 'total') markGridMin(spec, row);
          return spec;
        }),
        { spacing: 12, independentLegends: true },
      ),
    );
    const coef: VegaLiteSpec = lineChart({
      title: `regularisation coefficient R(b), reg = (1/2τ)(ac)² R(b), T = ${p.T}`,
      x: { title: 'b', domain: [p.bMin, p.bMax] },
      y: { title: 'R(b)', scale: 'log', format: '~g' },
      series: [
        { name: 'T-output', kind: 'simulation', x: curve.b, y: curve.direct },
        { name: 'T-output', kind: 'theory', x: curve.b, y: curve.closed },
        { name: 'single-output (eq. 9)', kind: 'simulation', x: curve.b, y: curve.single },
      ],
      colorTitle: 'coefficient',
      kindTitle: 'line',
      kindLabels: { simulation: 'direct sum', theory: 'closed form, eq. 159' },
      width: 420,
      height: 160,
    });
    return figureSpec(
      'figM3 (beyond the paper, App. M.4) — T-output energy landscape: data-driven term, effective regularisation and total (eq. 159)',
      vconcat([...heat, coef], { spacing: 16, independentLegends: true }),
      {
        subtitle: `T = ${p.T}, s_{t,t} = ${p.sT}, s_{t,1} = s_1 (t > 1), rows s_1 = ${p.s1s.join(', ')}; colour scales shared down each column; ✕: grid minimum of the energy`,
      },
    );
  },
  snapshot(r) {
    return landscapeSnapshot(r.series);
  },
};

export default figM3;
