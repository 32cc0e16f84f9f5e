/**
 * Reduced connectivity-mode theory of the autoregressive T-output LRNN (App. M), per SV dimension α.
 *
 * s is D × T × T row-major (ardata.ts): s[α·T² + (t−1)·T + (i−1)] = s_{α,t,i}, i ≤ t. With u = ac, the lag
 * k = t − i and the lag sums σ_k = Σ_t s_{t,t−k}, n_k = T − k (ardata.ts lagSums), the gradient flow of
 * eq. 152–155 is
 *   τ da/dt_θ = c S0,  τ db/dt_θ = u S1,  τ dc/dt_θ = a S0,
 *   S0 = Σ_t Σ_{i≤t} b^{t−i} (s_{t,i} − u b^{t−i}) = Σ_k b^k (σ_k − n_k u b^k),
 *   S1 = Σ_t Σ_{i<t} (t−i) b^{t−i−1} (s_{t,i} − u b^{t−i}) = Σ_{k≥1} k b^{k−1} (σ_k − n_k u b^k)
 * (eq. 153 → 154: the sum over r of b^r b^{t−i−1−r} has t − i equal terms), the descent of the energy
 *   E = (1/2τ) Σ_t Σ_{i≤t} (s_{t,i} − c b^{t−i} a)²                                     (eq. 156).
 * Time is t_θ/τ and the Euler step is 1/τ, so a full aligned network trained by gradient descent with
 * τ = P·N_y/η and these dynamics agree step for step (as in modes.ts for the single-output case).
 */
import { arTaskDynamics, lagSums, type ArDynamicsKind } from './ardata.js';
import type { Modes, ModeName } from './modes.js';
import { exactUFromSums, rk4 } from './theory.js';
import { seriesEval } from './series.js';
import { recordSchedule, type RecordOptions } from './schedule.js';

function checkS(D: number, s: ArrayLike<number>, T: number): void {
  if (!Number.isInteger(T) || T < 1) throw new RangeError(`T-output modes: T must be an integer ≥ 1, got ${T}`);
  if (s.length !== D * T * T) throw new RangeError(`T-output modes: s has length ${s.length}, expected D·T² = ${D}·${T * T}`);
}

/** S0 and S1 of the header for one dimension from its lag sums. */
function sums(b: number, u: number, sigma: Float64Array, n: Float64Array): { S0: number; S1: number } {
  let p = 1; // b^k
  let q = 0; // b^{k−1}
  let S0 = 0,
    S1 = 0;
  for (let k = 0; k < sigma.length; k++) {
    const e = sigma[k] - n[k] * u * p;
    S0 += p * e;
    S1 += k * q * e;
    q = p;
    p *= b;
  }
  return { S0, S1 };
}

/** τ·d/dt_θ of (a, b, c) in every dimension: eq. 152, 154, 155. */
export function arModeRates(m: Modes, s: ArrayLike<number>, T: number): { da: Float64Array; db: Float64Array; dc: Float64Array } {
  const D = m.a.length;
  checkS(D, s, T);
  const da = new Float64Array(D),
    db = new Float64Array(D),
    dc = new Float64Array(D);
  for (let al = 0; al < D; al++) {
    const { sigma, n } = lagSums(s, T, al * T * T);
    const a = m.a[al],
      b = m.b[al],
      c = m.c[al];
    const { S0, S1 } = sums(b, a * c, sigma, n);
    da[al] = c * S0;
    db[al] = a * c * S1;
    dc[al] = a * S0;
  }
  return { da, db, dc };
}

/** Records follow the shared schedule (schedule.ts). */
export interface ArModeSimOptions extends RecordOptions {
  tau: number;
  steps: number;
  freeze?: ModeName[];
  divergenceBound?: number;
}

export interface ArModeRecord {
  step: number;
  t: number;
  a: number[];
  b: number[];
  c: number[];
}

/**
 * Euler integration of eq. 152–155 (step 1/τ in t_θ/τ units), all dimensions at once; records at steps
 * 0, k, 2k, … and the last. A dimension whose update leaves the bound (or is non-finite) stops there and
 * is reported in `diverged`.
 */
