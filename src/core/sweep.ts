/**
 * Sweeps: many configurations ("points") of one experiment, each with its own key.
 *
 *  - `sweepModes`: reduced connectivity-mode dynamics (eq. 5–7) for many points at once. The SV dimensions
 *    of eq. 5–7 are independent, so points stacked as the dimensions of one vectorised `simulateModes`
 *    call evolve exactly as they would alone; a point that diverges stops without touching the others.
 *  - `sweepNetworks`: full aligned networks (`trainAligned`), one independent network per point, run through
 *    a RunContext's map (worker threads) with the seed derived from the point's key.
 *  - `modeHessian` / `gdStabilityRatio`: whether gradient descent can converge to a fixed point of the mode
 *    dynamics at a given learning rate, to predict which sweep points diverge or oscillate.
 *
 * Pure: the network sweep takes the map and seeding functions as an argument (RunContext provides them).
 */
import { simulateModes, type ModeName } from './modes.js';
import { symEig } from './linalg.js';
import { ALIGNED_TASK, type AlignedRunResult, type AlignedRunSpec } from './aligned.js';
import type { TaskRef } from './task.js';

// ---------------------------------------------------------------------------------------------------
// Reduced modes

/** One configuration of the reduced dynamics: one SV dimension with its trajectory s_1..s_T. */
export interface ModePoint {
  key: string;
  /** s_t at index t − 1, length T. */
  s: ArrayLike<number>;
  a0: number;
  b0: number;
  c0: number;
}

export interface SweepModesOptions {
  /** Euler step 1/τ in t_θ/τ units (τ = P·N_y/η to match a full network). */
  tau: number;
  steps: number;
  freeze?: ModeName[];
  /** A point diverges when |a|, |b| or |c| passes this bound or is not finite (default 1e6, as simulateModes). */
  divergenceBound?: number;
  /** Keep each point's trajectory at steps 0, k, 2k, … and the last step. */
  recordEvery?: number;
  recordAt?: number[];
}

export interface ModePointResult {
  key: string;
  /** Final modes (a diverged point holds its last in-bound values). */
  a: number;
  b: number;
  c: number;
  diverged: null | { step: number; reason: string };
  /** With recordEvery / recordAt: t_θ/τ and the modes at each record. */
  trajectory?: { t: number[]; a: number[]; b: number[]; c: number[] };
}

/**
 * Reduced dynamics (eq. 5–7) of every point, vectorised: the points are stacked as the D dimensions of one
 * `simulateModes` call (exact, because the dimensions decouple) and the results split back per point, in
 * input order. All points share T, τ and the number of steps.
 */
export function sweepModes(points: readonly ModePoint[], T: number, opts: SweepModesOptions): ModePointResult[] {
  const D = points.length;
  if (D === 0) return [];
  checkKeys(points.map((p) => p.key));
  const s = new Float64Array(D * T);
  const a = new Float64Array(D),
    b = new Float64Array(D),
    c = new Float64Array(D);
  points.forEach((p, i) => {
    if (p.s.length !== T) throw new RangeError(`sweepModes: point '${p.key}' has ${p.s.length} singular values, expected T = ${T}`);
    for (let t = 0; t < T; t++) s[i * T + t] = p.s[t];
    a[i] = p.a0;
    b[i] = p.b0;
    c[i] = p.c0;
  });
  const r = simulateModes({ a, b, c }, s, T, {
    tau: opts.tau,
    steps: opts.steps,
    freeze: opts.freeze,
    divergenceBound: opts.divergenceBound,
    recordEvery: opts.recordEvery,
    recordAt: opts.recordAt,
  });
  const recorded = opts.recordEvery !== undefined || opts.recordAt !== undefined;
  return points.map((p, i) => ({
    key: p.key,
    a: r.m.a[i],
    b: r.m.b[i],
    c: r.m.c[i],
    diverged: r.diverged[i],
    ...(recorded
      ? {
          trajectory: {
            t: r.records.map((x) => x.t),
            a: r.records.map((x) => x.a[i]),
            b: r.records.map((x) => x.b[i]),
            c: r.records.map((x) => x.c[i]),
          },
        }
      : {}),
  }));
}

// ---------------------------------------------------------------------------------------------------
// Full networks

/** What a network sweep needs from the run context (RunContext has both). */
export interface SweepContext {
  seedFor(key: string): string;
  map<I, O>(task: TaskRef<I, O>, inputs: readonly NoInfer<I>[], label?: string): Promise<O[]>;
}

