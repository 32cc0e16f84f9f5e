/**
 * figM1 spec (beyond the paper; App. M, eq. 152–158): three line panels, ac with b frozen (theory: eq. 157),
 * b with ac frozen (theory: Taylor with eq. 158) and every mode trained (theory: eq. 152–155); simulation solid,
 * theory dashed.
 */
import type { VegaLiteSpec } from '../../src/figure.js';
import { linesFigure, type Line } from '../lib/plots.js';
import type { FigM1Params, FigM1Result, Series } from './types.js';

export function spec(r: FigM1Result, p: FigM1Params): VegaLiteSpec {
  const line = (s: Series, kind: 'simulation' | 'theory'): Line => ({
    config: s.config,
    kind,
    t: s.t,
    y: kind === 'simulation' ? s.simulation : s.theory,
  });
  const lines = (list: Series[]) => list.flatMap((s) => [line(s, 'simulation'), line(s, 'theory')]);
  return linesFigure({
    title: 'figM1 (beyond the paper, App. M) — T-output learning dynamics of connectivity modes',
    subtitle: `outputs at every step t = 1..${p.T}; solid: full aligned network trained by gradient descent on eq. 144; dashed: theory`,
    panels: [
      {
        title: `ac (b frozen at ${p.leftB})`,
        xTitle: 't_θ/τ',
        yTitle: 'ac',
        colorTitle: 'δ',
        theoryLabel: 'exact u(t), eq. 157',
        lines: lines(r.series.left),
      },
      {
        title: 'b (ac frozen at δ)',
        xTitle: 't_θ/τ',
        yTitle: 'b',
        colorTitle: '(δ, λ)',
        theoryLabel: `Taylor order ${p.taylorOrder}, eq. 158`,
        lines: lines(r.series.right),
      },
      {
        title: 'all modes trained',
        xTitle: 't_θ/τ',
        yTitle: 'b, ac',
        colorTitle: 'mode: (δ, λ)',
        theoryLabel: 'reduced eq. 152–155',
        lines: lines(r.series.full),
      },
    ],
  });
}
