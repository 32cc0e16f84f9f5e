/**
 * Theory for one SV dimension (s = s_1..s_T at index t − 1, T = s.length), in training time t = t_θ/τ.
 *
 * App. C: with b frozen and balanced modes a = c, u = ac obeys the logistic-type ODE of eq. (43) and has
 * the exact solution of eq. (47).
 * App. D: with u = ac frozen, b obeys b' = G(b), G = τ db/dt_θ of eq. (6), a polynomial in b. Its Taylor
 * series in time (eq. 48) is computed to any order by power-series arithmetic (series.ts); order 5 is
 * eq. (53)–(60). The paper's "dE/db" in eq. (49), (53)–(67) is G itself (the sign-flipped, τ-scaled
 * gradient, since db/dt_θ = "dE/db" there), and "d^nE/db^n" is G^{(n−1)}.
 */
import { composePoly, polyTaylorShift, seriesEval } from './series.js';

function T_of(s: Float64Array): number {
  if (s.length < 1) throw new RangeError('theory: empty trajectory s');
  return s.length;
}

/** A = Σ_i b^{T−i} s_i and B = Σ_i b^{2(T−i)}, the two sums of eq. (45)–(47). */
export function uSums(b: number, s: Float64Array): { A: number; B: number } {
  const T = T_of(s);
  let p = 1;
  let A = 0;
  let B = 0;
  for (let k = 0; k < T; k++) {
    A += p * s[T - 1 - k]!;
    B += p * p;
    p *= b;
  }
  return { A, B };
}

/** eq. (43): τ du/dt_θ = 2u Σ_i b^{T−i}(s_i − b^{T−i} u) = 2u (A − B u). */
export function uRate(u: number, b: number, s: Float64Array): number {
  const { A, B } = uSums(b, s);
  return 2 * u * (A - B * u);
}

/**
 * eq. (47): u(t) for balanced a = c and frozen b, t = t_θ/τ,
 *   u = e^{2tA} A / (A/u0 − B + e^{2tA} B).
 * Evaluated in the algebraically equal forms
 *   A ≥ 0:  u = 1 / (e^{−2tA}/u0 + B (1 − e^{−2tA})/A)      (→ 1/(1/u0 + 2tB) as A → 0)
 *   A < 0:  u = e^{2tA} / (1/u0 + B (e^{2tA} − 1)/A)
 * which neither overflow at large t nor lose the A → 0 limit (expm1).
 */
export function exactU(t: number, u0: number, b: number, s: Float64Array): number {
  const { A, B } = uSums(b, s);
  return exactUFromSums(t, u0, A, B);
}

/**
 * eq. (47) given its two sums A and B: u(t) = e^{2tA} A / (A/u0 − B + e^{2tA} B), the solution of
 * du/dt = 2u(A − Bu) (t = t_θ/τ). The T-output case (eq. 157) is the same solution with the sums over (t, i).
 */
export function exactUFromSums(t: number, u0: number, A: number, B: number): number {
  if (u0 === 0) return 0; // u = 0 is a fixed point of eq. (43)
  if (A >= 0) {
    const x = -2 * t * A;
    const g = A === 0 ? 2 * t : -Math.expm1(x) / A; // (1 − e^{−2tA})/A
    return 1 / (Math.exp(x) / u0 + B * g);
  }
  const x = 2 * t * A;
  return Math.exp(x) / (1 / u0 + (B * Math.expm1(x)) / A);
}

/**
 * Coefficients of G(b) = τ db/dt_θ (eq. 6) as a polynomial in b for frozen u = ac, with k = T − i:
 *   G(b) = Σ_{k=1}^{T−1} k u s_{T−k} b^{k−1} − Σ_{k=1}^{T−1} k u² b^{2k−1}.
 * Ascending coefficients, degree 2T − 3 (the zero polynomial for T = 1).
 */
export function bRatePoly(u: number, s: Float64Array): Float64Array {
  const T = T_of(s);
  const G = new Float64Array(Math.max(1, 2 * T - 2));
  for (let k = 1; k <= T - 1; k++) {
    G[k - 1] = G[k - 1]! + k * u * s[T - k - 1]!;
    G[2 * k - 1] = G[2 * k - 1]! - k * u * u;
  }
  return G;
}

/** τ db/dt_θ with u = ac frozen: Σ_{i=1}^{T−1} (T−i) u b^{T−i−1}(s_i − u b^{T−i}) (eq. 6). */
export function bRate(b: number, u: number, s: Float64Array): number {
  const T = T_of(s);
  let pPrev = 1; // b^{k−1}
  let acc = 0;
  for (let k = 1; k < T; k++) {
    const p = pPrev * b; // b^k
    acc += k * pPrev * (s[T - 1 - k]! - u * p);
    pPrev = p;
  }
  return u * acc;
}

