/**
 * figM4 types (beyond the paper; App. M.5, eq. 160–162): the parameters of the T × init-scale NTK grid and the
 * result: the factory's heatmap panels, with the Jacobian checks and the T-output vs single-output comparison in extra.
 */
import type { Init, NtkCommon } from '../lib/ntk-grid.js';
import type { NtkFigureResult } from '../lib/ntk-figure.js';

export interface FigM4Params extends Omit<NtkCommon, 'settleTol'> {
  Ts: number[];
  scales: number[];
  Nh: number;
}

export type FigM4Result = NtkFigureResult<{
  /** structured T-output NTK vs J Jᵀ of the explicit Jacobian, max relative entry error over the checked networks */
  ntkVsJacobian: number;
  /** its block (T, T) vs the single-output NTK (ntk.ts) */
  blockVsSingle: number;
  checked: string[];
  /** |D_T-output − D_single| at T = 1 (the same network), max over the cells */
  t1Gap: number | null;
  /** per panel pair: mean D over the T > 1 cells, T-output and single-output */
  comparison: Array<{ init: Init; tOutput: number; single: number; cellsAbove: number; cells: number }>;
  unconverged: Array<{ panel: string; T: number; scale: number; seed: number; lossRatio: number }>;
  runs: number;
  totalSteps: number;
}>;
