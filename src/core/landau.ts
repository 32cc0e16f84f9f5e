/**
 * The effective energy of App. H (eq. 94–111) and its certified global minimisation over the recurrent
 * mode b in a bounded range; the energy terms of eq. (9) on a (b, ac) grid (App. G).
 *
 * Convention of App. H: the energy of one SV dimension with u = ac is
 *   E(u, b) = Σ_{i=1}^T (s_i − u b^{T−i})²                                            (eq. 94)
 * i.e. eq. (8) without its factor 1/(2τ) (E_eq.8 = E_H / 2τ). For fixed b it is a quadratic in u, minimised by
 *   u*(b) = N(b) / G(b),   N(b) = Σ_i s_i b^{T−i},   G(b) = Σ_{i=0}^{T−1} b^{2i}             (eq. 100–101)
 * and the effective (profile) energy is
 *   E*(b) = Σ_i s_i² − N(b)² / G(b)                                                      (eq. 102)
 * For the Dirac delta task of eq. (96) (s_1 = β, s_T = 1/β, 0 otherwise) this is
 *   E*(b) = β² + 1/β² − (β b^{T−1} + 1/β)² / Σ_{i=0}^{T−1} b^{2i}.
 * The trivial solution b = 0 has u* = 1/β and E* = β² (App. H, below eq. 102).
 *
 * Global minimisation (`minimiseProfile`): branch and bound over [bMin, bMax] with an exact interval bound
 * (each power b^k has an exact range on an interval; G is increasing in |b|), so every subinterval whose
 * lower bound exceeds the best value found is provably free of the global minimum. The result is the global
 * minimum up to tolE in energy, with a certified lower bound. No local search from a single start.
 *
 * Pure: no I/O.
 */
import { energyTerms } from './modes.js';
import { bisectFlip } from './transition.js';

/** eq. (96): the Dirac delta task of App. H, s_1 = β, s_T = 1/β, 0 otherwise (T ≥ 2). */
export function landauTask(beta: number, T: number): Float64Array {
  if (!Number.isInteger(T) || T < 2) throw new RangeError(`landauTask: T must be an integer ≥ 2, got ${T}`);
  if (!(beta > 0) || !Number.isFinite(beta)) throw new RangeError(`landauTask: β must be finite and > 0, got ${beta}`);
  const s = new Float64Array(T);
  s[0] = beta;
  s[T - 1] = 1 / beta;
  return s;
}

export { landauEnergy } from './energy.js';

/** Σ_i s_i². */
function sumSquares(s: ArrayLike<number>): number {
  let acc = 0;
  for (let i = 0; i < s.length; i++) acc += s[i] * s[i];
  return acc;
}

/**
 * N²/G of eq. (101–102), overflow-safe: for |b| > 1 both N and G are divided by b^{T−1} and b^{2(T−1)},
 * i.e. evaluated in z = 1/b, so any finite b works.
 * Also returns u* = N/G (eq. 101) computed the same way.
 */
function ratioAndU(s: ArrayLike<number>, b: number): { ratio: number; u: number } {
  const T = s.length;
  if (Math.abs(b) <= 1) {
    let p = 1;
    let N = 0;
    let G = 0;
    for (let k = 0; k < T; k++) {
      N += s[T - 1 - k] * p; // s_{T−k} b^k
      G += p * p;
      p *= b;
    }
    return { ratio: (N * N) / G, u: N / G };
  }
  // N / b^{T−1} = Σ_k s_{T−k} z^{T−1−k} = Σ_j s_{j+1} z^j (j = T−1−k), with z = 1/b;
  // G / b^{2(T−1)} = Σ_j z^{2j}.  u* = N/G = (N/b^{T−1}) / (G/b^{2(T−1)}) · z^{T−1}.
  const z = 1 / b;
  let q = 1; // z^j
  let Nz = 0;
  let Gz = 0;
  for (let j = 0; j < T; j++) {
    Nz += s[j] * q;
    Gz += q * q;
    q *= z;
  }
  const zT1 = q / z; // z^{T−1}
  return { ratio: (Nz * Nz) / Gz, u: (Nz / Gz) * zT1 };
}

/** eq. (101): the optimal input-output mode u* = N(b)/G(b) at fixed b. */
export function optimalU(s: ArrayLike<number>, b: number): number {
  return ratioAndU(s, b).u;
}

/** eq. (102): the effective energy E*(b) = Σ s_i² − N(b)²/G(b) (u at its optimum). */
export function effectiveEnergy(s: ArrayLike<number>, b: number): number {
  return sumSquares(s) - ratioAndU(s, b).ratio;
}

