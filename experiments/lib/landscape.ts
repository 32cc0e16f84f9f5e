/**
 * Checks on an energy landscape sampled on a (b, ac) grid (figA2, and its T-output analogue figM3):
 * the regularisation term is the same for every task and grows away from 0 along every grid line.
 * Grids are row-major: value k = j·nb + i at (b = bs[i], ac = acs[j]).
 */

/** Largest spread (max − min) across tasks of the regularisation term at one grid cell. */
export function regSpread(regs: ReadonlyArray<readonly number[]>): number {
  let spread = 0;
  for (let k = 0; k < regs[0].length; k++) {
    const v = regs.map((r) => r[k]);
    spread = Math.max(spread, Math.max(...v) - Math.min(...v));
  }
  return spread;
}

/** Pairs (inner, outer) of neighbouring indices of a sorted axis, moving away from 0. */
function outward(xs: readonly number[]): Array<[number, number]> {
  const pairs: Array<[number, number]> = [];
  for (let i = 0; i + 1 < xs.length; i++) {
    if (xs[i] >= 0) pairs.push([i, i + 1]);
    else if (xs[i + 1] <= 0) pairs.push([i + 1, i]);
  }
  return pairs;
}

/**
 * Grid steps where reg decreases moving away from 0: in |ac| at fixed b, and in |b| at fixed ac ≠ 0
 * (reg is 0 on the whole ac = 0 line). A decrease smaller than tol is round-off.
 */
export function regMonotoneViolations(reg: readonly number[], bs: readonly number[], acs: readonly number[], tol = 1e-12): number {
  const nb = bs.length;
  let violations = 0;
  for (let i = 0; i < nb; i++) {
    for (const [a, b] of outward(acs)) if (reg[b * nb + i] < reg[a * nb + i] - tol) violations++;
  }
  acs.forEach((ac, j) => {
    if (ac === 0) return;
    for (const [a, b] of outward(bs)) if (reg[j * nb + b] < reg[j * nb + a] - tol) violations++;
  });
  return violations;
}
