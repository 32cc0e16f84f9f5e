/**
 * fig2 spec (Fig. 2, §3.2, App. C–D): two line panels, ac with b frozen (theory: the exact u(t) of eq. 47) and
 * b with ac frozen (theory: the local Taylor expansion of App. D); simulation solid, theory dashed.
 */
import type { VegaLiteSpec } from '../../src/figure.js';
import { linesFigure, type Line } from '../lib/plots.js';
import type { Fig2Params, Fig2Result, Series } from '../fig2.js';

export function spec(r: Fig2Result, p: Fig2Params): VegaLiteSpec {
  // A diverged theory is drawn up to its last valid point only (the rest is listed in `diverged`).
  const line = (s: Series, kind: 'simulation' | 'theory'): Line =>
    kind === 'simulation'
      ? { config: s.config, kind, t: s.t, y: s.simulation }
      : { config: s.config, kind, t: s.t.slice(0, s.theoryValid), y: s.theory.slice(0, s.theoryValid) };
  return linesFigure({
    title: 'Fig. 2 — learning dynamics of connectivity modes',
    panels: [
      {
        title: `input-output modes, b frozen at ${p.leftB}`,
        xTitle: 't_θ/τ',
        yTitle: 'ac',
        colorTitle: 'δ',
        theoryLabel: 'theory: exact u(t), eq. 47',
        lines: r.series.left.flatMap((s) => [line(s, 'simulation'), line(s, 'theory')]),
      },
      {
        title: 'recurrent modes, ac frozen at δ',
        xTitle: 't_θ/τ',
        yTitle: 'b',
        colorTitle: '(δ, λ)',
        theoryLabel: `theory: Taylor order ${p.taylorOrder}, App. D`,
        lines: r.series.right.flatMap((s) => [line(s, 'simulation'), line(s, 'theory')]),
      },
    ],
  });
}
