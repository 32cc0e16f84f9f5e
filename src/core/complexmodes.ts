/**
 * Complex connectivity modes (App. N–O): task dynamics with complex δ, λ, the reduced mode dynamics of
 * eq. (182)–(184), their energy (eq. 185–186) and the zero-loss global optima (App. O).
 *
 * Layout: D modes; eigenvalue trajectories are D×T row-major with separate real and imaginary parts,
 * d.re[α·T + t − 1] + i·d.im[α·T + t − 1] = d_{α,t}.
 *
 * Time: as in modes.ts, one Euler step of size 1/τ in t_θ/τ units is one gradient-descent step of the full
 * eigen-aligned real network with τ = P·N_y/η (App. P.2).
 *
 * Normalisation (checked in test/complexmodes.test.ts). Eq. (182)–(184) follow from eq. (179)–(181) and are
 * exactly what the full real network does: its 2×2 block [[x, −y], [y, x]] evolves as z = x + iy under
 * eq. (182)–(184), with no extra factor. The energy form (eq. 187–189) is off by a factor 2: with
 * τE = ½ Σ_i |d_i − c b^{T−i} a|² (eq. 186), the rates of eq. (182)–(184) are
 *   τ da/dt_θ = −2 ∂(τE)/∂a* = −(∂/∂Re a + i ∂/∂Im a)(τE),
 * i.e. plain gradient descent on τE in the real coordinates (Re a, Im a); −∂(τE)/∂a* alone is half of it.
 * Equivalently, a conjugate pair occupies two real dimensions, so its share of the network loss (eq. 4) is
 * Σ_i |d_i − c b^{T−i} a|² = 2·τE, and each of the two equal diagonal entries of the block receives half
 * of ∂L/∂Re a.
 */
import { defineTask } from './task.js';
import { type C, type CVec, cvecClone, mul, powi, inv } from './complex.js';
import type { DynamicsKind } from './tasks.js';
import { makeRng } from './rng.js';
import { eigTask, eigAlignedInit, recoverEigModes } from './eigdata.js';
import { trainRecovering } from './train.js';
import { recordSchedule, type RecordOptions } from './schedule.js';

export interface ComplexModes {
  a: CVec;
  b: CVec;
  c: CVec;
}

/** D×T eigenvalue trajectories, row-major, real and imaginary parts apart. */
export interface ComplexTrajectories {
  re: Float64Array;
  im: Float64Array;
}

/** f(λ, t) of §3.2 for complex λ (App. O): 1, λ^{T−t} or λ^t. */
function factor(kind: DynamicsKind, lambda: C, t: number, T: number): C {
  switch (kind) {
    case 'constant':
      return { re: 1, im: 0 };
    case 'invexp':
      return powi(lambda, T - t);
    case 'exp':
      return powi(lambda, t);
    default: {
      const never: never = kind;
      throw new RangeError(`unknown task dynamics '${String(never)}'`);
    }
  }
}

/** d_t = δ f(λ, t), t = 1..T, with complex δ and λ (App. O). */
export function complexTaskDynamics(kind: DynamicsKind, delta: C, lambda: C, T: number): { re: number[]; im: number[] } {
  if (!Number.isInteger(T) || T < 1) throw new RangeError(`trajectory length T must be an integer ≥ 1, got ${T}`);
  const re: number[] = [],
    im: number[] = [];
  for (let t = 1; t <= T; t++) {
    const d = mul(delta, factor(kind, lambda, t, T));
    re.push(d.re);
    im.push(d.im);
  }
  return { re, im };
}

/**
 * The zero-loss global optima of App. O (App. F.3 in the complex plane): constant b = 1, ac = δ;
 * inverse-exponential b = λ, ac = δ; exponential b = 1/λ, ac = δλ^T.
 */
export function complexGlobalSolution(kind: DynamicsKind, delta: C, lambda: C, T: number): { b: C; ac: C } {
  switch (kind) {
    case 'constant':
      return { b: { re: 1, im: 0 }, ac: delta };
    case 'invexp':
      return { b: lambda, ac: delta };
    case 'exp':
      return { b: inv(lambda), ac: mul(delta, powi(lambda, T)) };
    default: {
      const never: never = kind;
      throw new RangeError(`unknown task dynamics '${String(never)}'`);
    }
  }
}