export function arSimulateModes(
  m0: Modes,
  s: ArrayLike<number>,
  T: number,
  opts: ArModeSimOptions,
): {
  m: Modes;
  records: ArModeRecord[];
  diverged: Array<null | { step: number; reason: string }>;
} {
  const D = m0.a.length;
  checkS(D, s, T);
  const { tau, steps } = opts;
  if (!(tau > 0) || !Number.isFinite(tau)) throw new RangeError(`arSimulateModes: tau must be finite and > 0, got ${tau}`);
  if (!Number.isInteger(steps) || steps < 0) throw new RangeError(`arSimulateModes: steps must be an integer ≥ 0, got ${steps}`);
  const schedule = recordSchedule(steps, opts, 'arSimulateModes');
  const bound = opts.divergenceBound ?? 1e6;
  const freeze = new Set(opts.freeze ?? []);
  const lag = Array.from({ length: D }, (_, al) => lagSums(s, T, al * T * T));
  const a = Float64Array.from(m0.a),
    b = Float64Array.from(m0.b),
    c = Float64Array.from(m0.c);
  const active = new Array<boolean>(D).fill(true);
  const diverged: Array<null | { step: number; reason: string }> = new Array(D).fill(null);
  const records: ArModeRecord[] = [];
  const h = 1 / tau;
  const rec = (st: number) => records.push({ step: st, t: st / tau, a: Array.from(a), b: Array.from(b), c: Array.from(c) });
  if (schedule.has(0)) rec(0);
  for (let st = 1; st <= steps; st++) {
    for (let al = 0; al < D; al++) {
      if (!active[al]) continue;
      const a0 = a[al],
        b0 = b[al],
        c0 = c[al];
      const { S0, S1 } = sums(b0, a0 * c0, lag[al].sigma, lag[al].n);
      const na = freeze.has('a') ? a0 : a0 + h * c0 * S0;
      const nb = freeze.has('b') ? b0 : b0 + h * a0 * c0 * S1;
      const nc = freeze.has('c') ? c0 : c0 + h * a0 * S0;
      if (Math.abs(na) <= bound && Math.abs(nb) <= bound && Math.abs(nc) <= bound) {
        a[al] = na;
        b[al] = nb;
        c[al] = nc;
      } else {
        active[al] = false;
        diverged[al] = { step: st, reason: `modes left the bound ${bound} (a = ${na}, b = ${nb}, c = ${nc})` };
      }
    }
    if (schedule.has(st)) rec(st);
  }
  return { m: { a, b, c }, records, diverged };
}

/** eq. 156 for one dimension (s its T×T block): E = (1/2τ) Σ_t Σ_{i≤t} (s_{t,i} − u b^{t−i})², summed directly. */
export function arEnergy(u: number, b: number, s: ArrayLike<number>, T: number, tau = 1): number {
  checkS(1, s, T);
  let acc = 0;
  for (let t = 1; t <= T; t++) {
    for (let i = 1; i <= t; i++) acc += (s[(t - 1) * T + i - 1] - u * b ** (t - i)) ** 2;
  }
  return acc / (2 * tau);
}

/** Σ_t Σ_{i≤t} b^{2(t−i)}, term by term (the coefficient of the regularisation term; = T(T+1)/2 at b² = 1). */
export function arRegSumDirect(b: number, T: number): number {
  let acc = 0;
  for (let t = 1; t <= T; t++) for (let i = 1; i <= t; i++) acc += b ** (2 * (t - i));
  return acc;
}

/** The closed form of eq. 159: [T(1 − b²) − b²(1 − b^{2T})] / (1 − b²)²; its limit T(T+1)/2 at b² = 1. */
export function arRegSumClosed(b: number, T: number): number {
  const b2 = b * b;
  if (b2 === 1) return (T * (T + 1)) / 2;
  return (T * (1 - b2) - b2 * (1 - b2 ** T)) / (1 - b2) ** 2;
}

/**
 * eq. 159: E = data + reg with
 *   data = (1/2τ) Σ_t Σ_{i≤t} (s_{t,i}² − 2 s_{t,i} u b^{t−i}),
 *   reg  = (1/2τ) u² [T(1 − b²) − b²(1 − b^{2T})] / (1 − b²)²   (closed form, `arRegSumClosed`).
 */
