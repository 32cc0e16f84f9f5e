/**
 * The rotation figure factory (Fig. A9–A11, App. N–O): what the three figures share — common rules,
 * notes and quick scale, the whitening check, the run (runRotation, then the figure's own extras), the
 * three-row spec and the snapshot. A module states only its configurations, extra parameters, extras,
 * claims and subtitle.
 * Layout: three rows (task dynamics in the complex plane; b in polar coordinates; ac likewise), one
 * column per configuration.
 */
import type { Claim, Figure, FigureResult, ParamRule, ParamsOf, SnapshotNumbers } from '../../src/figure.js';
import type { RunContext } from '../../src/context.js';
import { round, snapValues, spreadIndices } from '../../src/kit.js';
import { figureSpec, grid, lineChart, PANEL, type LayerPanel, type VegaLiteSpec } from '../../src/render/spec.js';
import {
  COMMON_NOTES,
  COMMON_QUICK,
  COMMON_RULES,
  runRotation,
  validateCommon,
  type RotationCommon,
  type RotationConfig,
  type RotationData,
  type RotationRun,
} from './rotation.js';

/** The result of a rotation figure: one run per configuration, run extras and the figure's own. */
export interface RotationResult<E extends Record<string, unknown> = Record<never, never>> extends FigureResult {
  series: { runs: RotationRun[] };
  extra: RotationData['extra'] & E;
}

export interface RotationFigureDef<P extends RotationCommon, E extends Record<string, unknown>> {
  id: string;
  title: string;
  paper: string;
  /** the paper's caption, first sentence (see FigureMeta) */
  caption: string;
  /** paper-scale parameters; quick scale is these with COMMON_QUICK */
  defaults: P;
  /** rules of the figure's own parameters (after COMMON_RULES) */
  rules: Partial<Record<keyof P & string, ParamRule>>;
  /** notes after COMMON_NOTES */
  notes: string[];
  configs(p: P): RotationConfig[];
  /** the figure's own extras, from the runs (after the run extras) */
  extra?(runs: RotationRun[], p: P): E;
  claims(r: RotationResult<E>, p: P): Claim[];
  /** spec title, and the subtitle before '; rows: …' */
  spec: { title: string; subtitle(p: P): string };
}

/** The Figure of a rotation figure. */
export function rotationFigure<P extends RotationCommon & ParamsOf<P>, E extends Record<string, unknown> = Record<never, never>>(
  def: RotationFigureDef<P, E>,
): Figure<P, RotationResult<E>> {
  return {
    id: def.id,
    group: 'rotation',
    title: def.title,
    paper: def.paper,
    caption: def.caption,
    params: { paper: def.defaults, quick: { ...def.defaults, ...COMMON_QUICK } },
    rules: { ...COMMON_RULES, ...def.rules } as Figure<P, RotationResult<E>>['rules'],
    notes: [...COMMON_NOTES, ...def.notes],
    validate: validateCommon,
    async run(p: P, ctx: RunContext) {
      const d = await runRotation(def.configs(p), p, ctx);
      return {
        series: { runs: d.runs },
        diverged: d.diverged,
        extra: { ...d.extra, ...def.extra?.(d.runs, p) } as RotationResult<E>['extra'],
      };
    },
    claims: def.claims,
    spec(r, p) {
      return rotationSpec(
        def.spec.title,
        `${def.spec.subtitle(p)}; rows: task dynamics d_t, recurrent mode b, input-output mode ac`,
        r.series.runs,
        p.T,
      );
    },
    snapshot(r) {
      return rotationSnapshot(r.series.runs);
    },
  };
}

const RADIUS = 'radius';
const ANGLE = 'angle (rad)';
/** Orange radius, blue angle, as in the paper. */
const PALETTE = ['#f58518', '#4c78a8'];

/** Task dynamics d_t in the complex plane, t = 1..T in order, unit circle dotted, first/last labelled. */
function complexPlane(r: RotationRun, T: number, size: number): LayerPanel {
  const pts = r.d.re.map((x, i) => ({ t: i + 1, x, y: r.d.im[i] }));
  const m = Math.max(1.05, ...pts.map((q) => Math.hypot(q.x, q.y))) * 1.15;
  const circle = Array.from({ length: 121 }, (_, i) => ({ i, x: Math.cos((i * Math.PI) / 60), y: Math.sin((i * Math.PI) / 60) }));
  const x = {
    field: 'x',
    type: 'quantitative' as const,
    scale: { domain: [-m, m], nice: false, zero: false },
    axis: { title: 'Re d_t', grid: true, tickCount: 5 },
  };
  const y = {
    field: 'y',
    type: 'quantitative' as const,
    scale: { domain: [-m, m], nice: false, zero: false },
    axis: { title: 'Im d_t', grid: true, tickCount: 5 },
  };
  const first = pts[0],
    last = pts[pts.length - 1];
  const same = Math.hypot(first.x - last.x, first.y - last.y) < 1e-9 * m;
  const ends = same
    ? [{ ...first, label: `t = 1…${T} (all equal)` }]
    : [
        { ...first, label: 't = 1' },
        { ...last, label: `t = T = ${T}` },
      ];
  return {
    title: r.config,
    width: size,
    height: size,
    layer: [
      {
        data: { values: circle },
        mark: { type: 'line', strokeDash: [2, 3], color: '#999999', strokeWidth: 1, clip: true },
        encoding: { x, y, order: { field: 'i', type: 'quantitative' } },
      },
      {
        data: { values: pts },
        mark: { type: 'line', color: '#333333', strokeWidth: 1.5, point: { filled: true, size: 30, color: '#333333' }, clip: true },
        encoding: { x, y, order: { field: 't', type: 'quantitative' } },
      },
      { data: { values: ends }, mark: { type: 'point', filled: true, size: 70, color: '#d62728', clip: true }, encoding: { x, y } },
      // End labels point inward (right of a point in the left half, left of one in the right half), so
      // they stay inside the frame and do not push the neighbouring column away.
      {
        data: { values: ends.filter((q) => q.x < 0) },
        mark: { type: 'text', align: 'left', dx: 6, dy: -6, fontSize: 10, color: '#d62728' },
        encoding: { x, y, text: { field: 'label', type: 'nominal' } },
      },
      {
        data: { values: ends.filter((q) => q.x >= 0) },
        mark: { type: 'text', align: 'right', dx: -6, dy: -6, fontSize: 10, color: '#d62728' },
        encoding: { x, y, text: { field: 'label', type: 'nominal' } },
      },
    ],
  };
}

