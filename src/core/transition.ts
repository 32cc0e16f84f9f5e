/**
 * Locating a transition and measuring its width from a sweep y(x) (§3.4: "the transition is sharp and
 * sharpens as T grows"), and bisection for the point where a monotone predicate flips (App. H critical β).
 *
 * Definitions (used by fig4 and written into its notes):
 *  - the steepest step: the grid interval [x_i, x_{i+1}] with the largest |Δy/Δx| (points whose y is null or
 *    not finite — diverged runs — are skipped);
 *  - the transition run: the longest stretch around the steepest step along which y moves monotonically in
 *    the direction of that step (steps against it smaller than `flatTol`·|jump of the steepest step| are
 *    allowed, so flat plateaus belong to the run);
 *  - jump J = y(run end) − y(run start); location x_c: where y crosses y(run start) + J/2 (linear
 *    interpolation, first crossing along the run);
 *  - width w = |J| / max|Δy/Δx| (the "maximum-slope" width: the x-extent of a linear ramp with the steepest
 *    slope covering the whole jump). A discontinuous jump gives w ≈ the grid spacing at the jump: `resolution`.
 *
 * Pure: no I/O.
 */

export interface Transition {
  /** x_c, where y crosses the middle of the jump. */
  location: number;
  /** Maximum-slope width |J| / max|Δy/Δx|. */
  width: number;
  /** Signed jump J across the transition run. */
  jump: number;
  /** Largest |Δy/Δx| (at the steepest step). */
  maxSlope: number;
  /** The steepest grid interval [x_i, x_{i+1}]. */
  steepest: [number, number];
  /** Grid spacing of the steepest interval: the smallest width the sweep can resolve there. */
  resolution: number;
  /** x-extent of the transition run. */
  run: [number, number];
  /** y at the two ends of the run. */
  yRun: [number, number];
}

export interface LocateOptions {
  /** Counter-steps up to flatTol·|steepest step| still belong to the run (default 1e-3). */
  flatTol?: number;
  /** A run whose |jump| is below this is no transition: null is returned (default 0). */
  minJump?: number;
}

/**
 * The transition of y(x) (x strictly increasing), or null when fewer than two finite points exist, y is
 * constant, or the jump is below `minJump`.
 */
export function locateTransition(x: ArrayLike<number>, y: ArrayLike<number | null>, opts: LocateOptions = {}): Transition | null {
  if (x.length !== y.length) throw new RangeError(`locateTransition: x has ${x.length} points, y has ${y.length}`);
  const xs: number[] = [];
  const ys: number[] = [];
  for (let i = 0; i < x.length; i++) {
    const v = y[i];
    if (v === null || !Number.isFinite(v)) continue;
    if (xs.length > 0 && !(x[i] > xs[xs.length - 1])) throw new RangeError('locateTransition: x must be strictly increasing');
    xs.push(x[i]);
    ys.push(v);
  }
  const n = xs.length;
  if (n < 2) return null;
  let iMax = -1;
  let sMax = 0;
  for (let i = 0; i + 1 < n; i++) {
    const slope = Math.abs((ys[i + 1] - ys[i]) / (xs[i + 1] - xs[i]));
    if (slope > sMax) {
      sMax = slope;
      iMax = i;
    }
  }
  if (iMax < 0 || sMax === 0) return null;
  const dir = Math.sign(ys[iMax + 1] - ys[iMax]);
  const tol = (opts.flatTol ?? 1e-3) * Math.abs(ys[iMax + 1] - ys[iMax]);
  // Extend the run while y keeps moving in `dir` (or stays within tol).
  let a = iMax;
  while (a > 0 && dir * (ys[a] - ys[a - 1]) >= -tol) a--;
  let b = iMax + 1;
  while (b + 1 < n && dir * (ys[b + 1] - ys[b]) >= -tol) b++;
  const J = ys[b] - ys[a];
  if (Math.abs(J) < (opts.minJump ?? 0)) return null;
  const mid = ys[a] + J / 2;
  let location = 0.5 * (xs[iMax] + xs[iMax + 1]);
  for (let i = a; i < b; i++) {
    const y0 = ys[i];
    const y1 = ys[i + 1];
    if ((y0 - mid) * (y1 - mid) <= 0 && y1 !== y0) {
      location = xs[i] + ((mid - y0) / (y1 - y0)) * (xs[i + 1] - xs[i]);
      break;
    }
  }
  return {
    location,
    width: Math.abs(J) / sMax,
    jump: J,
    maxSlope: sMax,
    steepest: [xs[iMax], xs[iMax + 1]],
    resolution: xs[iMax + 1] - xs[iMax],
    run: [xs[a], xs[b]],
    yRun: [ys[a], ys[b]],
  };
}

