/**
 * Seeded randomness. seedrandom's ARC4 generator, with Box–Muller Gaussians.
 * Every sweep point derives its own seed from (figure seed, point key), so a result never depends on
 * worker count or execution order.
 */
import seedrandom from 'seedrandom';

export interface Rng {
  /** Uniform on [0, 1). */
  uniform(): number;
  /** Standard normal N(0, 1). */
  normal(): number;
  /** Fill an array with N(0, sd²) samples. */
  normals(n: number, sd?: number): Float64Array;
}

/** A seed string for one sweep point: stable across runs, worker counts and orders. */
export function deriveSeed(seed: number | string, key: string): string {
  return `${seed}/${key}`;
}

export function makeRng(seed: number | string): Rng {
  const prng = seedrandom(String(seed));
  let spare: number | null = null;
  const uniform = () => prng.double();
  const normal = () => {
    if (spare !== null) {
      const v = spare;
      spare = null;
      return v;
    }
    // Box–Muller; u1 in (0, 1] so log is finite.
    const u1 = 1 - uniform();
    const u2 = uniform();
    const r = Math.sqrt(-2 * Math.log(u1));
    spare = r * Math.sin(2 * Math.PI * u2);
    return r * Math.cos(2 * Math.PI * u2);
  };
  return {
    uniform,
    normal,
    normals(n: number, sd = 1) {
      const out = new Float64Array(n);
      for (let i = 0; i < n; i++) out[i] = sd * normal();
      return out;
    },
  };
}