/** Stack D trajectories into one D×T array. */
export function stackComplex(list: ReadonlyArray<{ re: ArrayLike<number>; im: ArrayLike<number> }>, T: number): ComplexTrajectories {
  const re = new Float64Array(list.length * T),
    im = new Float64Array(list.length * T);
  list.forEach((d, k) => {
    if (d.re.length !== T || d.im.length !== T) throw new RangeError(`stackComplex: mode ${k} has length ${d.re.length}, expected ${T}`);
    re.set(Array.from(d.re), k * T);
    im.set(Array.from(d.im), k * T);
  });
  return { re, im };
}

/**
 * S0 = Σ_{k=0}^{T−1} (b*)^k e_k and S1 = Σ_{k=1}^{T−1} k (b*)^{k−1} e_k with e_k = d_{T−k} − u b^k, u = ac.
 * Writes [Re S0, Im S0, Re S1, Im S1] into out.
 */
function sums(
  bRe: number,
  bIm: number,
  uRe: number,
  uIm: number,
  dRe: Float64Array,
  dIm: Float64Array,
  base: number,
  T: number,
  out: Float64Array,
): void {
  let pRe = 1,
    pIm = 0; // b^k
  let qRe = 0,
    qIm = 0; // b^{k−1}
  let s0Re = 0,
    s0Im = 0,
    s1Re = 0,
    s1Im = 0;
  const last = base + T - 1;
  for (let k = 0; k < T; k++) {
    // e = d_{T−k} − u b^k
    const eRe = dRe[last - k] - (uRe * pRe - uIm * pIm);
    const eIm = dIm[last - k] - (uRe * pIm + uIm * pRe);
    // (b*)^k e = conj(p)·e
    s0Re += pRe * eRe + pIm * eIm;
    s0Im += pRe * eIm - pIm * eRe;
    if (k > 0) {
      s1Re += k * (qRe * eRe + qIm * eIm);
      s1Im += k * (qRe * eIm - qIm * eRe);
    }
    qRe = pRe;
    qIm = pIm;
    const nRe = pRe * bRe - pIm * bIm;
    pIm = pRe * bIm + pIm * bRe;
    pRe = nRe;
  }
  out[0] = s0Re;
  out[1] = s0Im;
  out[2] = s1Re;
  out[3] = s1Im;
}

/**
 * τ·d/dt_θ of the complex modes, eq. (182)–(184):
 *   τ da/dt_θ = c*·S0,  τ db/dt_θ = (ac)*·S1,  τ dc/dt_θ = a*·S0.
 */
export function complexModeRates(m: ComplexModes, d: ComplexTrajectories, T: number): ComplexModes {
  const D = m.a.re.length;
  if (d.re.length !== D * T || d.im.length !== D * T)
    throw new RangeError(`complexModeRates: d has ${d.re.length} entries, expected D·T = ${D * T}`);
  const out: ComplexModes = {
    a: { re: new Float64Array(D), im: new Float64Array(D) },
    b: { re: new Float64Array(D), im: new Float64Array(D) },
    c: { re: new Float64Array(D), im: new Float64Array(D) },
  };
  const s = new Float64Array(4);
  for (let al = 0; al < D; al++) {
    const aRe = m.a.re[al],
      aIm = m.a.im[al],
      bRe = m.b.re[al],
      bIm = m.b.im[al],
      cRe = m.c.re[al],
      cIm = m.c.im[al];
    const uRe = aRe * cRe - aIm * cIm,
      uIm = aRe * cIm + aIm * cRe;
    sums(bRe, bIm, uRe, uIm, d.re, d.im, al * T, T, s);
    out.a.re[al] = cRe * s[0] + cIm * s[1];
    out.a.im[al] = cRe * s[1] - cIm * s[0]; // eq. (182)
    out.b.re[al] = uRe * s[2] + uIm * s[3];
    out.b.im[al] = uRe * s[3] - uIm * s[2]; // eq. (183)
    out.c.re[al] = aRe * s[0] + aIm * s[1];
    out.c.im[al] = aRe * s[1] - aIm * s[0]; // eq. (184)
  }
  return out;
}

