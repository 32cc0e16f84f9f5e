/**
 * Fig. 4 (§3.4, eq. 10–11): the parameters and the typed result: one sweep per (panel, T, κ) with the learned
 * modes and the global minimum of the energy at each point and the transitions of both, the b(0) scan of the
 * Dirac task, and the full-network verification of the reduced dynamics.
 */
import type { FigureResult } from '../../src/figure.js';
import type { Transition } from '../../src/core/transition.js';
import type { EndState } from '../../src/core/settle.js';
import type { Panel } from './common.js';

export interface Fig4Params {
  Ts: number[];
  kappas: number[];
  points: number;
  zoom: number;
  constantRange: number[];
  expRange: number[];
  expDelta: number;
  diracRange: number[];
  a0: number;
  b0: number;
  tEnd: number;
  tauPerT3: number;
  tauMin: number;
  bMax: number;
  oscTol: number;
  rhoEdge: number;
  minJump: number;
  ffTol: number;
  recTol: number;
  sharpTol: number;
  verifyT: number;
  verifyP: number;
  b0Scan: number[];
}

/** One point of a sweep: the learned modes at the end of training and the theory. */
export interface SweepPoint extends EndState {
  x: number;
  bTheory: number;
  acTheory: number;
  theoryAtBound: boolean;
}

export interface Sweep {
  panel: Panel;
  T: number;
  kappa: number;
  tau: number;
  steps: number;
  points: SweepPoint[];
  /** Transition of the learned b (null when b never changes). */
  transition: Transition | null;
  /** Transition of the theory b* on the same grid. */
  theoryTransition: Transition | null;
}

export interface B0ScanEntry {
  T: number;
  kappa: number;
  b0: number;
  location: number | null;
  width: number | null;
}

export interface Verification {
  panel: Panel;
  T: number;
  x: number;
  /** max over κ of |b_network − b_reduced| and |ac_network − ac_reduced| at the end of training. */
  gap: number;
  offDiagonal: number;
  diverged: boolean;
  /** Some κ of the reduced run at this x ends in a 2-cycle or with ρ ≥ rhoEdge (at or near the edge of stability). */
  edge: boolean;
  /** Largest ρ over the κ of the reduced run at this x. */
  rho: number;
}

export interface Fig4Result extends FigureResult {
  series: { sweeps: Sweep[] };
  extra: {
    b0Scan: B0ScanEntry[];
    verification: Verification[];
    maxNetworkGap: number;
    oscillating: Array<{ panel: Panel; T: number; kappa: number; count: number; xs: number[] }>;
    /** Transition of gradient descent vs that of the global minimum, per (panel, T, κ). */
    locations: Array<{ panel: Panel; T: number; kappa: number; gradientDescent: number | null; globalMinimum: number | null }>;
    maxDrift: Record<Panel, number>;
    taus: Record<string, number>;
  };
}
