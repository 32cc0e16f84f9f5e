/**
 * figM4 claims (beyond the paper; App. M.5, eq. 160–162): the structured T-output NTK equals J Jᵀ, its last
 * block is the single-output NTK, T = 1 is the same network, and fig5's recurrence and init-scale claims
 * hold on the T-output panels.
 */
import type { Claim } from '../../src/figure.js';
import { claim } from '../../src/kit.js';
import { recurrenceClaim, smallerInitClaim } from '../lib/ntk-grid.js';
import type { FigM4Params, FigM4Result } from './types.js';

export function claims(r: FigM4Result, p: FigM4Params): Claim[] {
  const ar = r.series.panels.filter((q) => q.id.startsWith('ar-'));
  return [
    claim(
      'ntk-vs-jacobian',
      "The T-output NTK of App. M.5, structured as in App. I (eq. 160–162 with the output times t, t' and indices as derived in the notes), equals J Jᵀ over all P·T·N_y outputs.",
      r.extra.ntkVsJacobian,
      `max |K − J Jᵀ| / max |J Jᵀ| < 1e-10 (${r.extra.checked.join('; ')})`,
      r.extra.ntkVsJacobian < 1e-10,
    ),
    claim(
      'block-is-single-output',
      "The block of the last output time (t = t' = T) is the single-output NTK of App. I.",
      r.extra.blockVsSingle,
      'max relative gap < 1e-10',
      r.extra.blockVsSingle < 1e-10,
    ),
    claim(
      't1-same-network',
      'At T = 1 the T-output and single-output networks coincide (same data, same initialisation), and so do their kernel distances.',
      r.extra.t1Gap,
      '|D_T-output − D_single| < 1e-9 in every T = 1 cell',
      r.extra.t1Gap !== null && r.extra.t1Gap < 1e-9,
    ),
    recurrenceClaim(
      ar,
      "With every step supervised (T-output), the kernel distance is still larger for recurrent networks (T > 1) than for T = 1, across init scales, aligned and unaligned (fig5's claim, §3.5, on App. M's networks).",
      p.convFrac,
    ),
    smallerInitClaim(
      ar,
      "With every step supervised (T-output), the kernel moves further at smaller initialisation (fig5's claim on App. M's networks).",
    ),
  ];
}
