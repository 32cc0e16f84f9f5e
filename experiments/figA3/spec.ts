/**
 * Fig. A3 (App. H): the Vega-Lite spec of the Landau analysis: b*, u* and E* (eq. 102) against β per T with the
 * trivial solution b = 0, u = 1/β, E = β² dashed, and the critical β per T and search range with the closed
 * form √((√G(B) − 1)/B^{T−1}) (T ≥ 5) dashed.
 */
import type { VegaLiteSpec } from '../../src/figure.js';
import { figureSpec, hconcat, lineChart, vconcat, type LayerPanel, type LineSeries } from '../../src/render/spec.js';
import type { Curve, FigA3Params, FigA3Result } from '../figA3.js';

export function spec(r: FigA3Result, p: FigA3Params): VegaLiteSpec {
  const palette = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#17becf', '#e377c2', '#bcbd22'];
  const trivialName = 'trivial: b = 0, u = 1/β, E = β²';
  const Tname = (T: number) => `T = ${T}`;
  const curves = r.series.curves;
  const betas = curves[0].beta;
  const colours = [...curves.map((_, i) => palette[i % palette.length]), '#000000'];
  const vrules = [
    { x: Math.SQRT1_2, label: '1/√2' },
    { x: 1, label: '1' },
  ];
  const panel = (title: string, y: string, get: (c: Curve) => number[], trivial: number[]): LayerPanel => {
    const series: LineSeries[] = [
      ...curves.map((c) => ({ name: Tname(c.T), kind: 'simulation' as const, x: c.beta, y: get(c) })),
      { name: trivialName, kind: 'theory', x: betas, y: trivial },
    ];
    return lineChart({
      title,
      x: { title: 'β' },
      y: { title: y },
      series,
      colorTitle: 'trajectory length',
      palette: colours,
      kindTitle: 'line',
      kindLabels: { simulation: `global minimum over |b| ≤ ${p.bMax}`, theory: 'trivial solution (App. H)' },
      rules: vrules,
      width: 230,
      height: 170,
    });
  };
  const top = hconcat(
    [
      panel(
        'recurrent mode b*',
        'b*',
        (c) => c.b.map(Math.abs),
        betas.map(() => 0),
      ),
      panel(
        'input-output mode u* = (ac)*',
        'u*',
        (c) => c.u,
        betas.map((b) => 1 / b),
      ),
      panel(
        'effective energy E* (eq. 102)',
        'E*',
        (c) => c.E,
        betas.map((b) => b * b),
      ),
    ],
    { spacing: 18 },
  );
  // Critical β against T, one line per search range; dashed: closed form at the range end (T ≥ 5).
  const ranges = [...new Set(r.series.critical.map((c) => c.B))];
  const crit: LineSeries[] = ranges.flatMap((B) => {
    const list = r.series.critical.filter((c) => c.B === B);
    const ge5 = list.filter((c) => c.T >= 5);
    return [
      { name: `|b| ≤ ${B}`, kind: 'simulation' as const, x: list.map((c) => c.T), y: list.map((c) => c.beta) },
      { name: `|b| ≤ ${B}`, kind: 'theory' as const, x: ge5.map((c) => c.T), y: ge5.map((c) => c.closedFormAtBound) },
    ];
  });
  const critChart = lineChart({
    title: 'critical β per T and search range',
    x: { title: 'T' },
    y: { title: 'β_c' },
    series: crit,
    colorTitle: 'b searched in',
    palette: ranges.map((_, i) => palette[i % palette.length]),
    kindTitle: 'line',
    kindLabels: { simulation: 'bisection on the global minimum', theory: '√((√G(B) − 1)/B^(T−1)) (T ≥ 5)' },
    showPoints: true,
    rules: [
      { y: Math.SQRT1_2, label: '1/√2' },
      { y: 1, label: '1' },
      { y: p.paperLargeT, label: `paper: ≈ ${p.paperLargeT}` },
    ],
    width: 300,
    height: 170,
  });
  return figureSpec(
    'Fig. A3 — Landau analysis of the Dirac task (eq. 96): global minimisers against β',
    vconcat([top, critChart], { spacing: 20, independentLegends: true }),
    { subtitle: `b minimised over [−${p.bMax}, ${p.bMax}] (branch and bound), u at its optimum (eq. 101); dotted: 1/√2 and 1` },
  );
}