/**
 * eq. (102) written literally for the Dirac task of eq. (96):
 * β² + 1/β² − (β b^{T−1} + 1/β)² / Σ_{i=0}^{T−1} b^{2i}. (Independent of `effectiveEnergy`, for checks.)
 */
export function effectiveEnergyDirac(beta: number, T: number, b: number): number {
  let G = 0;
  for (let i = 0; i < T; i++) G += b ** (2 * i);
  const N = beta * b ** (T - 1) + 1 / beta;
  return beta * beta + 1 / (beta * beta) - (N * N) / G;
}

/** eq. (101) written literally for eq. (96): u* = (β b^{T−1} + 1/β) / Σ_{i=0}^{T−1} b^{2i}. */
export function optimalUDirac(beta: number, T: number, b: number): number {
  let G = 0;
  for (let i = 0; i < T; i++) G += b ** (2 * i);
  return (beta * b ** (T - 1) + 1 / beta) / G;
}

// ---------------------------------------------------------------------------------------------------
// Certified global minimisation over b

export interface ProfileMinimum {
  /** The global minimiser b* in the range (ties: the larger b). */
  b: number;
  /** u*(b*), eq. (101). */
  u: number;
  /** E*(b*), eq. (102). */
  E: number;
  /** A certified lower bound of min_{b ∈ range} E*(b): lowerBound ≤ min ≤ E, and E − lowerBound ≤ tolE. */
  lowerBound: number;
  range: [number, number];
  /** b* lies within tolB of an end of the range (the infimum may lie beyond the range). */
  atBound: boolean;
  /** Number of evaluations of E*. */
  evaluations: number;
}

export interface MinimiseOptions {
  /** Intervals narrower than this are not split further (default 1e-10·max(1, range width)). */
  tolB?: number;
  /** Energy tolerance: an interval is discarded when its lower bound exceeds best − tolE (default 1e-12·max(1, Σs²)). */
  tolE?: number;
  /** Initial uniform cells (default 32; ±1 are added as cell boundaries when inside the range). */
  cells?: number;
}

type Interval = [number, number];

/** Exact range of x^k over [l, r] (k ≥ 0). */
function powRange(l: number, r: number, k: number): Interval {
  if (k === 0) return [1, 1];
  if (k % 2 === 1) return [l ** k, r ** k];
  const lo = l <= 0 && r >= 0 ? 0 : Math.min(Math.abs(l), Math.abs(r));
  const hi = Math.max(Math.abs(l), Math.abs(r));
  return [lo ** k, hi ** k];
}

function imul(a: Interval, b: Interval): Interval {
  const p = [a[0] * b[0], a[0] * b[1], a[1] * b[0], a[1] * b[1]];
  return [Math.min(...p), Math.max(...p)];
}

/** Widen an interval by a relative and absolute rounding allowance. */
function widen(a: Interval, scale: number): Interval {
  const e = 1e-12 * scale;
  return [a[0] - e, a[1] + e];
}

/**
 * The effective energy written as a function of one variable x on one side of |b| = 1:
 *   'b' side (|b| ≤ 1): x = b, N(x) = Σ_k s_{T−k} x^k;
 *   'z' side (|b| ≥ 1, sign σ): x = 1/|b| ∈ (0, 1], N(x) = N(b)/b^{T−1} = Σ_j σ^j s_{j+1} x^j;
 * in both, G(x) = Σ_{j=0}^{T−1} x^{2j} and E* = Σs² − N(x)²/G(x) (the ratio is unchanged by the scaling).
 */
interface Side {
  coef: Float64Array;
  /** x ↔ b. */
  toB(x: number): number;
  /** The x-interval of a b-interval on this side. */
  xRange(l: number, r: number): Interval;
}

function ratioAt(coef: Float64Array, x: number): number {
  let p = 1;
  let N = 0;
  let G = 0;
  for (let k = 0; k < coef.length; k++) {
    N += coef[k] * p;
    G += p * p;
    p *= x;
  }
  return (N * N) / G;
}

/**
 * Enclosures over x ∈ [xl, xh] of N, N', G, G' (sums of exact term ranges; G is even and increasing in |x|),
 * giving (i) an upper bound of N²/G and (ii) an enclosure of d(N²/G)/dx = N(2N'G − NG')/G².
 */