/** τE of eq. (186) for one mode: ½ Σ_i |d_i − c b^{T−i} a|², with u = ac. */
export function complexEnergy(u: C, b: C, d: { re: ArrayLike<number>; im: ArrayLike<number> }, T: number): number {
  let e = 0;
  let p: C = { re: 1, im: 0 };
  for (let k = 0; k < T; k++) {
    const up = mul(u, p);
    const r = d.re[T - 1 - k] - up.re,
      i = d.im[T - 1 - k] - up.im;
    e += 0.5 * (r * r + i * i);
    p = mul(p, b);
  }
  return e;
}

/** Records follow the shared schedule (schedule.ts). */
export interface ComplexSimOptions extends RecordOptions {
  /** τ: the Euler step is 1/τ in t_θ/τ units. */
  tau: number;
  steps: number;
  /** A mode diverges when |a|, |b| or |c| exceeds this or is not finite. Default 1e6. */
  divergenceBound?: number;
}

export interface ComplexRecord {
  step: number;
  /** t_θ/τ */
  t: number;
  a: CVec;
  b: CVec;
  c: CVec;
}

export interface ComplexSimResult {
  m: ComplexModes;
  records: ComplexRecord[];
  /** Per mode: null, or the step whose update would have diverged and why. */
  diverged: Array<null | { step: number; reason: string }>;
}

/**
 * Euler integration of eq. (182)–(184), m ← m + (1/τ)·rates, all modes at once. A mode whose update would
 * leave the bound (or become non-finite) is frozen at its last in-bound value and reported.
 */
export function simulateComplexModes(m0: ComplexModes, d: ComplexTrajectories, T: number, opts: ComplexSimOptions): ComplexSimResult {
  const D = m0.a.re.length;
  if (d.re.length !== D * T) throw new RangeError(`simulateComplexModes: d has ${d.re.length} entries, expected D·T = ${D * T}`);
  const { tau, steps } = opts;
  if (!(tau > 0) || !Number.isFinite(tau)) throw new RangeError(`simulateComplexModes: tau must be finite and > 0, got ${tau}`);
  if (!Number.isInteger(steps) || steps < 0) throw new RangeError(`simulateComplexModes: steps must be an integer ≥ 0, got ${steps}`);
  const schedule = recordSchedule(steps, opts, 'simulateComplexModes');
  const bound = opts.divergenceBound ?? 1e6;
  const h = 1 / tau;
  const m: ComplexModes = { a: cvecClone(m0.a), b: cvecClone(m0.b), c: cvecClone(m0.c) };
  const records: ComplexRecord[] = [];
  const diverged: ComplexSimResult['diverged'] = new Array(D).fill(null);
  const active = new Uint8Array(D).fill(1);
  const record = (step: number) => records.push({ step, t: step / tau, a: cvecClone(m.a), b: cvecClone(m.b), c: cvecClone(m.c) });
  const s = new Float64Array(4);
  for (let step = 0; ; step++) {
    if (schedule.has(step)) record(step);
    if (step === steps) break;
    for (let al = 0; al < D; al++) {
      if (!active[al]) continue;
      const aRe = m.a.re[al],
        aIm = m.a.im[al],
        bRe = m.b.re[al],
        bIm = m.b.im[al],
        cRe = m.c.re[al],
        cIm = m.c.im[al];
      const uRe = aRe * cRe - aIm * cIm,
        uIm = aRe * cIm + aIm * cRe;
      sums(bRe, bIm, uRe, uIm, d.re, d.im, al * T, T, s);
      const naRe = aRe + h * (cRe * s[0] + cIm * s[1]),
        naIm = aIm + h * (cRe * s[1] - cIm * s[0]);
      const nbRe = bRe + h * (uRe * s[2] + uIm * s[3]),
        nbIm = bIm + h * (uRe * s[3] - uIm * s[2]);
      const ncRe = cRe + h * (aRe * s[0] + aIm * s[1]),
        ncIm = cIm + h * (aRe * s[1] - aIm * s[0]);
      const big = Math.max(Math.hypot(naRe, naIm), Math.hypot(nbRe, nbIm), Math.hypot(ncRe, ncIm));
      if (!(big <= bound)) {
        active[al] = 0;
        diverged[al] = { step, reason: Number.isFinite(big) ? `|mode| = ${big.toExponential(3)} > ${bound}` : 'non-finite mode' };
        continue;
      }
      m.a.re[al] = naRe;
      m.a.im[al] = naIm;
      m.b.re[al] = nbRe;
      m.b.im[al] = nbIm;
      m.c.re[al] = ncRe;
      m.c.im[al] = ncIm;
    }
  }
  return { m, records, diverged };
}

