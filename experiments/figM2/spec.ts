/**
 * figM2 (beyond the paper; App. M.3): the figure's Vega-Lite spec. Columns: constant, inverse-exponential and
 * exponential dynamics; rows: learned b, learned ac and the remaining loss (log), T-output and single-output
 * networks against their theory (dashed: M.3 / F.3, or the minimum of eq. 156), failed runs marked.
 */
import type { VegaLiteSpec } from '../../src/figure.js';
import { round } from '../../src/kit.js';
import { figureSpec, hconcat, lineChart, vconcat, type LineSeries, type MarkerSet } from '../../src/render/spec.js';
import { KINDS, type Kind } from '../lib/dynamics-sweep.js';
import type { FigM2Params, FigM2Result, Point } from '../figM2.js';
import { CASES } from './common.js';

const TITLE: Record<Kind, string> = {
  constant: 'constant: s_{t,i} = δ',
  invexp: 'inverse-exp.: s_{t,i} = δλ^(t−i)',
  exp: 'exponential: s_{t,i} = δλ^i',
};

export function spec(r: FigM2Result, p: FigM2Params): VegaLiteSpec {
  const palette = ['#e45756', '#4c78a8'];
  const panel = (k: Kind, q: 'b' | 'ac' | 'residual') => {
    const pts = r.series.points[k];
    const series: LineSeries[] = CASES.flatMap((cs) => {
      const ps = pts.filter((x) => x.case === cs);
      const th = (x: Point) => (q === 'b' ? x.bTheory : q === 'ac' ? x.acTheory : Math.max(x.residualTheory, p.displayFloor));
      const sim = (x: Point) => (q === 'residual' ? (x.residual === null ? null : Math.max(x.residual, p.displayFloor)) : x[q]);
      return [
        { name: cs, kind: 'simulation' as const, x: ps.map((x) => x.x), y: ps.map(sim) },
        { name: cs, kind: 'theory' as const, x: ps.map((x) => x.x), y: ps.map(th) },
      ];
    });
    const failed: MarkerSet = {
      label: 'not converged / diverged',
      shape: 'x',
      points: pts
        .filter((x) => x.status === 'not converged' || x.status === 'diverged')
        .map((x) => ({ x: x.x, y: q === 'residual' ? 1 : q === 'b' ? x.bTheory : x.acTheory, series: x.case })),
    };
    return lineChart({
      title: q === 'b' ? TITLE[k] : undefined,
      x: { title: k === 'constant' ? 'δ' : 'λ' },
      y:
        q === 'residual'
          ? { title: 'remaining loss / zero-net loss', scale: 'log', format: '.0e', domain: [p.displayFloor / 10, 1] }
          : { title: q, zero: true },
      series,
      colorTitle: 'network',
      palette,
      kindTitle: 'line',
      kindLabels: { simulation: 'trained network', theory: 'theory (M.3 / F.3; min of eq. 156 for T-output exp.)' },
      showPoints: true,
      markers: [failed],
      width: 230,
      height: 150,
    });
  };
  return figureSpec(
    'figM2 (beyond the paper, App. M.3) — learned solutions with an output at every step, and the single-output case',
    vconcat(
      [
        hconcat(KINDS.map((k) => panel(k, 'b'))),
        hconcat(KINDS.map((k) => panel(k, 'ac'))),
        hconcat(KINDS.map((k) => panel(k, 'residual'))),
      ],
      { spacing: 18 },
    ),
    {
      subtitle: `T = ${p.T}; one aligned network (N = ${p.N}) per point and case, a(0) = b(0) = c(0) = ${p.init}, η = ${p.eta} (τ = ${round(r.extra.tau)}), t_θ/τ = ${p.tEnd}; remaining losses below ${p.displayFloor} drawn at ${p.displayFloor}`,
    },
  );
}
