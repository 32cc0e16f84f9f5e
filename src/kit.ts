/** Small helpers every experiment module shares: claims, snapshot numbers, sampling, formatting. */
import type { Claim, SnapshotNumbers } from './figure.js';

export function claim(
  id: string,
  text: string,
  measured: Claim['measured'],
  expected: string,
  pass: boolean,
  values?: Record<string, number>,
): Claim {
  return values ? { id, text, measured, expected, pass, values } : { id, text, measured, expected, pass };
}

/** Round for display in claims (keeps JSON readable; snapshots keep full precision). */
export function round(x: number, digits = 4): number {
  if (!Number.isFinite(x)) return x;
  const k = 10 ** Math.max(0, digits - 1 - Math.floor(Math.log10(Math.abs(x) || 1)));
  return Math.round(x * k) / k;
}

/** `count` indices spread evenly over 0..n−1, always including the first and last. */
export function spreadIndices(n: number, count: number): number[] {
  if (n <= count) return Array.from({ length: n }, (_, i) => i);
  const out = new Set<number>();
  for (let k = 0; k < count; k++) out.add(Math.round((k * (n - 1)) / (count - 1)));
  return [...out];
}

/** Record interval so that a run of `steps` gives about `points` records. */
export function recordInterval(steps: number, points: number): number {
  return Math.max(1, Math.floor(steps / Math.max(1, points)));
}

/** Snapshot entries for a list of named values with one tolerance; non-finite values become null. */
export function snapValues(entries: Record<string, number>, tol: { abs: number; rel: number }): SnapshotNumbers {
  const out: SnapshotNumbers = {};
  for (const [k, v] of Object.entries(entries)) out[k] = { value: Number.isFinite(v) ? v : null, abs: tol.abs, rel: tol.rel };
  return out;
}

/** Whether a list with gaps (null: not converged, not drawn) has none; narrows its type. */
export function noGaps<T>(xs: Array<T | null>): xs is T[] {
  return xs.every((x) => x !== null);
}

export function maxOf(xs: number[]): number {
  return xs.reduce((m, x) => (x > m ? x : m), -Infinity);
}

/** τ and the steps to reach t_θ/τ = tEnd live in the core (App. P.2). */
export { tau, stepsFor } from './core/timescale.js';

/** n evenly spaced points from lo to hi, both ends exact (the last point is hi, not lo + (hi − lo)·1). */
export function linspace(lo: number, hi: number, n: number): number[] {
  return Array.from({ length: n }, (_, i) => (i === n - 1 ? hi : lo + ((hi - lo) * i) / (n - 1)));
}