/** Convenience: the optimum's b and ac as numbers for plotting (radius, principal angle). */
export function polarOf(z: C): { R: number; phi: number } {
  return { R: Math.hypot(z.re, z.im), phi: Math.atan2(z.im, z.re) };
}

// ---------------------------------------------------------------------------------------------------
// The full eigen-aligned real network (a worker task)

export interface EigAlignedRunSpec {
  /** Eigenvalue trajectory d_t of each mode (App. P.4.1), t = 1..T. */
  modes: Array<{ re: number[]; im: number[] }>;
  T: number;
  /** N_x = N_h = N_y = N ≥ number of dimensions the modes occupy (2 per conjugate pair). */
  N: number;
  /** Number of trajectories P (≥ N·T + 1 for whitening). */
  P: number;
  /** Initial complex modes, one entry per mode. */
  a0: { re: number[]; im: number[] };
  b0: { re: number[]; im: number[] };
  c0: { re: number[]; im: number[] };
  eta: number;
  steps: number;
  recordEvery: number;
  seed: string;
  gradient?: 'corr' | 'bptt';
  divergenceBound?: number;
}

export interface EigAlignedRunResult {
  /** t_θ/τ at each record */
  t: number[];
  /** recovered complex modes per record (record-major), one entry per mode */
  a: Array<{ re: number[]; im: number[] }>;
  b: Array<{ re: number[]; im: number[] }>;
  c: Array<{ re: number[]; im: number[] }>;
  loss: number[];
  /** largest deviation of the recovered W̄ from the block structure over all records */
  offBlock: number;
  tau: number;
  diverged: null | { step: number; reason: string };
}

/**
 * One eigen-aligned experiment: eigendecomposition data (App. P.4.1), eigen-aligned real weights
 * (App. P.1.1), gradient descent through the shared trainer (App. P.2), complex modes recovered at the
 * recorded steps (App. P.3). Pure and seeded, so it can run in a worker thread.
 */
export function trainEigAligned(spec: EigAlignedRunSpec): EigAlignedRunResult {
  const rng = makeRng(spec.seed);
  const task = eigTask(spec.modes, spec.N, spec.T, spec.P, rng);
  const w0 = eigAlignedInit(task, spec.a0, spec.b0, spec.c0);
  const run = trainRecovering(
    w0,
    task.data,
    {
      eta: spec.eta,
      steps: spec.steps,
      gradient: spec.gradient ?? 'corr',
      recordEvery: spec.recordEvery,
      divergenceBound: spec.divergenceBound,
    },
    (w) => {
      const m = recoverEigModes(w, task);
      return { modes: { a: m.a, b: m.b, c: m.c }, error: m.offBlock };
    },
  );
  return {
    t: run.t,
    a: run.modes.map((m) => ({ re: m.a.re, im: m.a.im })),
    b: run.modes.map((m) => ({ re: m.b.re, im: m.b.im })),
    c: run.modes.map((m) => ({ re: m.c.re, im: m.c.im })),
    loss: run.loss,
    offBlock: run.maxError,
    tau: run.tau,
    diverged: run.diverged,
  };
}

export const EIG_ALIGNED_TASK = defineTask(import.meta.url, 'trainEigAligned', trainEigAligned);
