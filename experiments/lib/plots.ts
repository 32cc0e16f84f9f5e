/**
 * Figure layouts shared by the experiments, on top of the typed builders of src/render/spec.ts.
 * Convention: simulations solid, theory dashed, one colour per configuration.
 */
import {
  DOTTED,
  figureSpec,
  hconcat,
  lineChart,
  type AxisOptions,
  type LayerPanel,
  type MarkerSet,
  type RuleOptions,
  type VegaLiteSpec,
} from '../../src/render/spec.js';

export interface Line {
  config: string;
  kind: 'simulation' | 'theory';
  t: ArrayLike<number>;
  y: ArrayLike<number | null>;
}

export interface LinesPanel {
  title: string;
  xTitle: string;
  yTitle: string;
  colorTitle: string;
  /** Title of the solid/dashed legend, naming what the dashed theory is. */
  theoryLabel?: string;
  lines: Line[];
  x?: Partial<AxisOptions>;
  y?: Partial<AxisOptions>;
  rules?: RuleOptions[];
  markers?: MarkerSet[];
}

/** Panels of lines side by side, each with its own legends, under one figure title. */
export function linesFigure(o: { title: string; subtitle?: string; panels: LinesPanel[] }): VegaLiteSpec {
  const charts = o.panels.map((p) =>
    lineChart({
      title: p.title,
      x: { title: p.xTitle, ...p.x },
      y: { title: p.yTitle, ...p.y },
      colorTitle: p.colorTitle,
      kindTitle: 'line',
      kindLabels: p.theoryLabel ? { theory: p.theoryLabel } : undefined,
      series: p.lines.map((l) => ({ name: l.config, kind: l.kind, x: l.t, y: l.y })),
      rules: p.rules,
      markers: p.markers,
    }),
  );
  return figureSpec(o.title, hconcat(charts, { independentLegends: true }), { subtitle: o.subtitle });
}

/** A dotted dark reference curve (e.g. a 0-loss solution) drawn as the top layer of a chart, clipped to the plot. */
export function addReferenceCurve(chart: LayerPanel, points: ReadonlyArray<{ x: number; y: number }>): void {
  (chart.layer as unknown[]).push({
    data: { values: points },
    mark: { type: 'line', strokeDash: [...DOTTED], color: '#333333', strokeWidth: 1.4, clip: true },
    encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'y', type: 'quantitative' } },
  });
}

/** [min, max] of the values widened by 5% on each side, so markers at the ends are not cut. */
export function padded(xs: readonly number[]): [number, number] {
  const lo = Math.min(...xs),
    hi = Math.max(...xs);
  const w = hi > lo ? hi - lo : Math.abs(lo) || 1;
  return [lo - 0.05 * w, hi + 0.05 * w];
}
