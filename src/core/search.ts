/**
 * One-dimensional numerics the figures use on top of the theory: roots of a function by a grid scan and
 * bisection, a minimum by golden-section search, and Richardson extrapolation of an O(h²) estimate.
 * Pure: no I/O.
 */

/**
 * Every root of f in [lo, hi] found by scanning n equal intervals for a sign change, each refined by
 * `iterations` bisection steps (the midpoint of the last bracket is returned). A grid point where f is
 * exactly 0 is a root as it stands. Roots of even multiplicity (no sign change) are not found.
 */
export function scanRoots(f: (x: number) => number, lo: number, hi: number, n: number, iterations = 60): number[] {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`scanRoots: n must be an integer ≥ 1, got ${n}`);
  const out: number[] = [];
  let x0 = lo,
    f0 = f(lo);
  for (let i = 1; i <= n; i++) {
    const x1 = lo + ((hi - lo) * i) / n,
      f1 = f(x1);
    if (f0 === 0) out.push(x0);
    else if (f0 * f1 < 0) {
      let l = x0,
        h = x1,
        fl = f0;
      for (let it = 0; it < iterations; it++) {
        const m = 0.5 * (l + h),
          fm = f(m);
        if (fl * fm <= 0) h = m;
        else {
          l = m;
          fl = fm;
        }
      }
      out.push(0.5 * (l + h));
    }
    x0 = x1;
    f0 = f1;
  }
  return out;
}

/**
 * Golden-section search for a minimum of a unimodal f on [lo, hi]: `iterations` steps, each keeping the
 * part of the bracket that holds the lower of the two interior points (ratio (√5 − 1)/2). Returns the
 * midpoint of the last bracket.
 */
export function goldenSection(f: (x: number) => number, lo: number, hi: number, iterations = 100): number {
  const g = (Math.sqrt(5) - 1) / 2;
  for (let it = 0; it < iterations; it++) {
    const x1 = hi - g * (hi - lo);
    const x2 = lo + g * (hi - lo);
    if (f(x1) < f(x2)) hi = x2;
    else lo = x1;
  }
  return 0.5 * (lo + hi);
}

/**
 * The minimum of f on [lo, hi] by brute force: the smallest of f at n + 1 equally spaced points, then a
 * golden-section search on the two grid intervals beside it. Returns the smaller of the two values. For a
 * check independent of any closed form; the minimum is global when f has no dip narrower than the spacing.
 */
export function gridThenGolden(f: (x: number) => number, lo: number, hi: number, n: number, iterations = 100): number {
  const g = gridMin(f, lo, hi, n);
  const h = (hi - lo) / n;
  return Math.min(g.f, f(goldenSection(f, g.x - h, g.x + h, iterations)));
}

/** The smallest of f at the n + 1 points lo + (hi − lo)·k/n, k = 0..n, and where it is (the first, on ties). */
export function gridMin(f: (x: number) => number, lo: number, hi: number, n: number): { x: number; f: number } {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`gridMin: n must be an integer ≥ 1, got ${n}`);
  let best = Infinity;
  let xBest = lo;
  for (let k = 0; k <= n; k++) {
    const x = lo + ((hi - lo) * k) / n;
    const e = f(x);
    if (e < best) {
      best = e;
      xBest = x;
    }
  }
  return { x: xBest, f: best };
}

/**
 * Richardson extrapolation of an estimate with an O(h²) error from its values at step h and 2h:
 * (4 F(h) − F(2h)) / 3, whose error is O(h⁴).
 */
export function richardson(Fh: number, F2h: number): number {
  return (4 * Fh - F2h) / 3;
}
