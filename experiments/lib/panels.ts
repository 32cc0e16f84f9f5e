/**
 * The two panels fig2 (App. C–D) and its T-output mirror figM1 (App. M.1–M.2) share: the input-output
 * modes learned with b frozen (left, App. C) and the recurrent mode learned with ac frozen (right, App. D,
 * checked against the local Taylor theory). Their parameters and the rules that read the same in both.
 */
import type { ParamRule } from '../../src/figure.js';

export interface PanelParams extends Record<string, number | string | number[]> {
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
  agreeTol: number;
}

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