function enclosures(coef: Float64Array, xl: number, xh: number): { ratioMax: number; dRatio: Interval } {
  const T = coef.length;
  const N: Interval = [0, 0];
  const dN: Interval = [0, 0];
  const G: Interval = [0, 0];
  const dG: Interval = [0, 0];
  let scaleN = 0;
  let scaleDN = 0;
  for (let k = 0; k < T; k++) {
    const c = coef[k];
    const pk = powRange(xl, xh, k);
    if (c !== 0) {
      const t: Interval = c >= 0 ? [c * pk[0], c * pk[1]] : [c * pk[1], c * pk[0]];
      N[0] += t[0];
      N[1] += t[1];
      scaleN += Math.abs(c) * Math.max(Math.abs(pk[0]), Math.abs(pk[1]));
      if (k >= 1) {
        const q = powRange(xl, xh, k - 1);
        const kc = k * c;
        const d: Interval = kc >= 0 ? [kc * q[0], kc * q[1]] : [kc * q[1], kc * q[0]];
        dN[0] += d[0];
        dN[1] += d[1];
        scaleDN += Math.abs(kc) * Math.max(Math.abs(q[0]), Math.abs(q[1]));
      }
    }
    const g = powRange(xl, xh, 2 * k);
    G[0] += g[0];
    G[1] += g[1];
    if (k >= 1) {
      const q = powRange(xl, xh, 2 * k - 1);
      dG[0] += 2 * k * q[0];
      dG[1] += 2 * k * q[1];
    }
  }
  const Nw = widen(N, scaleN);
  const dNw = widen(dN, scaleDN);
  const Gw = widen(G, G[1]);
  const dGw = widen(dG, Math.max(Math.abs(dG[0]), Math.abs(dG[1])));
  const nMax = Math.max(Math.abs(Nw[0]), Math.abs(Nw[1]));
  const gMin = Math.max(Gw[0], 1); // G ≥ 1 always (its constant term)
  const ratioMax = (nMax * nMax) / gMin;
  const two = imul([2, 2], imul(dNw, Gw));
  const nG = imul(Nw, dGw);
  const q: Interval = [two[0] - nG[1], two[1] - nG[0]];
  const num = imul(Nw, q);
  const g2: Interval = [gMin * gMin, Gw[1] * Gw[1]];
  const dRatio: Interval = [num[0] >= 0 ? num[0] / g2[1] : num[0] / g2[0], num[1] >= 0 ? num[1] / g2[0] : num[1] / g2[1]];
  return { ratioMax, dRatio };
}

/**
 * The global minimum of the effective energy E*(b) (eq. 102, u at its optimum eq. 101) over b ∈ [lo, hi],
 * by branch and bound. On every subinterval a lower bound of E* is taken from exact interval enclosures:
 * the larger of S2 − sup N²/inf G and the mean-value form E*(x_m) − sup|E*′(x)|·w/2; an interval is discarded
 * when that bound exceeds the best value found (minus tolE), or when E*′(x) provably keeps one sign on it
 * (E* is then monotone and its minimum is at an end, which has been evaluated). What survives is split until
 * narrower than tolB. Hence E is the global minimum over the range up to tolE (certified by lowerBound), not a
 * local search from one start. On |b| ≥ 1 the variable is x = 1/|b|, so any finite range works.
 */