function polarPanel(r: RotationRun, which: 'b' | 'ac', width: number, height: number): LayerPanel {
  const rad = which === 'b' ? r.bRadius : r.acRadius;
  const ang = which === 'b' ? r.bAngle : r.acAngle;
  const o = r.optimum;
  const optR = which === 'b' ? o.bRadius : o.acRadius;
  const optA = which === 'b' ? o.bAngle : o.acAngle;
  // A diverged run: lines stop where the radius leaves 3× the visible scale (the blow-up is not drawn as
  // numbers), and a × marks the divergence time at the last drawn radius.
  const cap = 3 * Math.max(1, optR, Math.abs(optA));
  let n = rad.length;
  if (r.diverged) {
    const k = rad.findIndex((v) => !(Math.abs(v) <= cap));
    if (k >= 0) n = Math.max(1, k);
  }
  const t = r.t.slice(0, n);
  const tEnd = r.tDiverged ?? r.t[r.t.length - 1];
  const flat = (v: number) => [v, v];
  const markers = r.diverged
    ? [{ label: 'diverged', shape: 'x' as const, points: [{ x: tEnd, y: rad[n - 1], series: RADIUS }] }]
    : undefined;
  return lineChart({
    title: which === 'b' ? 'recurrent mode b' : 'input-output mode ac',
    x: { title: 't_θ/τ' },
    y: { title: which === 'b' ? '|b|, arg b' : '|ac|, arg ac' },
    colorTitle: 'polar coordinates',
    palette: PALETTE,
    kindTitle: 'line',
    kindLabels: { simulation: 'network (simulation)', theory: 'global optimum, App. O' },
    series: [
      { name: RADIUS, kind: 'simulation', x: t, y: rad.slice(0, n) },
      { name: ANGLE, kind: 'simulation', x: t, y: ang.slice(0, n) },
      { name: RADIUS, kind: 'theory', x: [0, tEnd], y: flat(optR) },
      { name: ANGLE, kind: 'theory', x: [0, tEnd], y: flat(optA) },
    ],
    markers,
    width,
    height,
  });
}

/** The three-row figure: task dynamics, b in polar form, ac in polar form; one column per configuration. */
export function rotationSpec(title: string, subtitle: string, runs: RotationRun[], T: number): VegaLiteSpec {
  const w = runs.length > 3 ? 170 : Math.min(PANEL.width, 200);
  const h = 130;
  // One grid, not a stack of rows: the complex-plane row has wider tick labels and end labels, and
  // separate rows would each be laid out on their own (the top row sat ~60 px out of line).
  const panels = [
    ...runs.map((r) => complexPlane(r, T, w)),
    ...runs.map((r) => polarPanel(r, 'b', w, h)),
    ...runs.map((r) => polarPanel(r, 'ac', w, h)),
  ];
  const body = grid(panels, runs.length);
  body.spacing = { row: 20, column: 40 };
  return figureSpec(title, body, { subtitle });
}

/** Snapshot: |b|, arg b, |ac|, arg ac at 6 records spread over training, t_conv and the final error, per configuration. */
export function rotationSnapshot(runs: RotationRun[]): SnapshotNumbers {
  const values: Record<string, number> = {};
  for (const r of runs) {
    for (const i of spreadIndices(r.t.length, 6)) {
      const at = round(r.t[i], 3);
      values[`${r.config}.|b|@${at}`] = r.bRadius[i];
      values[`${r.config}.arg b@${at}`] = r.bAngle[i];
      values[`${r.config}.|ac|@${at}`] = r.acRadius[i];
      values[`${r.config}.arg ac@${at}`] = r.acAngle[i];
    }
    values[`${r.config}.tConv`] = r.tConv ?? NaN;
    values[`${r.config}.finalError`] = r.finalError;
  }
  const snap = snapValues(values, { abs: 1e-9, rel: 1e-6 });
  // the final error is ~1e-12 and round-off sized: absolute tolerance only
  for (const r of runs) snap[`${r.config}.finalError`] = { value: Number.isFinite(r.finalError) ? r.finalError : null, abs: 1e-6, rel: 0 };
  return snap;
}
