/**
 * The two panels fig2 (App. C–D) and its T-output mirror figM1 (App. M.1–M.2) share: the input-output
 * modes learned with b frozen (left, App. C) and the recurrent mode learned with ac frozen (right, App. D,
 * checked against the local Taylor theory). Their parameters and the rules that read the same in both,
 * the training rules fig2 shares with figA1, and the series type of a training curve against its theory.
 */
import type { ParamRule, SnapshotNumbers } from '../../src/figure.js';
import { round, snapValues, spreadIndices } from '../../src/kit.js';

/** The knobs of the two panels (T … taylorWindow). */
export interface PanelKnobs {
  T: number;
  P: number;
  eta: number;
  points: number;
  leftDynamics: string;
  leftLambda: number;
  deltas: number[];
  leftA0: number;
  leftB: number;
  leftTEnd: number;
  rightDynamics: string;
  rightDeltas: number[];
  rightLambdas: number[];
  rightB0: number;
  rightTEnd: number;
  taylorOrder: number;
  taylorWindow: number;
}

export interface PanelParams extends PanelKnobs, Record<string, number | string | number[]> {
  agreeTol: number;
}

/**
 * Fig. 2's paper-scale choices (its notes say why), T … taylorWindow; figM1 mirrors them with shorter
 * training times and a shorter Taylor window. Spread first, so the keys keep this order.
 */
export const PANEL_PAPER: PanelKnobs = {
  T: 5,
  P: 64,
  eta: 0.1,
  points: 200,
  leftDynamics: 'invexp',
  leftLambda: 0.8,
  deltas: [0.5, 1, 1.5, 2],
  leftA0: 0.1,
  leftB: 0.8,
  leftTEnd: 5,
  rightDynamics: 'invexp',
  rightDeltas: [2, 1.5, 1],
  rightLambdas: [0.6, 0.75, 0.9],
  rightB0: 0.1,
  rightTEnd: 2,
  taylorOrder: 5,
  taylorWindow: 0.05,
};

/** Rules of the training of fig2 and figA1: T, P, η and the recorded points; `units` names what N counts. */
export function trainingRules(units: string): Record<'T' | 'P' | 'eta' | 'points', ParamRule> {
  return {
    T: { min: 2, max: 50, integer: true, cost: 1, help: 'trajectory length T' },
    P: { min: 2, max: 100000, integer: true, cost: 1, help: `whitened trajectories; at least N·T + 1 (N = number of ${units}); τ = P·N/η` },
    eta: { min: 1e-6, max: 100, cost: -1, help: 'learning rate η; τ = P·N/η gradient steps per unit of t_θ/τ' },
    points: { min: 2, max: 5000, integer: true, help: 'recorded points per training curve' },
  };
}

/** One training curve of a panel: simulation and theory at the recorded times t (t_θ/τ). */
export interface PanelSeries {
  config: string;
  t: number[];
  simulation: number[];
  theory: number[];
  target: number;
  gap: number;
}

/** Column k of a list of rows (the records of one dimension). */
export const column = (rows: number[][], k: number): number[] => rows.map((r) => r[k]);

/** Rules of the left panel's initial, frozen and end values. */
export const LEFT_RULES: Record<'leftA0' | 'leftB' | 'leftTEnd', ParamRule> = {
  leftA0: { min: 1e-6, max: 10, help: 'initial a(0) = c(0) of the left panel' },
  leftB: { min: -10, max: 10, help: 'recurrent mode b, frozen, in the left panel' },
  leftTEnd: { min: 1e-3, max: 1000, cost: 1, help: 'training time t_θ/τ of the left panel' },
};

/** Rules of the right panel's initial b and training time. */
export const RIGHT_RULES: Record<'rightB0' | 'rightTEnd', ParamRule> = {
  rightB0: { min: -10, max: 10, help: 'initial recurrent mode b(0) of the right panel' },
  rightTEnd: { min: 1e-3, max: 1000, cost: 1, help: 'training time t_θ/τ of the right panel' },
};

export const AGREE_RULE: ParamRule = { min: 0, max: 10, help: 'relative tolerance of the simulation-vs-theory and target claims' };

/** The right panel pairs each δ with a λ. */
export function validateRightPanel(p: PanelParams): string | null {
  if (p.rightDeltas.length !== p.rightLambdas.length) {
    return `rightDeltas (${p.rightDeltas.length} values) and rightLambdas (${p.rightLambdas.length} values) must have the same length`;
  }
  return null;
}

/** Snapshot: simulation and theory at five times spread over each curve of every panel. */
export function panelSnapshot(
  series: Record<string, ReadonlyArray<{ config: string; t: number[]; simulation: number[]; theory: number[] }>>,
): SnapshotNumbers {
  const values: Record<string, number> = {};
  for (const [panel, list] of Object.entries(series)) {
    for (const s of list) {
      for (const i of spreadIndices(s.t.length, 5)) {
        values[`${panel}.${s.config}.sim@${round(s.t[i], 3)}`] = s.simulation[i];
        values[`${panel}.${s.config}.theory@${round(s.t[i], 3)}`] = s.theory[i];
      }
    }
  }
  return snapValues(values, { abs: 1e-9, rel: 1e-6 });
}
