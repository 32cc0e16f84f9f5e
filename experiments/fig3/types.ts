/**
 * Fig. 3 (§3.3, App. F): the parameter and result types. One point per sweep value (learned modes, the App. F.3
 * solution, the stability ratio ρ, the reduced dynamics, the failure if any) and one extrapolation series per
 * configuration (errors at trajectory lengths T′, App. F.1).
 */
import type { FigureResult } from '../../src/figure.js';
import type { RunStatus } from '../../src/core/stability.js';
import type { Kind, SweepKnobs } from '../lib/dynamics-sweep.js';

export interface Fig3Params extends SweepKnobs {
  T: number;
  N: number;
  P: number;
  eta: number;
  tEnd: number;
  a0: number;
  b0: number;
  c0: number;
  divergenceBound: number;
  convTol: number;
  agreeTol: number;
  unstableTol: number;
  extrapKinds: string[];
  extrapDeltas: number[];
  extrapLambdas: number[];
  extrapTMax: number;
  extrapTol: number;
}

export type Status = RunStatus;

export interface Point {
  key: string;
  kind: Kind;
  delta: number;
  lambda: number;
  /** the swept value: δ (constant) or λ */
  x: number;
  status: Status;
  /** learned modes; null unless converged (diverged or oscillating runs are never numbers) */
  b: number | null;
  ac: number | null;
  /** App. F.3 global solution */
  bTheory: number;
  acTheory: number;
  /** final loss / initial loss (null when diverged) */
  lossRatio: number | null;
  /** GD stability ratio λ_max(∇²E)/τ at the F.3 solution (balanced a = c); GD can settle there only if < 2 */
  rho: number;
  /** learned b > 1 + unstableTol (null unless converged) */
  unstable: boolean | null;
  /** s_t > s_{t+1} for all t (true), s_t < s_{t+1} (false), flat (null) */
  earlyImportance: boolean | null;
  /** the reduced dynamics (eq. 5–7) from the same initial modes, same τ and steps */
  reduced: { status: Status; b: number | null; ac: number | null };
  offDiagonal: number;
  failure: null | { step: number | null; reason: string };
}

export interface ExtrapSeries {
  config: string;
  kind: Kind;
  delta: number;
  lambda: number;
  key: string;
  status: Status;
  Tp: number[];
  /** full network on fresh whitened data of length T′ (null when the network did not converge) */
  network: Array<number | null>;
  /** the learned modes' prediction Σ_t (s_t − c b^{T′−t} a)² */
  modes: Array<number | null>;
  /** the App. F.3 solution's error at T′ */
  theory: number[];
  /** errors relative to Σ_t s_t(T′)² */
  networkRel: Array<number | null>;
  theoryRel: number[];
  targetEnergy: number[];
}

export interface Fig3Result extends FigureResult {
  series: { points: Record<Kind, Point[]>; extrapolation: ExtrapSeries[]; gdEdges: Record<Kind, number[]> };
  extra: {
    tau: number;
    steps: number;
    reducedGap: number;
    statusMismatches: string[];
    extrapNetworkVsModes: number;
    offDiagonal: number;
    /** wall-clock time of the stages (not snapshotted) */
    timingsMs: { training: number; reduced: number; extrapolation: number };
  };
}
