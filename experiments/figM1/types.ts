/**
 * figM1 types (beyond the paper; App. M, eq. 152–158): the parameters of the three T-output panels and the
 * result: per-panel simulation/theory series and the checks of eq. 152–158 in extra.
 */
import type { FigureResult } from '../../src/figure.js';
import type { PanelParams, PanelSeries } from '../lib/panels.js';

export interface FigM1Params extends PanelParams {
  fullDynamics: string;
  fullDeltas: number[];
  fullLambdas: number[];
  fullInit: number;
  fullTEnd: number;
}

export type Series = PanelSeries;

export interface FigM1Result extends FigureResult {
  series: { left: Series[]; right: Series[]; full: Series[] };
  extra: {
    offDiagonal: number;
    tau: { left: number; right: number; full: number };
    steps: { left: number; right: number; full: number };
    /** max |network − eq. 152–155| over the full panel (b, a, c, every record) */
    reducedGap: number;
    /** max relative gap between eq. 158 printed literally and G^{(n−1)}(b) of the T-output field, n = 1..order+1 */
    eq158Gap: number;
    /** max relative gap between the rates of eq. 152–155 and −τ∂E/∂θ of eq. 156 (central differences) */
    energyGradGap: number;
    /** final loss / initial loss of the full panel network */
    fullLossRatio: number;
  };
}