export function arEnergyTerms(
  u: number,
  b: number,
  s: ArrayLike<number>,
  T: number,
  tau = 1,
): { data: number; reg: number; total: number } {
  checkS(1, s, T);
  let d = 0;
  for (let t = 1; t <= T; t++) {
    for (let i = 1; i <= t; i++) {
      const v = s[(t - 1) * T + i - 1];
      d += v * v - 2 * v * u * b ** (t - i);
    }
  }
  const data = d / (2 * tau);
  const reg = (u * u * arRegSumClosed(b, T)) / (2 * tau);
  return { data, reg, total: data + reg };
}

/** The two sums of eq. 157: A = Σ_t Σ_{i≤t} b^{t−i} s_{t,i}, B = Σ_t Σ_{i≤t} b^{2(t−i)} (s one T×T block). */
export function arUSums(b: number, s: ArrayLike<number>, T: number): { A: number; B: number } {
  checkS(1, s, T);
  const { sigma, n } = lagSums(s, T);
  let p = 1,
    A = 0,
    B = 0;
  for (let k = 0; k < T; k++) {
    A += p * sigma[k];
    B += n[k] * p * p;
    p *= b;
  }
  return { A, B };
}

/** eq. 157: u(t) for balanced a = c and frozen b (t = t_θ/τ); the solution of τ du/dt_θ = 2u(A − Bu). */
export function arExactU(t: number, u0: number, b: number, s: ArrayLike<number>, T: number): number {
  const { A, B } = arUSums(b, s, T);
  return exactUFromSums(t, u0, A, B);
}

/** RK4 reference for du/dt = 2u(A − Bu) with the T-output sums (b frozen). */
export function arIntegrateU(u0: number, b: number, s: ArrayLike<number>, T: number, tEnd: number, dt: number): number {
  const { A, B } = arUSums(b, s, T);
  return rk4((u) => 2 * u * (A - B * u), u0, tEnd, dt);
}

/**
 * G(b) = τ db/dt_θ (eq. 154) with u = ac frozen, as a polynomial in b (ascending coefficients):
 *   G(b) = Σ_{k=1}^{T−1} k u σ_k b^{k−1} − Σ_{k=1}^{T−1} k n_k u² b^{2k−1}.
 * This is the T-output vector field handed to the Taylor engine of App. D (theory.ts taylorBField).
 */
export function arBRatePoly(u: number, s: ArrayLike<number>, T: number): Float64Array {
  checkS(1, s, T);
  const { sigma, n } = lagSums(s, T);
  const G = new Float64Array(Math.max(1, 2 * T - 2));
  for (let k = 1; k <= T - 1; k++) {
    G[k - 1] += k * u * sigma[k];
    G[2 * k - 1] -= k * n[k] * u * u;
  }
  return G;
}

/** RK4 reference for db/dt = G(b), the T-output field (u frozen). */
export function arIntegrateB(b0: number, u: number, s: ArrayLike<number>, T: number, tEnd: number, dt: number): number {
  const G = arBRatePoly(u, s, T);
  return rk4((b) => seriesEval(G, b), b0, tEnd, dt);
}

/**
 * eq. 158 written out literally (n ≥ 1, u = ca), the paper's "d^nE/db^n" of the T-output case, which
 * (as eq. 49 in the single-output case) is G^{(n−1)}(b), the (n−1)-th derivative of τ db/dt_θ:
 *   Σ_t Σ_{i=1}^{t−n} (t−i) Π_{j=1}^{n−1}(t−i−j) s_{t,i} u b^{t−i−n}
 *   − Σ_t Σ_{i=1}^{⌊(2t−n)/2⌋} (t−i) Π_{j=1}^{n−1}(2t−2i−j) u² b^{2t−2i−n}.
 * The upper limit (2t − n)/2 is not an integer for odd n; ⌊·⌋ is used (the terms it drops vanish anyway).
 * Kept as an independent reference for the polynomial field.
 */
