/**
 * Where gradient descent on the modes settles: a fixed point, or a period-2 oscillation at the edge of
 * stability (§3.3: GD with step 1/τ oscillates when the sharpness reaches 2τ). Read from the modes at the
 * last three steps, x_n, x_{n−1}, x_{n−2}. Pure: no I/O.
 */

export interface ModeValues {
  a: number;
  b: number;
  c: number;
}

/**
 * A period-2 oscillation: x_n ≈ x_{n−2} while x_n ≠ x_{n−1}, i.e. d1 = max|x_n − x_{n−1}| > tol and
 * d1 > 10·d2 with d2 = max|x_n − x_{n−2}| (max over a, b, c). Returns the verdict and d1.
 */
export function twoCycle(x: ModeValues, prev: ModeValues, prev2: ModeValues, tol: number): { cycle: boolean; d1: number } {
  const d1 = Math.max(Math.abs(x.a - prev.a), Math.abs(x.b - prev.b), Math.abs(x.c - prev.c));
  const d2 = Math.max(Math.abs(x.a - prev2.a), Math.abs(x.b - prev2.b), Math.abs(x.c - prev2.c));
  return { cycle: d1 > tol && d1 > 10 * d2, d1 };
}

/** The settled b and u = ac: the last values, or the mean over the two points of a 2-cycle. */
export function settledModes(x: ModeValues, prev: ModeValues, cycle: boolean): { b: number; ac: number } {
  return cycle ? { b: 0.5 * (x.b + prev.b), ac: 0.5 * (x.a * x.c + prev.a * prev.c) } : { b: x.b, ac: x.a * x.c };
}