/** `count` points strictly inside (lo, hi), evenly spaced: the refinement of a steepest interval. */
export function refinePoints(lo: number, hi: number, count: number): number[] {
  if (!(hi > lo)) throw new RangeError(`refinePoints: need lo < hi, got [${lo}, ${hi}]`);
  if (!Number.isInteger(count) || count < 0) throw new RangeError(`refinePoints: count must be an integer ≥ 0, got ${count}`);
  return Array.from({ length: count }, (_, k) => lo + ((hi - lo) * (k + 1)) / (count + 1));
}

/** A transition at the resolution of its grid: width ≤ 2 × resolution (a discontinuous jump). False when missing. */
export function atResolution(t: Transition | null): boolean {
  return (t?.width ?? NaN) <= 2 * (t?.resolution ?? NaN);
}

/**
 * The transition sharpens from `a` to `b` (e.g. from one T to the next): its width decreases, or both are at
 * the resolution of their grids (both discontinuous). A missing transition never sharpens.
 */
export function sharpens(a: Transition | null, b: Transition | null): boolean {
  return (b?.width ?? NaN) < (a?.width ?? NaN) || (atResolution(a) && atResolution(b));
}

/**
 * The transition of y(x), refined once: the steepest interval of the coarse sweep gets `zoom` extra points
 * (refinePoints), y there comes from f, and the transition is located again on the merged grid. Null when
 * the coarse sweep has no transition; the coarse transition as it stands when zoom is 0.
 */
export function refinedTransition(
  x: readonly number[],
  y: readonly number[],
  f: (x: number) => number,
  zoom: number,
  opts: LocateOptions = {},
): Transition | null {
  const coarse = locateTransition(x, y, opts);
  if (!coarse || zoom <= 0) return coarse;
  const add = refinePoints(coarse.steepest[0], coarse.steepest[1], zoom);
  const all = [...x.map((v, i) => ({ x: v, y: y[i] })), ...add.map((v) => ({ x: v, y: f(v) }))].sort((u, v) => u.x - v.x);
  return locateTransition(
    all.map((q) => q.x),
    all.map((q) => q.y),
    opts,
  );
}

/**
 * Bisection for the point where a predicate flips from false (at lo) to true (at hi); the predicate is
 * assumed to flip once in [lo, hi]. Returns the final bracket [l, h] with h − l ≤ tol (pred(l) false,
 * pred(h) true), or null when pred(lo) is already true or pred(hi) false.
 */
export function bisectFlip(
  pred: (x: number) => boolean,
  lo: number,
  hi: number,
  tol: number,
): { lo: number; hi: number; evaluations: number } | null {
  if (!(hi > lo)) throw new RangeError(`bisectFlip: need lo < hi, got [${lo}, ${hi}]`);
  if (!(tol > 0)) throw new RangeError(`bisectFlip: tol must be > 0, got ${tol}`);
  let evaluations = 2;
  if (pred(lo) || !pred(hi)) return null;
  let l = lo;
  let h = hi;
  while (h - l > tol) {
    const m = 0.5 * (l + h);
    evaluations++;
    if (pred(m)) h = m;
    else l = m;
  }
  return { lo: l, hi: h, evaluations };
}
