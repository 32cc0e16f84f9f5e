/**
 * Truncated power-series and polynomial arithmetic (dense, ascending coefficients, Float64Array).
 *
 * A series of order N is its coefficients c_0..c_N of Σ c_n t^n; every product is truncated at t^N.
 * A polynomial is the same thing without truncation: p(x) = Σ p_k x^k.
 *
 * Used by theory.ts to expand the recurrent-mode dynamics b' = F(b) (F a polynomial, eq. 6) as a
 * Taylor series in training time to any order (App. D, eq. 48): composing F with the truncated
 * series of b gives the coefficients of b' term by term, which is what the recursive chain rule of
 * eq. (50)–(57) and the Faà di Bruno form of eq. (62)–(67) compute by hand.
 */

/** Coefficients c_0..c_N of the product a·b, truncated at degree N. `out` must not alias a or b. */
export function seriesMul(a: Float64Array, b: Float64Array, N: number, out?: Float64Array): Float64Array {
  const r = out ?? new Float64Array(N + 1);
  for (let n = 0; n <= N; n++) {
    let acc = 0;
    const kmax = Math.min(n, a.length - 1);
    for (let k = Math.max(0, n - (b.length - 1)); k <= kmax; k++) acc += a[k]! * b[n - k]!;
    r[n] = acc;
  }
  return r;
}

/** a + b, truncated at degree N (missing coefficients count as 0). */
export function seriesAdd(a: Float64Array, b: Float64Array, N: number, out?: Float64Array): Float64Array {
  const r = out ?? new Float64Array(N + 1);
  for (let n = 0; n <= N; n++) r[n] = (n < a.length ? a[n]! : 0) + (n < b.length ? b[n]! : 0);
  return r;
}

/** k·a, truncated at degree N. */
export function seriesScale(a: Float64Array, k: number, N: number, out?: Float64Array): Float64Array {
  const r = out ?? new Float64Array(N + 1);
  for (let n = 0; n <= N; n++) r[n] = n < a.length ? k * a[n]! : 0;
  return r;
}

/** Σ c_n t^n by Horner's rule (also evaluates a polynomial). */
export function seriesEval(c: ArrayLike<number>, t: number): number {
  let acc = 0;
  for (let n = c.length - 1; n >= 0; n--) acc = acc * t + c[n]!;
  return acc;
}

/** p' as a polynomial (length max(1, len − 1)). */
export function polyDerivative(p: Float64Array): Float64Array {
  if (p.length <= 1) return new Float64Array(1);
  const d = new Float64Array(p.length - 1);
  for (let k = 1; k < p.length; k++) d[k - 1] = k * p[k]!;
  return d;
}

/**
 * Taylor shift: coefficients q_0..q_K of p(x0 + x) = Σ q_k x^k, i.e. q_k = p^{(k)}(x0)/k!.
 * Repeated synthetic division by (x − x0), O(deg·K).
 */
export function polyTaylorShift(p: Float64Array, x0: number, K: number, out?: Float64Array): Float64Array {
  const q = out ?? new Float64Array(K + 1);
  q.fill(0);
  const deg = p.length - 1;
  // work holds the current quotient; each division pass yields the next Taylor coefficient as remainder.
  const work = Float64Array.from(p);
  let len = deg + 1;
  for (let k = 0; k <= K && len > 0; k++) {
    // divide work[0..len-1] by (x − x0): Horner from the top, remainder ends in work[0]
    let acc = 0;
    for (let j = len - 1; j >= 0; j--) {
      acc = acc * x0 + work[j]!;
      work[j] = acc;
    }
    q[k] = work[0]!;
    // quotient coefficients are work[1..len-1] → shift down
    for (let j = 1; j < len; j++) work[j - 1] = work[j]!;
    len--;
  }
  return q;
}

/**
 * Composition p(x(t)) truncated at degree N, by Horner's rule in series arithmetic:
 * (((p_d x + p_{d−1}) x + …) x + p_0). O(deg·N²). `x` may have a nonzero constant term.
 * When x_0 = 0, only p_0..p_N matter (x^k = O(t^k)), and the loop starts there.
 * `work` (length ≥ N + 1) avoids the scratch allocation; `out` must not alias x or work.
 */
export function composePoly(p: Float64Array, x: Float64Array, N: number, out?: Float64Array, work?: Float64Array): Float64Array {
  const r = out ?? new Float64Array(N + 1);
  r.fill(0);
  const tmp = work && work.length >= N + 1 ? work.subarray(0, N + 1) : new Float64Array(N + 1);
  let top = p.length - 1;
  if ((x.length === 0 || x[0] === 0) && top > N) top = N;
  for (let k = top; k >= 0; k--) {
    // r ← r·x + p_k
    seriesMul(r, x, N, tmp);
    tmp[0] = tmp[0]! + p[k]!;
    r.set(tmp);
  }
  return r;
}
