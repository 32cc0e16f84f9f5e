/**
 * Independent reference for sharpness checks: the largest eigenvalue of the Hessian of the per-mode
 * energy E(a, b, c) = ½ Σ_k (s_{T−k} − ac b^k)² (eq. 8 with τ = 1), by central finite differences and
 * power iteration. Shared by test/settle.test.ts and test/stability.test.ts.
 */
import { modeResidual } from '../../src/core/energy.js';

export function fdHessianLambdaMax(s: ArrayLike<number>, m0: readonly [number, number, number], h = 1e-4, iterations = 500): number {
  const E = (m: number[]) => 0.5 * modeResidual(s, m[0] * m[2], m[1]);
  const H = [0, 1, 2].map((i) =>
    [0, 1, 2].map((j) => {
      const at = (di: number, dj: number) => {
        const m = [...m0];
        m[i] += di;
        m[j] += dj;
        return E(m);
      };
      return (at(h, h) - at(h, -h) - at(-h, h) + at(-h, -h)) / (4 * h * h);
    }),
  );
  let v = [1, 0.5, 0.25],
    lam = 0;
  for (let it = 0; it < iterations; it++) {
    const w = H.map((row) => row[0] * v[0] + row[1] * v[1] + row[2] * v[2]);
    lam = Math.hypot(...w);
    v = w.map((x) => x / lam);
  }
  return lam;
}
