/**
 * Fig. 4 (§3.4, eq. 10–11): what run(), the claims and the spec share: the three panels (constant, exponential
 * and Dirac-delta task families), their titles and x-axis symbols, the sweep range of each, and the 0-loss
 * solution of the unmodified dynamics (App. F.3; none for the Dirac task).
 */
import { globalSolution } from '../../src/core/tasks.js';
import type { Fig4Params } from './types.js';

export const PANELS = ['constant', 'exp', 'dirac'] as const;
export type Panel = (typeof PANELS)[number];
export const PANEL_TITLE: Record<Panel, string> = { constant: 'constant', exp: 'exponential', dirac: 'Dirac delta' };
export const X_SYMBOL: Record<Panel, string> = { constant: 'δ', exp: 'λ', dirac: 'β' };

export function rangeOf(p: Fig4Params, panel: Panel): [number, number] {
  const r = panel === 'constant' ? p.constantRange : panel === 'exp' ? p.expRange : p.diracRange;
  return [r[0], r[1]];
}

/** The 0-loss solution of the unmodified dynamics (App. F.3); none for the Dirac task. */
export function zeroLoss(p: Fig4Params, panel: Panel, x: number, T: number): { b: number; ac: number } | null {
  if (panel === 'constant') return globalSolution('constant', x, 1, T);
  if (panel === 'exp') return x > 0 ? globalSolution('exp', p.expDelta, x, T) : null;
  return null;
}