/** One network of a sweep: its key, its task and initial modes, and any per-point override of the shared settings. */
export type NetworkPoint = { key: string } & Pick<AlignedRunSpec, 's' | 'D' | 'a0' | 'b0' | 'c0'> & Partial<Omit<AlignedRunSpec, 'seed'>>;

/** Settings shared by every network of a sweep (each point may override them). */
export type NetworkSweepSettings = Omit<AlignedRunSpec, 's' | 'D' | 'a0' | 'b0' | 'c0' | 'seed'>;

/** The AlignedRunSpec of each point: shared settings, the point's own fields, and seed = seedFor(key). */
export function networkSpecs(
  points: readonly NetworkPoint[],
  shared: NetworkSweepSettings,
  seedFor: (key: string) => string,
): AlignedRunSpec[] {
  checkKeys(points.map((p) => p.key));
  return points.map(({ key, ...own }) => ({ ...shared, ...own, s: Array.from(own.s), seed: seedFor(key) }));
}

/**
 * Trains one independent aligned network per point (in worker threads when the context has them), each
 * seeded from its key, so a point's result depends on neither the other points nor the number of workers.
 * Divergence is data: a diverged network comes back with `run.diverged` set.
 */
export async function sweepNetworks(
  ctx: SweepContext,
  points: readonly NetworkPoint[],
  shared: NetworkSweepSettings,
  label = 'training networks',
): Promise<Array<{ key: string; run: AlignedRunResult }>> {
  const specs = networkSpecs(points, shared, (k) => ctx.seedFor(k));
  const runs = await ctx.map(ALIGNED_TASK, specs, label);
  return runs.map((run, i) => ({ key: points[i].key, run }));
}

function checkKeys(keys: string[]): void {
  const seen = new Set<string>();
  for (const k of keys) {
    if (seen.has(k)) throw new Error(`sweep: duplicate point key '${k}' (keys seed the points and must be unique)`);
    seen.add(k);
  }
}

// ---------------------------------------------------------------------------------------------------
// Which fixed points gradient descent can reach

/**
 * Hessian of one dimension's energy E = ½ Σ_{i=1}^T (s_i − c b^{T−i} a)² (eq. 8 with τ = 1) with respect to
 * (a, b, c), row-major 3×3. With k = T − i and e_k = s_{T−k} − a c b^k:
 *   ∂²E/∂θ∂φ = Σ_k (∂_θ e_k ∂_φ e_k + e_k ∂²_θφ e_k),
 *   ∂_a e = −c b^k, ∂_b e = −a c k b^{k−1}, ∂_c e = −a b^k,
 *   ∂²_ab e = −c k b^{k−1}, ∂²_ac e = −b^k, ∂²_bb e = −a c k(k−1) b^{k−2}, ∂²_bc e = −a k b^{k−1}, ∂²_aa e = ∂²_cc e = 0.
 */
export function modeHessian(a: number, b: number, c: number, s: ArrayLike<number>): number[] {
  const T = s.length;
  const H = new Array<number>(9).fill(0);
  for (let k = 0; k < T; k++) {
    const bk = b ** k;
    const bk1 = k >= 1 ? k * b ** (k - 1) : 0; // k b^{k−1}
    const bk2 = k >= 2 ? k * (k - 1) * b ** (k - 2) : 0; // k(k−1) b^{k−2}
    const e = s[T - 1 - k] - a * c * bk;
    const g = [-c * bk, -a * c * bk1, -a * bk];
    const h = [0, -c * bk1, -bk, -c * bk1, -a * c * bk2, -a * bk1, -bk, -a * bk1, 0];
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) H[i * 3 + j] += g[i] * g[j] + e * h[i * 3 + j];
  }
  return H;
}

/**
 * ρ = λ_max(∇²E)/τ at the modes (a, b, c). The Euler step of eq. 5–7 (= one gradient-descent step of the
 * aligned network) is m ← m − (1/τ)∇E, whose linearisation at a minimum is I − ∇²E/τ: the minimum attracts
 * gradient descent when ρ < 2 and repels it when ρ > 2 (the run then oscillates or diverges). The zero
 * eigenvalue of the rescaling symmetry (a, c) → (ka, c/k) is neutral.
 */
export function gdStabilityRatio(a: number, b: number, c: number, s: ArrayLike<number>, tau: number): number {
  const H = modeHessian(a, b, c, s);
  const ev = symEig({ rows: 3, cols: 3, data: Float64Array.from(H) }).values;
  return ev[2] / tau;
}