export function minimiseProfile(s: ArrayLike<number>, range: readonly [number, number], opts: MinimiseOptions = {}): ProfileMinimum {
  const [lo, hi] = range;
  if (!(lo < hi) || !Number.isFinite(lo) || !Number.isFinite(hi))
    throw new RangeError(`minimiseProfile: need a finite range lo < hi, got [${lo}, ${hi}]`);
  const T = s.length;
  if (T < 1) throw new RangeError('minimiseProfile: empty trajectory');
  const S2 = sumSquares(s);
  const tolB = opts.tolB ?? 1e-10 * Math.max(1, hi - lo);
  const tolE = opts.tolE ?? 1e-12 * Math.max(1, S2);
  const cells = opts.cells ?? 32;
  if (!Number.isInteger(cells) || cells < 1) throw new RangeError(`minimiseProfile: cells must be an integer ≥ 1, got ${cells}`);

  const inner = new Float64Array(T);
  const plus = new Float64Array(T);
  const minus = new Float64Array(T);
  for (let k = 0; k < T; k++) inner[k] = s[T - 1 - k];
  for (let j = 0; j < T; j++) {
    plus[j] = s[j];
    minus[j] = j % 2 === 1 ? -s[j] : s[j];
  }
  const sideB: Side = { coef: inner, toB: (x) => x, xRange: (l, r) => [l, r] };
  const sidePos: Side = { coef: plus, toB: (x) => 1 / x, xRange: (l, r) => [1 / r, 1 / l] };
  const sideNeg: Side = { coef: minus, toB: (x) => -1 / x, xRange: (l, r) => [1 / -l, 1 / -r] };
  const sideOf = (l: number, r: number): Side => (l >= 1 ? sidePos : r <= -1 ? sideNeg : sideB);

  let evaluations = 0;
  let bestB = NaN;
  let bestE = Infinity;
  /** E* at b (evaluated on the side of b), recorded as a candidate. */
  const consider = (b: number, side: Side, x: number): number => {
    const e = S2 - ratioAt(side.coef, x);
    evaluations++;
    if (e < bestE || (e === bestE && b > bestB)) {
      bestE = e;
      bestB = b;
    }
    return e;
  };
  const evalB = (b: number): number => {
    if (b >= 1) return consider(b, sidePos, 1 / b);
    if (b <= -1) return consider(b, sideNeg, -1 / b);
    return consider(b, sideB, b);
  };

  const cuts = new Set<number>();
  for (let j = 0; j <= cells; j++) cuts.add(j === cells ? hi : lo + ((hi - lo) * j) / cells);
  for (const c of [-1, 1]) if (c > lo && c < hi) cuts.add(c);
  const grid = [...cuts].sort((x, y) => x - y);
  for (const b of grid) evalB(b);

  const stack: Interval[] = [];
  for (let j = grid.length - 2; j >= 0; j--) stack.push([grid[j], grid[j + 1]]);
  let leafBound = Infinity;
  while (stack.length > 0) {
    const [l, r] = stack.pop()!;
    const side = sideOf(l, r);
    const [xl, xh] = side.xRange(l, r);
    const { ratioMax, dRatio } = enclosures(side.coef, xl, xh);
    // E* = S2 − ratio: monotone on the interval when d(ratio)/dx keeps one sign; both ends are evaluated.
    if (dRatio[0] > 0 || dRatio[1] < 0) continue;
    const lb1 = S2 - ratioMax;
    if (lb1 > bestE - tolE) continue;
    const xm = 0.5 * (xl + xh);
    const bm = side.toB(xm);
    const em = consider(bm, side, xm);
    const slope = Math.max(Math.abs(dRatio[0]), Math.abs(dRatio[1]));
    const lb = Math.max(lb1, em - 0.5 * slope * (xh - xl));
    if (lb > bestE - tolE) continue;
    if (r - l <= tolB) {
      leafBound = Math.min(leafBound, lb);
      continue;
    }
    if (!(bm > l && bm < r)) {
      leafBound = Math.min(leafBound, lb); // no representable split point left
      continue;
    }
    stack.push([bm, r], [l, bm]);
  }
  const u = optimalU(s, bestB);
  return {
    b: bestB,
    u,
    E: bestE,
    lowerBound: Math.min(leafBound, bestE - tolE),
    range: [lo, hi],
    atBound: Math.abs(bestB - lo) <= tolB || Math.abs(bestB - hi) <= tolB,
    evaluations,
  };
}

// ---------------------------------------------------------------------------------------------------
// Closed forms for the Dirac task of eq. (96)

/** G(B) = Σ_{i=0}^{T−1} B^{2i}. */
function geometric(B: number, T: number): number {
  let G = 0;
  let p = 1;
  for (let i = 0; i < T; i++) {
    G += p;
    p *= B * B;
  }
  return G;
}

/**
 * The β at which E*(B) at the end b = B of the range equals the trivial energy β² (eq. 96 task):
 * (β B^{T−1} + 1/β)² / G(B) = 1/β²  ⇔  β² B^{T−1} + 1 = √G(B)  ⇔  β = √((√G(B) − 1) / B^{T−1}).
 * It is the critical β of the range [−B, B] whenever the non-trivial minimiser sits at the bound (T ≥ 5).
 */
export function criticalBetaAtBound(T: number, B: number): number {
  if (!(B > 0)) throw new RangeError(`criticalBetaAtBound: B must be > 0, got ${B}`);
  return Math.sqrt((Math.sqrt(geometric(B, T)) - 1) / B ** (T - 1));
}

/**
 * The T → ∞ limit of `criticalBetaAtBound` for B > 1: G(B)/B^{2(T−1)} → B²/(B² − 1), so
 * β_c → (1 − 1/B²)^{−1/4} (= 1.0746 for B = 2; → 1 as B → ∞, the paper's eq. 110–111 limit).
 */
export function criticalBetaLargeT(B: number): number {
  if (!(B > 1)) throw new RangeError(`criticalBetaLargeT: B must be > 1, got ${B}`);
  return (1 - 1 / (B * B)) ** -0.25;
}

