/**
 * Reduced connectivity-mode dynamics (§3.1, App. B), vectorised over D SV dimensions.
 *
 * Each dimension α has an input mode a_α, recurrent mode b_α and output mode c_α; their gradient flow
 * decouples across α (eq. 5–7 = eq. 36–39) and descends the energy of eq. (8) (= eq. 40 per dimension).
 *
 * Time: training time is t_θ/τ. The discrete dynamics are the Euler step of size 1/τ in t_θ/τ units,
 * m ← m + (1/τ)·(τ dm/dt_θ), which is exactly one step of gradient descent on the full network with
 * τ = P·N_y/η (App. P.2). So `simulateModes` and a full aligned network agree step for step.
 *
 * Layout: s is D×T row-major, s[α·T + t − 1] = s_{α,t}; D is taken from m.a.length.
 */
import { modeResidual, geometricSum } from './energy.js';
import { recordSchedule, type RecordOptions } from './schedule.js';

/** Connectivity modes, one entry per SV dimension. */
export interface Modes {
  a: Float64Array;
  b: Float64Array;
  c: Float64Array;
}

/** τ·d/dt_θ of each mode, eq. (5)–(7). */
export interface ModeRates {
  da: Float64Array;
  db: Float64Array;
  dc: Float64Array;
}

export type ModeName = 'a' | 'b' | 'c';

/** Records follow the shared schedule (schedule.ts): recordEvery, recordAt, or the first and last step. */
export interface ModeSimOptions extends RecordOptions {
  /** τ: the Euler step is 1/τ in t_θ/τ units (τ = P·N_y/η for the full network). */
  tau: number;
  /** Number of Euler steps. */
  steps: number;
  /** Modes held fixed (App. C freezes b; App. D freezes a and c). */
  freeze?: Array<ModeName>;
  /** A dimension diverges when |a|, |b| or |c| exceeds this or is not finite. Default 1e6. */
  divergenceBound?: number;
}

export interface ModeRecord {
  step: number;
  /** t_θ/τ = step/τ. */
  t: number;
  a: Float64Array;
  b: Float64Array;
  c: Float64Array;
}

export interface ModeSimResult {
  /** Final modes (a diverged dimension holds its last value within the bound). */
  m: Modes;
  records: ModeRecord[];
  /** Per dimension: null, or the step whose update would have diverged and why. */
  diverged: Array<null | { step: number; reason: string }>;
}

/** D modes all set to (a, b, c). */
export function uniformModes(D: number, a: number, b: number, c: number): Modes {
  return { a: new Float64Array(D).fill(a), b: new Float64Array(D).fill(b), c: new Float64Array(D).fill(c) };
}

/** A deep copy. */
export function cloneModes(m: Modes): Modes {
  return { a: Float64Array.from(m.a), b: Float64Array.from(m.b), c: Float64Array.from(m.c) };
}

function checkShapes(m: Modes, s: Float64Array, T: number): number {
  const D = m.a.length;
  if (m.b.length !== D || m.c.length !== D)
    throw new RangeError(`modes: a, b, c lengths differ (${m.a.length}, ${m.b.length}, ${m.c.length})`);
  if (!Number.isInteger(T) || T < 1) throw new RangeError(`modes: T must be an integer ≥ 1, got ${T}`);
  if (s.length !== D * T) throw new RangeError(`modes: s has length ${s.length}, expected D·T = ${D}·${T}`);
  return D;
}

/**
 * eq. (5)–(7) for one dimension: with u = ac, k = T − i and e_k = s_{T−k} − u b^k,
 *   S0 = Σ_{k=0}^{T−1} b^k e_k,  S1 = Σ_{k=1}^{T−1} k b^{k−1} e_k,
 *   τ da/dt_θ = c·S0 (eq. 5),  τ db/dt_θ = u·S1 (eq. 6),  τ dc/dt_θ = a·S0 (eq. 7).
 * Powers of b are built incrementally. Writes S0 to sums[0] and S1 to sums[1].
 */
