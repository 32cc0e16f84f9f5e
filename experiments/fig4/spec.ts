/**
 * Fig. 4 (§3.4, eq. 10–11): the Vega-Lite spec: for every T a row of learned b and a row of learned ac against
 * the panel's x (δ, λ or β), one colour per κ; solid: gradient descent on the modes (eq. 5–7), dashed: global
 * minimum of the energy (App. H), dotted: 0-loss solution of the unmodified dynamics (App. F.3).
 */
import type { VegaLiteSpec } from '../../src/figure.js';
import { linspace } from '../../src/kit.js';
import { figureSpec, hconcat, lineChart, vconcat, type MarkerSet, type PanelSpec } from '../../src/render/spec.js';
import { addReferenceCurve } from '../lib/plots.js';
import { PANELS, PANEL_TITLE, X_SYMBOL, rangeOf, zeroLoss } from './common.js';
import type { Fig4Params, Fig4Result } from './types.js';

/** [lo, hi] widened by `frac` of its span on each side. */
function padRange([lo, hi]: [number, number], frac: number): [number, number] {
  const m = frac * (hi - lo);
  return [lo - m, hi + m];
}

export function spec(r: Fig4Result, p: Fig4Params): VegaLiteSpec {
  const palette = ['#4c78a8', '#f58518', '#54a24b', '#e45756', '#72b7b2', '#b279a2'];
  const kname = (k: number) => `κ = ${k}`;
  const rows: PanelSpec[] = [];
  for (const T of p.Ts) {
    for (const mode of ['b', 'ac'] as const) {
      const charts = PANELS.map((panel) => {
        const list = r.series.sweeps.filter((s) => s.panel === panel && s.T === T);
        const series = list.flatMap((s) => [
          {
            name: kname(s.kappa),
            kind: 'simulation' as const,
            x: s.points.map((q) => q.x),
            y: s.points.map((q) => (mode === 'b' ? q.b : q.ac)),
          },
          {
            name: kname(s.kappa),
            kind: 'theory' as const,
            x: s.points.map((q) => q.x),
            y: s.points.map((q) => (mode === 'b' ? q.bTheory : q.acTheory)),
          },
        ]);
        const markers: MarkerSet[] = [];
        const div = list.flatMap((s) => s.points.filter((q) => q.b === null).map((q) => ({ x: q.x, y: 0, series: kname(s.kappa) })));
        if (div.length) markers.push({ label: 'diverged (drawn at 0)', shape: 'x', points: div });
        const cyc = list.flatMap((s) =>
          s.points.filter((q) => q.cycle && q.b !== null).map((q) => ({ x: q.x, y: (mode === 'b' ? q.b : q.ac)!, series: kname(s.kappa) })),
        );
        if (cyc.length) markers.push({ label: 'GD 2-cycle (edge of stability)', shape: 'circle', points: cyc });
        const chart = lineChart({
          title: `${PANEL_TITLE[panel]}, T = ${T}`,
          // A margin of 4% of the sweep range on each side: the 2-cycle circles at the ends of the sweep
          // (β = 3) are drawn whole, inside the frame.
          x: { title: X_SYMBOL[panel], domain: padRange(rangeOf(p, panel), 0.04), nice: false },
          y: { title: mode },
          series,
          colorTitle: 'κ (feedforward s_T)',
          palette: p.kappas.map((_, i) => palette[i % palette.length]),
          kindTitle: 'line',
          kindLabels: { simulation: 'gradient descent', theory: `global min of E, |b| ≤ ${p.bMax}` },
          markers,
          width: 200,
          height: 120,
        });
        // Dotted: the 0-loss solution of the unmodified dynamics (App. F.3), kept within the plotted range.
        const ys = list
          .flatMap((s) => s.points.flatMap((q) => [mode === 'b' ? q.b : q.ac, mode === 'b' ? q.bTheory : q.acTheory]))
          .filter((v): v is number => v !== null && Number.isFinite(v));
        const yMax = Math.max(...ys);
        const yMin = Math.min(...ys);
        const [lo, hi] = rangeOf(p, panel);
        const ref = linspace(lo, hi, 101).flatMap((x) => {
          const z = zeroLoss(p, panel, x, T);
          const v = z ? (mode === 'b' ? z.b : z.ac) : null;
          return v !== null && v <= yMax + 0.1 * (yMax - yMin) && v >= yMin - 0.1 * (yMax - yMin) ? [{ x, y: v }] : [];
        });
        if (ref.length > 1) addReferenceCurve(chart, ref);
        return chart;
      });
      rows.push(hconcat(charts, { spacing: 16 }));
    }
  }
  return figureSpec(
    'Fig. 4 — phase transition between feedforward (b ≈ 0, ac ≈ κ) and recurrent solutions',
    vconcat(rows, { spacing: 14 }),
    {
      subtitle: `rows: learned b and ac for T = ${p.Ts.join(', ')}; solid: gradient descent on the modes (eq. 5–7); dashed: global minimum of the energy (App. H); dotted: 0-loss solution of the unmodified dynamics (App. F.3)`,
    },
  );
}
