/**
 * Claim verdicts: a claim's pass/fail combined with the figure's recorded deviations (strict
 * expected failures). Pure; the runner, the summary, the report and the snapshots all use it.
 */
import type { Claim, ClaimVerdict, Deviation, Scale } from './figure.js';

/** A claim as written to <id>.json: the claim, its verdict, and the deviation record if any. */
export interface JudgedClaim extends Claim {
  verdict: ClaimVerdict;
  deviation?: Deviation;
}

export function judgeClaim(c: Claim, deviations: readonly Deviation[], scale: Scale): JudgedClaim {
  const d = deviations.find((x) => x.claim === c.id);
  const recorded = d?.scales.includes(scale) === true;
  const verdict: ClaimVerdict = recorded ? (c.pass ? 'unexpected-pass' : 'deviation') : c.pass ? 'pass' : 'fail';
  return d ? { ...c, verdict, deviation: d } : { ...c, verdict };
}

export function judgeClaims(claims: readonly Claim[], deviations: readonly Deviation[], scale: Scale): JudgedClaim[] {
  return claims.map((c) => judgeClaim(c, deviations, scale));
}

/** A verdict that fails the run: an unrecorded failure, or a recorded deviation that now passes. */
export function failsRun(v: ClaimVerdict): boolean {
  return v === 'fail' || v === 'unexpected-pass';
}

/** Deviations that name a claim the figure does not make: a stale record is a defect of the module. */
export function unknownDeviations(claims: readonly Claim[], deviations: readonly Deviation[]): Deviation[] {
  return deviations.filter((d) => !claims.some((c) => c.id === d.claim));
}