function rateSums(b: number, u: number, s: Float64Array, base: number, T: number, sums: Float64Array): void {
  let p = 1; // b^k
  let pPrev = 0; // b^{k−1} (0 for k = 0, whose S1 weight k is 0 anyway)
  let S0 = 0;
  let S1 = 0;
  const last = base + T - 1;
  for (let k = 0; k < T; k++) {
    const e = s[last - k]! - u * p;
    S0 += p * e;
    S1 += k * pPrev * e;
    pPrev = p;
    p *= b;
  }
  sums[0] = S0;
  sums[1] = S1;
}

/** τ·d/dt_θ of (a, b, c) in every dimension, eq. (5)–(7). */
export function modeRates(m: Modes, s: Float64Array, T: number, out?: ModeRates): ModeRates {
  const D = checkShapes(m, s, T);
  const r = out ?? { da: new Float64Array(D), db: new Float64Array(D), dc: new Float64Array(D) };
  const sums = new Float64Array(2);
  for (let al = 0; al < D; al++) {
    const a = m.a[al]!;
    const b = m.b[al]!;
    const c = m.c[al]!;
    rateSums(b, a * c, s, al * T, T, sums);
    r.da[al] = c * sums[0]!;
    r.db[al] = a * c * sums[1]!;
    r.dc[al] = a * sums[0]!;
  }
  return r;
}

/**
 * Euler integration of eq. (5)–(7): m ← m + (1/τ)·rates, simultaneously for a, b, c, for `steps` steps.
 * Never mutates m0. The hot loop allocates nothing (records copy the state when asked).
 * A dimension whose update would take |a|, |b| or |c| above divergenceBound (or make it non-finite) is frozen at
 * its last in-bound value and reported; the other dimensions continue.
 */
export function simulateModes(m0: Modes, s: Float64Array, T: number, opts: ModeSimOptions): ModeSimResult {
  const D = checkShapes(m0, s, T);
  const { tau, steps } = opts;
  if (!(tau > 0) || !Number.isFinite(tau)) throw new RangeError(`simulateModes: tau must be finite and > 0, got ${tau}`);
  if (!Number.isInteger(steps) || steps < 0) throw new RangeError(`simulateModes: steps must be an integer ≥ 0, got ${steps}`);
  const bound = opts.divergenceBound ?? 1e6;
  const freeze = new Set(opts.freeze ?? []);
  const h = 1 / tau;
  const fa = freeze.has('a');
  const fb = freeze.has('b');
  const fc = freeze.has('c');

  const schedule = recordSchedule(steps, opts, 'simulateModes');

  const a = Float64Array.from(m0.a);
  const b = Float64Array.from(m0.b);
  const c = Float64Array.from(m0.c);
  const active = new Uint8Array(D).fill(1);
  const diverged: ModeSimResult['diverged'] = new Array(D).fill(null);
  const records: ModeRecord[] = [];
  const record = (st: number) => {
    records.push({ step: st, t: st / tau, a: Float64Array.from(a), b: Float64Array.from(b), c: Float64Array.from(c) });
  };
  if (schedule.has(0)) record(0);

  // The sums S0, S1 of rateSums, inlined, for two dimensions at a time: two independent dependency chains
  // (powers of b, accumulators) run ~1.4× faster than one. For odd D the last pair is (D−1, D−1).
  const last = T - 1;
  for (let st = 1; st <= steps; st++) {
    for (let al = 0; al < D; al += 2) {
      const bl = al + 1 < D ? al + 1 : al;
      const actA = active[al] === 1;
      const actB = bl !== al && active[bl] === 1;
      if (!actA && !actB) continue;
      const a0 = a[al]!;
      const b0 = b[al]!;
      const c0 = c[al]!;
      const u0 = a0 * c0;
      const a1 = a[bl]!;
      const b1 = b[bl]!;
      const c1 = c[bl]!;
      const u1 = a1 * c1;
      const base0 = al * T + last;
      const base1 = bl * T + last;
      let p0 = 1; // b^k
      let q0 = 0; // b^{k−1}
      let S00 = 0;
      let S10 = 0;
      let p1 = 1;
      let q1 = 0;
      let S01 = 0;
      let S11 = 0;
      for (let k = 0; k < T; k++) {
        const e0 = s[base0 - k]! - u0 * p0;
        S00 += p0 * e0;
        S10 += k * q0 * e0;
        q0 = p0;
        p0 *= b0;
        const e1 = s[base1 - k]! - u1 * p1;
        S01 += p1 * e1;
        S11 += k * q1 * e1;
        q1 = p1;
        p1 *= b1;
      }
      // Euler step, eq. (5)–(7); NaN fails every comparison, so !(|x| ≤ bound) also catches non-finite values
      if (actA) {
        const na = fa ? a0 : a0 + h * c0 * S00;
        const nb = fb ? b0 : b0 + h * u0 * S10;
        const nc = fc ? c0 : c0 + h * a0 * S00;
        if (Math.abs(na) <= bound && Math.abs(nb) <= bound && Math.abs(nc) <= bound) {
          a[al] = na;
          b[al] = nb;
          c[al] = nc;
        } else {
          active[al] = 0;
          diverged[al] = { step: st, reason: divergenceReason(na, nb, nc, bound) };
        }
      }
      if (actB) {
        const na = fa ? a1 : a1 + h * c1 * S01;
        const nb = fb ? b1 : b1 + h * u1 * S11;
        const nc = fc ? c1 : c1 + h * a1 * S01;
        if (Math.abs(na) <= bound && Math.abs(nb) <= bound && Math.abs(nc) <= bound) {
          a[bl] = na;
          b[bl] = nb;
          c[bl] = nc;
        } else {
          active[bl] = 0;
          diverged[bl] = { step: st, reason: divergenceReason(na, nb, nc, bound) };
        }
      }
    }
    if (schedule.has(st)) record(st);
  }
  return { m: { a, b, c }, records, diverged };
}

