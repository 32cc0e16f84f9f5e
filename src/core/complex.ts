/**
 * Minimal complex arithmetic (App. N–O). Scalars are {re, im} objects; vectors of complex numbers are
 * stored as separate real and imaginary Float64Arrays (CVec), as the hot loops need.
 */

export interface C {
  re: number;
  im: number;
}

/** A vector of complex numbers: re[i] + i·im[i]. */
export interface CVec {
  re: Float64Array;
  im: Float64Array;
}

export const cx = (re: number, im = 0): C => ({ re, im });
/** R e^{iφ} */
export const polar = (R: number, phi: number): C => ({ re: R * Math.cos(phi), im: R * Math.sin(phi) });
export const add = (x: C, y: C): C => ({ re: x.re + y.re, im: x.im + y.im });
export const sub = (x: C, y: C): C => ({ re: x.re - y.re, im: x.im - y.im });
export const mul = (x: C, y: C): C => ({ re: x.re * y.re - x.im * y.im, im: x.re * y.im + x.im * y.re });
export const scale = (x: C, s: number): C => ({ re: s * x.re, im: s * x.im });
export const conj = (x: C): C => ({ re: x.re, im: -x.im });
export const abs = (x: C): number => Math.hypot(x.re, x.im);
/** Principal argument in (−π, π]. */
export const arg = (x: C): number => Math.atan2(x.im, x.re);

export function div(x: C, y: C): C {
  const d = y.re * y.re + y.im * y.im;
  return { re: (x.re * y.re + x.im * y.im) / d, im: (x.im * y.re - x.re * y.im) / d };
}

export const inv = (x: C): C => div({ re: 1, im: 0 }, x);

/** x^n for an integer n ≥ 0 (repeated multiplication; exact for n = 0, 1). */
export function powi(x: C, n: number): C {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`powi: exponent must be an integer ≥ 0, got ${n}`);
  let r: C = { re: 1, im: 0 };
  for (let k = 0; k < n; k++) r = mul(r, x);
  return r;
}

export function cvec(n: number): CVec {
  return { re: new Float64Array(n), im: new Float64Array(n) };
}

export function cvecFrom(xs: ReadonlyArray<C>): CVec {
  return { re: Float64Array.from(xs, (x) => x.re), im: Float64Array.from(xs, (x) => x.im) };
}

export function cvecClone(v: CVec): CVec {
  return { re: Float64Array.from(v.re), im: Float64Array.from(v.im) };
}

export function cvecGet(v: CVec, i: number): C {
  return { re: v.re[i], im: v.im[i] };
}

/**
 * Continuous angle of a sequence of complex numbers: arg z_k shifted by multiples of 2π so that
 * consecutive angles differ by at most π (phase unwrapping). Undefined (NaN) entries stay NaN.
 */
export function unwrapAngles(angles: ReadonlyArray<number>): number[] {
  const out: number[] = [];
  let prev = NaN;
  let shift = 0;
  for (const a of angles) {
    if (!Number.isFinite(a)) {
      out.push(NaN);
      continue;
    }
    if (Number.isFinite(prev)) {
      let d = a + shift - prev;
      while (d > Math.PI) {
        shift -= 2 * Math.PI;
        d -= 2 * Math.PI;
      }
      while (d < -Math.PI) {
        shift += 2 * Math.PI;
        d += 2 * Math.PI;
      }
    }
    prev = a + shift;
    out.push(prev);
  }
  return out;
}

/** The angle φ + 2πk closest to `near`. */
export function nearestBranch(phi: number, near: number): number {
  return phi + 2 * Math.PI * Math.round((near - phi) / (2 * Math.PI));
}

/** |wrap(x − y)|: the angular distance in [0, π]. */
export function angleDistance(x: number, y: number): number {
  const d = Math.abs(((((x - y) % (2 * Math.PI)) + 3 * Math.PI) % (2 * Math.PI)) - Math.PI);
  return d;
}