/**
 * eq. (49) written out literally: the paper's d^nE/db^n (n ≥ 1), i.e. G^{(n−1)}(b), with ca = u:
 *   Σ_{i=1}^{T−n} (T−i) Π_{j=1}^{n−1}(T−i−j) s_i u b^{T−i−n} − Σ_{i=1}^{⌊(2T−n)/2⌋} (T−i) Π_{j=1}^{n−1}(2T−2i−j) u² b^{2T−2i−n}.
 * Kept as an independent reference for the series code.
 */
export function energyBDerivative(n: number, b: number, u: number, s: Float64Array): number {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`energyBDerivative: n must be an integer ≥ 1, got ${n}`);
  const T = T_of(s);
  let first = 0;
  for (let i = 1; i <= T - n; i++) {
    let prod = T - i;
    for (let j = 1; j <= n - 1; j++) prod *= T - i - j;
    first += prod * s[i - 1]! * u * b ** (T - i - n);
  }
  let second = 0;
  for (let i = 1; i <= Math.floor((2 * T - n) / 2); i++) {
    let prod = T - i;
    for (let j = 1; j <= n - 1; j++) prod *= 2 * T - 2 * i - j;
    second += prod * u * u * b ** (2 * T - 2 * i - n);
  }
  return first - second;
}

/**
 * Workspace-based core of taylorCoefficients: G is the polynomial vector field (b' = G(b)).
 * Writes β_0..β_order into out. Shifts G to b0 first (φ_k = G^{(k)}(b0)/k!), so that the composed series
 * x(t) = b(t) − b0 has no constant term and only φ_0..φ_order matter; then for n = 0..order−1,
 * [G(b)]_n = [φ(x)]_n needs only β_1..β_n, and β_{n+1} = [G(b)]_n/(n+1).
 */
function taylorInto(
  G: Float64Array,
  b0: number,
  order: number,
  out: Float64Array,
  phi: Float64Array,
  x: Float64Array,
  comp: Float64Array,
  work: Float64Array,
): void {
  polyTaylorShift(G, b0, order, phi);
  x.fill(0);
  out[0] = b0;
  for (let n = 0; n < order; n++) {
    composePoly(phi, x.subarray(0, n + 1), n, comp.subarray(0, n + 1), work);
    const beta = comp[n]! / (n + 1);
    out[n + 1] = beta;
    x[n + 1] = beta;
  }
}

/**
 * β_0..β_order of b(t) = Σ β_n t^n about t = 0 (t = t_θ/τ; β_n = (d^n b/dt^n)(0)/n!, eq. 48), for any
 * order, with u = ac frozen. Order 5 reproduces eq. (53)–(60).
 */
export function taylorCoefficients(b0: number, u: number, s: Float64Array, order: number): Float64Array {
  if (!Number.isInteger(order) || order < 0) throw new RangeError(`taylorCoefficients: order must be an integer ≥ 0, got ${order}`);
  const out = new Float64Array(order + 1);
  const w = () => new Float64Array(order + 1);
  taylorInto(bRatePoly(u, s), b0, order, out, w(), w(), w(), w());
  return out;
}

/**
 * App. D: b(t) from the local Taylor expansion applied window by window: on each window of width Δ the
 * series about the window start (eq. 58–61 at the chosen order) is evaluated, and restarted at the end.
 * Returns b at `samples` (default the window grid 0, Δ, 2Δ, …, tEnd; the last window may be shorter).
 * A diverging b is returned as is (non-finite values are data).
 */
export function taylorB(
  b0: number,
  u: number,
  s: Float64Array,
  opts: { order?: number; window: number; tEnd: number; samples?: number[] },
): { t: number[]; b: number[] } {
  return taylorBField(bRatePoly(u, s), b0, opts);
}

/**
 * The window-by-window Taylor approximation of App. D for any polynomial vector field b' = G(b)
 * (ascending coefficients): taylorB uses the single-output G of eq. (6); the T-output case of App. M.2
 * passes its own G (src/core/armodes.ts).
 */
