/**
 * The sensory figure factory (fig6, figA8; §3.6, App. L, App. P.4.3): what the two figures share — the
 * multisensory task parameters and their rules, the training length T = ⌊stimulus/dt⌋ and its check, one
 * trained network per target (trainSensory in sensory.ts, in workers), the panel grid and the snapshot of
 * the recorded singular values. A module states its targets, training, extras, claims and panels.
 */
import type { RunContext } from '../../src/context.js';
import type { Claim, Figure, FigureResult, ParamRule, ParamsOf, SnapshotNumbers } from '../../src/figure.js';
import { stimulusSteps, type IntegrationTarget, type MultiSensoryOptions } from '../../src/core/multisensory.js';
import { round, spreadIndices } from '../../src/kit.js';
import { figureSpec, hconcat, vconcat, type LayerPanel, type MarkerSet } from '../../src/render/spec.js';
import { SENSORY_TASK, TASK_RULES, logSteps, type SensoryRunResult, type SensoryRunSpec } from './sensory.js';

/** Parameters every sensory figure has: the multisensory task (App. P.4.3) and the unaligned network. */
export interface SensoryParams {
  dt: number;
  stimulus: number;
  sigma: number;
  cohs: number[];
  P: number;
  Nh: number;
  initScale: number;
  points: number;
}

/** Neurogym's task at a stimulus period (ms), P = 1024 trials, N_h = 4, init scale 0.1 (fig6, figA8). */
export function taskDefaults(stimulus: number) {
  return { dt: 100, stimulus, sigma: 1, cohs: [5, 15, 50], P: 1024, Nh: 4, initScale: 0.1 };
}

export function taskOptions(p: SensoryParams): MultiSensoryOptions {
  return { dt: p.dt, stimulus: p.stimulus, sigma: p.sigma, cohs: p.cohs, dimRing: 2 };
}

export function last<T>(xs: T[]): T {
  return xs[xs.length - 1];
}

/** The first k singular values of W_h ('svH') or W_yW_x ('svIO') at the last record ([] when none). */
export function finalSv(x: SensoryRunResult, key: 'svH' | 'svIO', k: number): number[] {
  return x[key].length ? last(x[key]).slice(0, k) : [];
}

/** A × at the end of a diverged run (none otherwise). */
export function divergedMarker(x: SensoryRunResult): MarkerSet[] {
  return x.diverged && x.t.length ? [{ label: `diverged (step ${x.diverged.step})`, points: [{ x: last(x.t), y: 0 }] }] : [];
}

/** Snapshot entries of one run at 6 records spread over training: singular values, then the given curves. */
export function recordSnapshot(
  values: Record<string, number>,
  x: SensoryRunResult,
  curves: ReadonlyArray<'hiddenGrad' | 'loss'> = [],
): void {
  for (const i of spreadIndices(x.t.length, 6)) {
    const at = `@${round(x.t[i], 4)}`;
    x.svH[i].forEach((s, j) => {
      values[`${x.target}.svH${j + 1}${at}`] = s;
    });
    x.svIO[i].forEach((s, j) => {
      values[`${x.target}.svIO${j + 1}${at}`] = s;
    });
    for (const c of curves) values[`${x.target}.${c}${at}`] = x[c][i];
  }
}

/** The result of a sensory figure: one run per target; extra starts with the training length T. */
export interface SensoryResult<E extends Record<string, unknown>> extends FigureResult {
  series: { runs: SensoryRunResult[] };
  extra: { T: number } & E;
}

/** How one target's network is trained and tested (the rest of its SensoryRunSpec is common). */
export type Training = Pick<SensoryRunSpec, 'eta' | 'steps' | 'tPrimes' | 'testP' | 'sharpness'>;

export interface SensoryFigureDef<P extends SensoryParams, E extends Record<string, unknown>> {
  id: string;
  title: string;
  paper: string;
  /** the paper's caption, first sentence (see FigureMeta) */
  caption: string;
  params: { paper: P; quick: P };
  /** the stimulus rule's help, and the rules of the figure's own parameters (after TASK_RULES) */
  stimulusHelp: string;
  rules: Partial<Record<keyof P & string, ParamRule>>;
  notes: string[];
  targets: readonly IntegrationTarget[];
  /** a check beyond T ≥ 1 */
  validate?(p: P, T: number): string | null;
  training(p: P, target: IntegrationTarget): Training;
  /** extra after T */
  extra(runs: SensoryRunResult[], p: P): E;
  claims(r: SensoryResult<E>, p: P): Claim[];
  spec: { title: string; subtitle(p: P): string; rows(r: SensoryResult<E>, p: P): LayerPanel[][] };
  snapshot(r: SensoryResult<E>, p: P): SnapshotNumbers;
}

/** The Figure of a sensory figure. */
export function sensoryFigure<P extends SensoryParams & ParamsOf<P>, E extends Record<string, unknown>>(
  def: SensoryFigureDef<P, E>,
): Figure<P, SensoryResult<E>> {
  return {
    id: def.id,
    group: 'sensory',
    title: def.title,
    paper: def.paper,
    caption: def.caption,
    params: def.params,
    rules: { ...TASK_RULES, stimulus: { min: 1, max: 100000, cost: 1, help: def.stimulusHelp }, ...def.rules } as Figure<
      P,
      SensoryResult<E>
    >['rules'],
    notes: def.notes,
    validate(p) {
      const T = stimulusSteps(taskOptions(p));
      if (T < 1) return `stimulus=${p.stimulus} ms is shorter than one step of dt=${p.dt} ms: T = ⌊stimulus/dt⌋ must be ≥ 1`;
      return def.validate?.(p, T) ?? null;
    },
    async run(p: P, ctx: RunContext) {
      const task = taskOptions(p);
      const T = stimulusSteps(task);
      const specs: SensoryRunSpec[] = def.targets.map((target) => {
        const tr = def.training(p, target);
        return {
          target,
          T,
          P: p.P,
          Nh: p.Nh,
          initScale: p.initScale,
          ...tr,
          recordAt: logSteps(tr.steps, p.points),
          seed: ctx.seedFor(`train/${target}`),
          task,
          testSeed: ctx.seedFor('test'),
        };
      });
      ctx.progress('training');
      const runs = await ctx.map(SENSORY_TASK, specs, 'training networks');
      const diverged = runs.flatMap((r) => (r.diverged ? [{ target: r.target, ...r.diverged }] : []));
      return { series: { runs }, diverged, extra: { T, ...def.extra(runs, p) } };
    },
    claims: def.claims,
    spec(r, p) {
      const rows = def.spec.rows(r, p).map((row) => hconcat(row, { independentLegends: true }));
      return figureSpec(def.spec.title, vconcat(rows, { independentLegends: true }), { subtitle: def.spec.subtitle(p) });
    },
    snapshot: def.snapshot,
  };
}
