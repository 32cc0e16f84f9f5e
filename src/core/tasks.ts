/**
 * Task dynamics: the data singular values s_1..s_T of one SV dimension (§3.2–3.4, App. P.4.1–P.4.2).
 *
 * Convention: a trajectory is a Float64Array of length T with s_t at index t − 1. Several dimensions are
 * stacked D×T row-major: s[α·T + t − 1] = s_{α,t}.
 */

/** constant f = 1, inverse-exponential f = λ^{T−t}, exponential f = λ^t (§3.3, App. P.4.1). */
export type DynamicsKind = 'constant' | 'invexp' | 'exp';

export const DYNAMICS_KINDS: readonly DynamicsKind[] = ['constant', 'invexp', 'exp'];

function checkT(T: number, min = 1): void {
  if (!Number.isInteger(T) || T < min) throw new RangeError(`trajectory length T must be an integer ≥ ${min}, got ${T}`);
}

/** f(λ, t) of §3.2 for t = 1..T. */
export function dynamicsFactor(kind: DynamicsKind, lambda: number, t: number, T: number): number {
  switch (kind) {
    case 'constant':
      return 1;
    case 'invexp':
      return lambda ** (T - t);
    case 'exp':
      return lambda ** t;
    default: {
      const never: never = kind;
      throw new RangeError(`unknown task dynamics '${String(never)}'`);
    }
  }
}

/** s_t = δ f(λ, t), t = 1..T (§3.2; App. P.4.1). */
export function taskDynamics(kind: DynamicsKind, delta: number, lambda: number, T: number): Float64Array {
  checkT(T);
  const s = new Float64Array(T);
  for (let t = 1; t <= T; t++) s[t - 1] = delta * dynamicsFactor(kind, lambda, t, T);
  return s;
}

/** eq. (10): the same trajectory with its last singular value s_T replaced by κ (App. P.4.2). Copies. */
export function withLastValue(s: Float64Array, kappa: number): Float64Array {
  if (s.length < 1) throw new RangeError('withLastValue: empty trajectory');
  const r = Float64Array.from(s);
  r[r.length - 1] = kappa;
  return r;
}

/** eq. (11): s_1 = β, s_T = κ, 0 otherwise (two Dirac deltas; App. P.4.2). Needs T ≥ 2. */
export function diracDelta(beta: number, kappa: number, T: number): Float64Array {
  checkT(T, 2);
  const s = new Float64Array(T);
  s[0] = beta;
  s[T - 1] = kappa;
  return s;
}

/**
 * The zero-loss global solution (App. F.3): constant b = 1, ac = δ (F.3.1); inverse-exponential
 * b = λ, ac = δ (F.3.2, eq. 79, 82); exponential b = 1/λ, ac = δλ^T (F.3.3, eq. 86, 89).
 */
export function globalSolution(kind: DynamicsKind, delta: number, lambda: number, T: number): { b: number; ac: number } {
  checkT(T);
  switch (kind) {
    case 'constant':
      return { b: 1, ac: delta };
    case 'invexp':
      return { b: lambda, ac: delta };
    case 'exp':
      return { b: 1 / lambda, ac: delta * lambda ** T };
    default: {
      const never: never = kind;
      throw new RangeError(`unknown task dynamics '${String(never)}'`);
    }
  }
}

/** Stack D trajectories of equal length T into one D×T row-major array (s[α·T + t − 1]). */
export function stackDims(list: Float64Array[]): Float64Array {
  if (list.length === 0) return new Float64Array(0);
  const T = list[0]!.length;
  const out = new Float64Array(list.length * T);
  list.forEach((s, alpha) => {
    if (s.length !== T) throw new RangeError(`stackDims: dimension ${alpha} has length ${s.length}, expected ${T}`);
    out.set(s, alpha * T);
  });
  return out;
}

/** Row α of a D×T array, as a view (no copy). */
export function dimRow(s: Float64Array, T: number, alpha: number): Float64Array {
  return s.subarray(alpha * T, (alpha + 1) * T);
}