export function taylorBField(
  G: Float64Array,
  b0: number,
  opts: { order?: number; window: number; tEnd: number; samples?: number[] },
): { t: number[]; b: number[] } {
  const order = opts.order ?? 5;
  const { window: dw, tEnd } = opts;
  if (!Number.isInteger(order) || order < 1) throw new RangeError(`taylorB: order must be an integer ≥ 1, got ${order}`);
  if (!(dw > 0) || !Number.isFinite(dw)) throw new RangeError(`taylorB: window must be finite and > 0, got ${dw}`);
  if (!(tEnd >= 0) || !Number.isFinite(tEnd)) throw new RangeError(`taylorB: tEnd must be finite and ≥ 0, got ${tEnd}`);
  const nWin = Math.max(0, Math.ceil(tEnd / dw - 1e-9));
  const winStart = (k: number) => (k >= nWin ? tEnd : k * dw);

  let samples: number[];
  if (opts.samples) {
    for (const ts of opts.samples) {
      if (!(ts >= 0 && ts <= tEnd)) throw new RangeError(`taylorB: sample time ${ts} outside [0, ${tEnd}]`);
    }
    samples = opts.samples.slice();
  } else {
    samples = [];
    for (let k = 0; k <= nWin; k++) samples.push(winStart(k));
  }
  const idx = samples.map((_, i) => i).sort((i, j) => samples[i]! - samples[j]!);
  const bOut = new Array<number>(samples.length);

  const coef = new Float64Array(order + 1);
  const phi = new Float64Array(order + 1);
  const x = new Float64Array(order + 1);
  const comp = new Float64Array(order + 1);
  const work = new Float64Array(order + 1);

  let bCur = b0; // b at the start of window k
  let k = 0;
  let haveCoef = false;
  for (const i of idx) {
    const ts = samples[i]!;
    // advance whole windows that end at or before ts (a sample exactly on a window end restarts there)
    while (k < nWin && winStart(k + 1) <= ts) {
      if (!haveCoef) taylorInto(G, bCur, order, coef, phi, x, comp, work);
      bCur = seriesEval(coef, winStart(k + 1) - winStart(k));
      k++;
      haveCoef = false;
    }
    const local = ts - winStart(k);
    if (local === 0) {
      bOut[i] = bCur;
    } else {
      if (!haveCoef) {
        taylorInto(G, bCur, order, coef, phi, x, comp, work);
        haveCoef = true;
      }
      bOut[i] = seriesEval(coef, local);
    }
  }
  return { t: samples, b: bOut };
}

/** Classical RK4 for a scalar autonomous ODE y' = f(y) from 0 to tEnd with ≈dt steps (n = ⌈tEnd/dt⌉). */
export function rk4(f: (y: number) => number, y0: number, tEnd: number, dt: number): number {
  if (!(dt > 0)) throw new RangeError(`rk4: dt must be > 0, got ${dt}`);
  if (tEnd === 0) return y0;
  const n = Math.max(1, Math.ceil(Math.abs(tEnd) / dt - 1e-9));
  const h = tEnd / n;
  let y = y0;
  for (let j = 0; j < n; j++) {
    const k1 = f(y);
    const k2 = f(y + 0.5 * h * k1);
    const k3 = f(y + 0.5 * h * k2);
    const k4 = f(y + h * k3);
    y += (h / 6) * (k1 + 2 * k2 + 2 * k3 + k4);
  }
  return y;
}

/** RK4 reference for db/dt = G(b) (eq. 6, u frozen), t = t_θ/τ from 0 to tEnd. */
export function integrateB(b0: number, u: number, s: Float64Array, tEnd: number, dt: number): number {
  const G = bRatePoly(u, s);
  return rk4((b) => seriesEval(G, b), b0, tEnd, dt);
}

/** RK4 reference for du/dt = 2u(A − Bu) (eq. 43, b frozen), t = t_θ/τ from 0 to tEnd. */
export function integrateU(u0: number, b: number, s: Float64Array, tEnd: number, dt: number): number {
  const { A, B } = uSums(b, s);
  return rk4((u) => 2 * u * (A - B * u), u0, tEnd, dt);
}

/**
 * The limit of eq. (47) as t → ∞ for frozen b: u* = A/B when A > 0 (A = Σ_k b^k s_{T−k},
 * B = Σ_k b^{2k}), the minimiser of the per-mode residual Σ_k (s_{T−k} − u b^k)²; u = 0 otherwise
 * (for u0 > 0 the flow decays to 0 when A ≤ 0).
 */
export function uFixedPoint(b: number, s: Float64Array): number {
  const { A, B } = uSums(b, s);
  return A > 0 ? A / B : 0;
}

/**
 * The fixed point that b(t) reaches from b0 under eq. (6) with u = ac frozen: walk from b0 in the
 * direction of the flow until G(b) changes sign, then bisect. null when the flow leaves |b| ≤ bMax
 * without meeting a root (it diverges).
 */
export function bFixedPoint(b0: number, u: number, s: Float64Array, bMax = 10): number | null {
  const g0 = bRate(b0, u, s);
  if (g0 === 0) return b0;
  const dir = Math.sign(g0);
  const h = 1e-3;
  let lo = b0;
  for (let b = b0 + dir * h; Math.abs(b) <= bMax; b += dir * h) {
    if (Math.sign(bRate(b, u, s)) !== dir) {
      let a = lo,
        c = b;
      for (let i = 0; i < 100; i++) {
        const m = 0.5 * (a + c);
        if (Math.sign(bRate(m, u, s)) === dir) a = m;
        else c = m;
      }
      return 0.5 * (a + c);
    }
    lo = b;
  }
  return null;
}
