/**
 * The three task-dynamics sweeps fig3 (§3.3, App. F) and its T-output mirror figM2 (App. M.3) share:
 * constant dynamics swept over δ, inverse-exponential and exponential dynamics swept over λ at a fixed δ.
 * Their parameters, rules, sweep points and point keys.
 */
import type { ParamRule } from '../../src/figure.js';

export const KINDS = ['constant', 'invexp', 'exp'] as const;
export type Kind = (typeof KINDS)[number];

/** The sweep knobs (constantDeltas … expDelta). */
export interface SweepKnobs {
  constantDeltas: number[];
  invexpLambdas: number[];
  invexpDelta: number;
  expLambdas: number[];
  expDelta: number;
}

export const SWEEP_RULES: Record<keyof SweepKnobs, ParamRule> = {
  constantDeltas: { min: 1e-3, max: 100, minLength: 1, cost: 0, help: 'δ swept for constant dynamics (one network each)' },
  invexpLambdas: { min: 0.05, max: 10, minLength: 1, cost: 0, help: 'λ swept for inverse-exponential dynamics (one network each)' },
  invexpDelta: { min: 1e-3, max: 100, help: 'δ of the inverse-exponential sweep' },
  expLambdas: { min: 0.05, max: 10, minLength: 1, cost: 0, help: 'λ swept for exponential dynamics (one network each)' },
  expDelta: { min: 1e-3, max: 100, help: 'δ of the exponential sweep' },
};

/** The points of one sweep: (δ, λ) and the swept value x (δ for constant dynamics, else λ). */
export function sweepValues(p: SweepKnobs, kind: Kind): Array<{ delta: number; lambda: number; x: number }> {
  if (kind === 'constant') return p.constantDeltas.map((d) => ({ delta: d, lambda: 1, x: d }));
  if (kind === 'invexp') return p.invexpLambdas.map((l) => ({ delta: p.invexpDelta, lambda: l, x: l }));
  return p.expLambdas.map((l) => ({ delta: p.expDelta, lambda: l, x: l }));
}

export const keyOf = (kind: Kind, delta: number, lambda: number): string => `${kind}/δ=${delta}/λ=${lambda}`;

/** Relative error max(|b − b*|/|b*|, |ac − ac*|/|ac*|) of learned modes against the theory. */
export const modeRelError = (x: { b: number | null; ac: number | null; bTheory: number; acTheory: number }): number =>
  Math.max(Math.abs(x.b! - x.bTheory) / Math.abs(x.bTheory), Math.abs(x.ac! - x.acTheory) / Math.abs(x.acTheory));