export function arEnergyBDerivative(n: number, b: number, u: number, s: ArrayLike<number>, T: number): number {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`arEnergyBDerivative: n must be an integer ≥ 1, got ${n}`);
  checkS(1, s, T);
  let first = 0,
    second = 0;
  for (let t = 1; t <= T; t++) {
    for (let i = 1; i <= t - n; i++) {
      let prod = t - i;
      for (let j = 1; j <= n - 1; j++) prod *= t - i - j;
      first += prod * s[(t - 1) * T + i - 1] * u * b ** (t - i - n);
    }
    for (let i = 1; i <= Math.floor((2 * t - n) / 2); i++) {
      let prod = t - i;
      for (let j = 1; j <= n - 1; j++) prod *= 2 * t - 2 * i - j;
      second += prod * u * u * b ** (2 * t - 2 * i - n);
    }
  }
  return first - second;
}

/**
 * The global minimum of eq. 156 (τ = 1, one dimension) over b ∈ [lo, hi] with u = ac at its optimum
 * u*(b) = A/B (the fixed point of eq. 157): E*(b) = ½ (ss − A²/B). Dense scan (2001 points) then golden-section
 * refinement around the best point; `atBound` when the minimiser is at an end of the range.
 */
export function arMinimiseProfile(
  s: ArrayLike<number>,
  T: number,
  range: [number, number],
): { b: number; u: number; E: number; atBound: boolean } {
  checkS(1, s, T);
  const { ss } = lagSums(s, T);
  const [lo, hi] = range;
  if (!(lo < hi)) throw new RangeError(`arMinimiseProfile: empty range [${lo}, ${hi}]`);
  const prof = (b: number) => {
    const { A, B } = arUSums(b, s, T);
    return 0.5 * (ss - (A * A) / B);
  };
  const n = 2000;
  let kBest = 0,
    eBest = Infinity;
  for (let k = 0; k <= n; k++) {
    const e = prof(lo + ((hi - lo) * k) / n);
    if (e < eBest) {
      eBest = e;
      kBest = k;
    }
  }
  let a = lo + ((hi - lo) * Math.max(0, kBest - 1)) / n,
    c = lo + ((hi - lo) * Math.min(n, kBest + 1)) / n;
  const g = (Math.sqrt(5) - 1) / 2;
  let x1 = c - g * (c - a),
    x2 = a + g * (c - a),
    f1 = prof(x1),
    f2 = prof(x2);
  for (let it = 0; it < 100; it++) {
    if (f1 <= f2) {
      c = x2;
      x2 = x1;
      f2 = f1;
      x1 = c - g * (c - a);
      f1 = prof(x1);
    } else {
      a = x1;
      x1 = x2;
      f1 = f2;
      x2 = a + g * (c - a);
      f2 = prof(x2);
    }
  }
  let b = 0.5 * (a + c),
    E = prof(b);
  const ends = [lo, hi].map((x) => ({ x, e: prof(x) }));
  for (const e of ends)
    if (e.e < E) {
      b = e.x;
      E = e.e;
    }
  const { A, B } = arUSums(b, s, T);
  return { b, u: A / B, E, atBound: b === lo || b === hi || kBest === 0 || kBest === n };
}

/**
 * The T-output theory of a task family (App. M.3): for constant and inverse-exponential dynamics the
 * zero-loss solution b = λ, ac = δ; for exponential dynamics, which have none, the global minimum of eq. 156
 * over b ∈ [−bRange, bRange] (arMinimiseProfile). residual = E / ½Σ_t Σ_{i≤t} s_{t,i}² (the zero network's loss).
 */
export function arTheory(kind: ArDynamicsKind, delta: number, lambda: number, T: number, bRange: number) {
  const s = arTaskDynamics(kind, delta, lambda, T);
  const zero = 0.5 * lagSums(s, T).ss;
  if (kind !== 'exp') {
    return { b: lambda, ac: delta, residual: arEnergy(delta, lambda, s, T) / zero, zeroLoss: true, atBound: false };
  }
  const m = arMinimiseProfile(s, T, [-bRange, bRange]);
  return { b: m.b, ac: m.u, residual: m.E / zero, zeroLoss: false, atBound: m.atBound };
}
