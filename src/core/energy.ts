/**
 * The per-mode residual and its normalisations: one SV dimension with input-output mode u = ac and
 * recurrent mode b against the task singular values s_1..s_T,
 *   R(u, b) = Σ_{i=1}^T (s_i − u b^{T−i})² = Σ_{k=0}^{T−1} (s_{T−k} − u b^k)²,
 * summed term by term with the powers b^k built by repeated multiplication (exact at b² = 1).
 * The paper writes it with three normalisations, each a named wrapper below:
 *   eq. (8):   E = R / 2τ           (`modeEnergy`; modes.ts `energy` vectorised over dimensions)
 *   eq. (94):  E = R                (`landauEnergy`, App. H; also the extrapolation error of App. F.1)
 *   eq. (186): τE = ½ |R|           (the complex modes of App. N, complexmodes.ts `complexEnergy`)
 * Pure: no I/O.
 */

/** R = Σ_{k=0}^{T−1} (s_{T−k} − u b^k)², with s_i read at s[base + i − 1] (default: all of s). */
export function modeResidual(s: ArrayLike<number>, u: number, b: number, base = 0, T = s.length - base): number {
  const last = base + T - 1;
  let p = 1; // b^k
  let acc = 0;
  for (let k = 0; k < T; k++) {
    const e = s[last - k] - u * p;
    acc += e * e;
    p *= b;
  }
  return acc;
}

/** eq. (8) for one dimension: E = (1/2τ) Σ_i (s_i − c b^{T−i} a)², u = ac. */
export function modeEnergy(s: ArrayLike<number>, u: number, b: number, tau = 1): number {
  return modeResidual(s, u, b) / (2 * tau);
}

/** eq. (94) / (97), App. H: E(u, b) = Σ_i (s_i − u b^{T−i})², no factor 1/2τ. */
export function landauEnergy(s: ArrayLike<number>, u: number, b: number): number {
  return modeResidual(s, u, b);
}

/** Σ_{i=1}^T b^{2(T−i)} = Σ_{k=0}^{T−1} (b²)^k, summed directly (= T at b² = 1, no division by zero): the regulariser of eq. (9). */
export function geometricSum(b: number, T: number): number {
  const b2 = b * b;
  let p = 1;
  let acc = 0;
  for (let k = 0; k < T; k++) {
    acc += p;
    p *= b2;
  }
  return acc;
}