function divergenceReason(a: number, b: number, c: number, bound: number): string {
  const parts: string[] = [];
  for (const [name, v] of [
    ['a', a],
    ['b', b],
    ['c', c],
  ] as const) {
    if (!Number.isFinite(v)) parts.push(`${name} not finite (${v})`);
    else if (Math.abs(v) > bound) parts.push(`|${name}| = ${Math.abs(v).toExponential(3)} > ${bound}`);
  }
  return parts.join('; ');
}

/** eq. (8) per dimension: E_α = (1/2τ) Σ_{i=1}^T (s_{α,i} − c_α b_α^{T−i} a_α)² (the residual of energy.ts). */
export function energy(m: Modes, s: Float64Array, T: number, tau = 1): Float64Array {
  const D = checkShapes(m, s, T);
  const E = new Float64Array(D);
  for (let al = 0; al < D; al++) E[al] = modeResidual(s, m.a[al]! * m.c[al]!, m.b[al]!, al * T, T) / (2 * tau);
  return E;
}

export { geometricSum };

/**
 * eq. (9) for one dimension (s of length T, u = ac):
 *   data = (1/2τ) Σ_i (s_i² − 2 s_i u b^{T−i}),   reg = (1/2τ) u² Σ_i b^{2(T−i)} = (1/2τ) u² (1 − b^{2T})/(1 − b²).
 * The geometric sum is summed term by term (App. G), which is exact at b² = 1 where the closed form is 0/0.
 */
export function energyTerms(u: number, b: number, s: Float64Array, T: number, tau = 1): { data: number; reg: number; total: number } {
  if (s.length !== T) throw new RangeError(`energyTerms: s has length ${s.length}, expected T = ${T}`);
  let p = 1;
  let d = 0;
  for (let k = 0; k < T; k++) {
    const si = s[T - 1 - k]!;
    d += si * si - 2 * si * u * p;
    p *= b;
  }
  const data = d / (2 * tau);
  const reg = (u * u * geometricSum(b, T)) / (2 * tau);
  return { data, reg, total: data + reg };
}
