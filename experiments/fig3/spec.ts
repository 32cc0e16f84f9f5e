/**
 * Fig. 3 (§3.3, App. F): the figure's Vega-Lite spec. Top two rows: learned b and ac against the App. F.3
 * global solutions (dashed) per dynamics, with unstable, not-converged and diverged runs marked and the
 * predicted GD edges (ρ = 2) drawn; bottom row: the extrapolation error at T′ ≠ T (App. F.1), linear and log.
 */
import type { VegaLiteSpec } from '../../src/figure.js';
import { round } from '../../src/kit.js';
import {
  figureSpec,
  hconcat,
  lineChart,
  vconcat,
  type LineChartOptions,
  type MarkerSet,
  type RuleOptions,
  type LineSeries,
} from '../../src/render/spec.js';
import { KINDS, type Kind } from '../lib/dynamics-sweep.js';
import { padded } from '../lib/plots.js';
import type { ExtrapSeries, Fig3Params, Fig3Result, Point } from './types.js';

const LABEL: Record<Kind, string> = { constant: 'constant', invexp: 'inverse-exponential', exp: 'exponential' };
const COLOUR: Record<Kind, string> = { constant: '#4c78a8', invexp: '#f58518', exp: '#54a24b' };

export function spec(r: Fig3Result, p: Fig3Params): VegaLiteSpec {
  const tau = r.extra.tau;
  const xTitle: Record<Kind, string> = { constant: 'δ', invexp: 'λ', exp: 'λ' };
  const panelTitle: Record<Kind, string> = {
    constant: 'constant: s_t = δ',
    invexp: `inverse-exponential: s_t = δλ^(T−t), δ = ${p.invexpDelta}`,
    exp: `exponential: s_t = δλ^t, δ = ${p.expDelta}`,
  };
  const kindLabels = { simulation: 'network (learned)', theory: 'global solution, App. F.3' };
  const panel = (k: Kind, q: 'b' | 'ac', legends: boolean) => {
    const pts = r.series.points[k];
    const name = LABEL[k];
    const theoryY = (x: Point) => (q === 'b' ? x.bTheory : x.acTheory);
    const series: LineSeries[] = [
      { name, kind: 'simulation', x: pts.map((x) => x.x), y: pts.map((x) => x[q]) },
      { name, kind: 'theory', x: pts.map((x) => x.x), y: pts.map(theoryY) },
    ];
    // Every panel carries the same three marker sets (possibly empty), so the shape legend is the same everywhere.
    const markers: MarkerSet[] = [
      {
        label: 'unstable solution (b > 1)',
        shape: 'triangle-up',
        points: pts.filter((x) => x.unstable).map((x) => ({ x: x.x, y: x[q]! })),
      },
      {
        label: 'not converged',
        shape: 'diamond',
        points: pts.filter((x) => x.status === 'not converged').map((x) => ({ x: x.x, y: theoryY(x) })),
      },
      { label: 'diverged', shape: 'x', points: pts.filter((x) => x.status === 'diverged').map((x) => ({ x: x.x, y: theoryY(x) })) },
    ];
    // the labels go left of the rule, inside the plot (the edge often sits near the right border)
    const rules: RuleOptions[] = r.series.gdEdges[k].map((x) => ({ x, label: 'GD edge', labelAt: 'start' }));
    // Left, over a halo: on the right the markers of failed runs sit on the line b = 1.
    if (q === 'b') rules.push({ y: 1, label: 'b = 1', labelAt: 'start', halo: true });
    // y from 0 (or below) with headroom; round-off around a constant value must not set the scale
    const ys = [...pts.map((x) => x[q]), ...pts.map(theoryY)].filter((v): v is number => v !== null && Number.isFinite(v));
    const top = Math.max(q === 'b' ? 1 : 0, ...ys);
    const bottom = Math.min(0, ...ys);
    // The panel title names the dynamics (no colour legend); solid/dashed and marker legends once per figure.
    return lineChart({
      title: q === 'b' ? panelTitle[k] : undefined,
      x: { title: xTitle[k], domain: padded(pts.map((x) => x.x)) },
      y: { title: q, domain: [bottom, top + 0.15 * (top - bottom || 1)], nice: true },
      series,
      palette: [COLOUR[k]],
      kindTitle: 'line',
      kindLabels,
      showPoints: true,
      markers,
      rules,
      hideLegends: legends ? ['color'] : ['color', 'strokeDash', 'shape'],
      width: 230,
      height: 160,
    });
  };
  const ex = r.series.extrapolation;
  // On the log panel a relative error below ROUND_OFF is an exact zero computed in floating point
  // (float64 round-off of O(1) outputs accumulated over T′ steps), not a measurement: not drawn.
  const ROUND_OFF = 1e-12;
  const exSeries = (rel: 'networkRel' | 'theoryRel', e: ExtrapSeries, log = false) =>
    log ? e[rel].map((v) => (v !== null && v < ROUND_OFF ? null : v)) : e[rel];
  const extrapPanel = (log: boolean, hideLegends: LineChartOptions['hideLegends'] = []) =>
    lineChart({
      title: log ? 'the same, log scale (errors < 1e-12, round-off, not drawn)' : `extrapolation: trained at T = ${p.T}, run at T′`,
      x: { title: 'T′ (trajectory length)', tickCount: p.extrapTMax },
      y: { title: 'relative error at T′', ...(log ? { scale: 'log' as const, format: '.0e' } : {}) },
      series: ex.flatMap((e) => [
        { name: e.config, kind: 'simulation' as const, x: e.Tp, y: exSeries('networkRel', e, log) },
        { name: e.config, kind: 'theory' as const, x: e.Tp, y: exSeries('theoryRel', e, log) },
      ]),
      colorTitle: 'trained on',
      palette: ex.map((e) => COLOUR[e.kind]),
      kindTitle: 'line',
      kindLabels: { simulation: 'trained network, fresh data', theory: 'F.3 solution at T′' },
      showPoints: true,
      rules: [{ x: p.T, label: 'T' }],
      markers: ex.some((e) => e.status !== 'converged')
        ? [
            {
              label: 'network did not converge',
              shape: 'x',
              points: ex.filter((e) => e.status !== 'converged').map((e) => ({ x: p.T, y: log ? 1 : 0, series: e.config })),
            },
          ]
        : undefined,
      hideLegends,
      width: 300,
      height: 170,
    });
  return figureSpec(
    'Fig. 3 — task dynamics determine solution stability and extrapolation ability',
    vconcat(
      [
        hconcat(
          KINDS.map((k, i) => panel(k, 'b', i === KINDS.length - 1)),
          { independentLegends: true },
        ),
        hconcat(
          KINDS.map((k) => panel(k, 'ac', false)),
          { independentLegends: true },
        ),
        hconcat([extrapPanel(false, ['color', 'strokeDash', 'shape']), extrapPanel(true)], { independentLegends: true }),
      ],
      { spacing: 22 },
    ),
    {
      subtitle: `T = ${p.T}; one aligned network (N = ${p.N}) per point, a(0) = b(0) = c(0) = ${p.a0}, gradient descent with η = ${p.eta} (τ = ${round(tau)}) for t_θ/τ = ${p.tEnd}; failed runs are marked on the F.3 line`,
    },
  );
}
