/**
 * The NTK figure factory (fig5, figA4–A7, figM4; §3.5, App. I–J, M.5): what every kernel-distance heatmap
 * figure shares — the common rules and notes, the whitening check, the heatmap grid, the snapshot of every
 * cell. A module states only what differs: its metadata, parameters, extra rules, run, claims and subtitle.
 */
import type { RunContext } from '../../src/context.js';
import type { Claim, Deviation, Figure, FigureResult, Group, ParamRule, ParamsOf, SnapshotNumbers } from '../../src/figure.js';
import { snapValues } from '../../src/kit.js';
import { figureSpec, hconcat, heatmap, vconcat, type LayerPanel, type VegaLiteSpec } from '../../src/render/spec.js';
import { COMMON_NOTES, COMMON_RULES, GRID_RULES, validateCommon, type GridData, type NtkCommon, type PanelResult } from './ntk-grid.js';

/** The parameters an NTK figure has at least (figM4 has no settleTol). */
export type NtkFigureParams = Omit<NtkCommon, 'settleTol'> & { Ts: number[] };

/** The result of an NTK figure: its panels, plus what the figure keeps in extra. */
export interface NtkFigureResult<E extends Record<string, unknown> = GridExtra> extends FigureResult {
  series: { panels: PanelResult[] };
  extra: E;
}

/** extra of a grid figure (gridResult). */
export type GridExtra = { unconverged: GridData['unconverged']; runs: number; totalSteps: number };

type HeatmapFormat = { width?: number; height?: number; xFormat?: string; yFormat?: string };

export interface NtkFigureDef<P extends NtkFigureParams & ParamsOf<P>, R extends NtkFigureResult<Record<string, unknown>>> {
  id: string;
  title: string;
  paper: string;
  /** the paper's caption, first sentence (see FigureMeta) */
  caption: string;
  beyondPaper?: true;
  /** default 'ntk' */
  group?: Group;
  params: { paper: P; quick: P };
  /** rules beyond (or replacing) those of COMMON_RULES and GRID_RULES for the parameters the figure has */
  rules?: Partial<Record<keyof P & string, ParamRule>>;
  /** notes after COMMON_NOTES (all the notes when commonNotes is false) */
  notes: string[];
  commonNotes?: false;
  deviations?: readonly Deviation[];
  /** the figure has aligned networks: N_h ≥ D is checked */
  aligned?: true;
  /** a check beyond the aligned width, run before the whitening check (validateCommon) */
  validate?(p: P): string | null;
  run(p: P, ctx: RunContext): Promise<R>;
  claims(r: R, p: P): Claim[];
  spec: { title: string; subtitle(p: P): string; rows?(r: R): PanelResult[][]; format?: HeatmapFormat };
}

/** The Figure of an NTK heatmap figure. */
export function ntkFigure<P extends NtkFigureParams & ParamsOf<P>, R extends NtkFigureResult<Record<string, unknown>>>(
  def: NtkFigureDef<P, R>,
): Figure<P, R> {
  const common = Object.fromEntries(Object.entries({ ...COMMON_RULES, ...GRID_RULES }).filter(([k]) => k in def.params.paper));
  return {
    id: def.id,
    group: def.group ?? 'ntk',
    title: def.title,
    paper: def.paper,
    caption: def.caption,
    ...(def.beyondPaper ? { beyondPaper: true } : {}),
    params: def.params,
    rules: { ...common, ...def.rules } as Figure<P, R>['rules'],
    notes: def.commonNotes === false ? def.notes : [...COMMON_NOTES, ...def.notes],
    ...(def.deviations ? { deviations: def.deviations } : {}),
    validate(p) {
      if (def.aligned && 'Nh' in p && typeof p.Nh === 'number' && p.D > p.Nh)
        return `an aligned network needs N_h ≥ D (Nh=${p.Nh}, D=${p.D})`;
      return def.validate?.(p) ?? validateCommon(p, p.Ts);
    },
    run: def.run,
    claims: def.claims,
    spec(r, p) {
      return gridSpec(def.spec.title, def.spec.rows?.(r) ?? [r.series.panels], def.spec.subtitle(p), def.spec.format ?? { yFormat: '~g' });
    },
    snapshot(r) {
      return gridSnapshot(r.series.panels);
    },
  };
}

/** One heatmap panel; null cells (diverged) stay blank. Colour domain [0, 1] shared by every panel. */
export function panelSpec(panel: PanelResult, o: HeatmapFormat = {}): LayerPanel {
  return heatmap({
    title: panel.title,
    x: { title: panel.xTitle, ...(o.xFormat ? { format: o.xFormat } : {}) },
    y: { title: panel.yTitle, ...(o.yFormat ? { format: o.yFormat } : {}) },
    cells: panel.cells.map((c) => ({ x: c.x, y: c.y, value: c.value })),
    color: { title: 'kernel distance D', scheme: 'viridis', domain: [0, 1] },
    width: o.width,
    height: o.height,
  });
}

export function gridSpec(title: string, rows: PanelResult[][], subtitle?: string, o: HeatmapFormat = {}): VegaLiteSpec {
  const body =
    rows.length === 1 ? hconcat(rows[0].map((p) => panelSpec(p, o))) : vconcat(rows.map((r) => hconcat(r.map((p) => panelSpec(p, o)))));
  return figureSpec(title, body, { subtitle });
}

/** Snapshot: every cell's mean distance (null for diverged) and its spread. */
export function gridSnapshot(panels: PanelResult[]): SnapshotNumbers {
  const values: Record<string, number> = {};
  const nulls: SnapshotNumbers = {};
  for (const panel of panels) {
    for (const c of panel.cells) {
      const key = `${panel.id}.T=${c.T}.io=${c.sigmaIO}.rec=${c.sigmaRec}`;
      if (c.value === null) nulls[`${key}.D`] = { value: null, abs: 0, rel: 0 };
      else values[`${key}.D`] = c.value;
      if (c.std !== null && c.runs.length > 1) values[`${key}.std`] = c.std;
    }
  }
  return { ...snapValues(values, { abs: 1e-9, rel: 1e-6 }), ...nulls };
}

/** The FigureResult fields every grid figure returns: panels, diverged runs, run notes, and run counts in extra. */
export function gridResult<E extends object>(g: GridData, extra: E = {} as E) {
  return {
    series: { panels: g.panels },
    diverged: g.diverged,
    notes: [
      `${g.runs} networks trained, ${g.totalSteps} gradient steps in total; ${g.diverged.length} diverged, ${g.unconverged.length} ended unconverged (listed in extra.unconverged).`,
    ],
    extra: { unconverged: g.unconverged, runs: g.runs, totalSteps: g.totalSteps, ...extra },
  };
}