/**
 * T = 3, eq. (103): with x = b², E*(x) = β² + 1/β² − (βx + 1/β)²/(1 + x + x²); dE*(x)/dx = 0 gives
 * x* = (2β² − 1)/(2 − β²) for 1/√2 < β < √2 (b* = ±√x*), b* = 0 for β ≤ 1/√2, and no finite minimiser
 * (E* decreases towards 1/β² as |b| → ∞) for β ≥ √2. Returns |b*| (Infinity for β ≥ √2).
 */
export function minimiserT3(beta: number): number {
  const b2 = beta * beta;
  if (b2 <= 0.5) return 0;
  if (b2 >= 2) return Infinity;
  return Math.sqrt((2 * b2 - 1) / (2 - b2));
}

/**
 * Landau coefficients of E*(b) − β² = A b² + C b⁴ + O(b⁶) at T = 3 (eq. 103–106). Exact expansion:
 * 1/(1 + b² + b⁴) = (1 − b²)/(1 − b⁶) = 1 − b² + 0·b⁴ + O(b⁶), so A = 1/β² − 2 (as eq. 106) and
 * C = 2 − β². The paper's eq. (105) uses 1 − b² − b⁴ and so gets C = 1/β² + 2 − β² (`paperQuartic`).
 */
export function landauCoefficientsT3(beta: number): { A: number; C: number; paperQuartic: number } {
  const b2 = beta * beta;
  return { A: 1 / b2 - 2, C: 2 - b2, paperQuartic: 1 / b2 + 2 - b2 };
}

export interface CriticalBeta {
  /** β_c: the first β at which a non-trivial minimiser (E* < β², b ≠ 0) exists in the range, to tol. */
  beta: number;
  /** Global minimiser just below and just above β_c, at β_c·(1 ∓ probe). */
  below: ProfileMinimum;
  above: ProfileMinimum;
  /** |b*| just above minus just below β_c: ≈ 0 for a continuous transition, finite for a first-order one. */
  jump: number;
  evaluations: number;
}

/**
 * The critical β of the Dirac task of eq. (96) for b searched in `range`: the point where the global
 * minimum of E* (eq. 102) drops below the trivial energy β² (App. H: "a phase transition requires … b ≠ 0 and
 * E < β²"), by bisection on β of the certified global minimum. `rel` is the margin that counts as below:
 * E_min < β²(1 − rel) (rounding of E* at b = 0 is ~1e-16). Null when no flip in [lo, hi].
 */
export function criticalBeta(
  T: number,
  range: readonly [number, number],
  opts: { lo?: number; hi?: number; tol?: number; rel?: number; probe?: number } = {},
): CriticalBeta | null {
  const lo = opts.lo ?? 0.2;
  const hi = opts.hi ?? 3;
  const rel = opts.rel ?? 1e-13;
  let evaluations = 0;
  const minAt = (beta: number): ProfileMinimum => {
    // b* itself is only needed roughly here: the decision is on the minimum value, which a leaf of width 1e-6·range
    // pins far below the tolerance (E* varies by O(w²) inside a leaf around a minimum).
    const m = minimiseProfile(landauTask(beta, T), range, { tolB: 1e-6 * Math.max(1, range[1] - range[0]) });
    evaluations += m.evaluations;
    return m;
  };
  const nontrivial = (beta: number) => minAt(beta).E < beta * beta * (1 - rel);
  const br = bisectFlip(nontrivial, lo, hi, opts.tol ?? 1e-9);
  if (!br) return null;
  const beta = 0.5 * (br.lo + br.hi);
  const probe = opts.probe ?? 1e-6;
  const below = minAt(beta * (1 - probe));
  const above = minAt(beta * (1 + probe));
  return { beta, below, above, jump: Math.abs(above.b) - Math.abs(below.b), evaluations };
}

// ---------------------------------------------------------------------------------------------------
// Energy landscape on a grid (App. G, eq. 9)

export interface Landscape {
  bs: number[];
  us: number[];
  /** Row-major over (u index, b index): value[j·bs.length + i] at (b_i, u_j). */
  data: Float64Array;
  reg: Float64Array;
  total: Float64Array;
}

/** The data-driven and effective-regularisation terms of eq. (9) and their sum on a (b, ac) grid. */
export function energyLandscape(s: Float64Array, bs: readonly number[], us: readonly number[], tau = 1): Landscape {
  const T = s.length;
  const n = bs.length * us.length;
  const data = new Float64Array(n);
  const reg = new Float64Array(n);
  const total = new Float64Array(n);
  us.forEach((u, j) => {
    bs.forEach((b, i) => {
      const e = energyTerms(u, b, s, T, tau);
      const k = j * bs.length + i;
      data[k] = e.data;
      reg[k] = e.reg;
      total[k] = e.total;
    });
  });
  return { bs: [...bs], us: [...us], data, reg, total };
}
