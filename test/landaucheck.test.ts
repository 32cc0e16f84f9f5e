import assert from 'node:assert/strict';
import { test } from 'node:test';
import { landauTask, minimiseProfile } from '../src/core/landau.js';
import { bruteOverU, eq102Gap, globalMinGap, landauFitT3, t3MinimiserGap, trivialUGapAt } from '../src/core/landaucheck.js';

test('bruteOverU finds the closed-form minimum over u of the quadratic eq. (97)', () => {
  // E(u) = Σ_i (s_i − u b^{T−i})² is minimised at u = Σ s_i b^{T−i} / Σ b^{2(T−i)}
  const s = landauTask(1.3, 4),
    b = 0.7,
    T = 4;
  let sg = 0,
    gg = 0,
    ss = 0;
  for (let i = 1; i <= T; i++) {
    sg += s[i - 1] * b ** (T - i);
    gg += b ** (2 * (T - i));
    ss += s[i - 1] ** 2;
  }
  assert.ok(Math.abs(bruteOverU(s, b) - (ss - (sg * sg) / gg)) < 1e-12);
});

test('eq. (102) agrees with eq. (97) minimised over u, and branch and bound is never above brute force', () => {
  for (const T of [3, 4, 6, 10]) {
    for (const beta of [0.6, 1.1, 1.4]) {
      assert.ok(eq102Gap(beta, T, [-1.7, -0.3, 0, 0.95, 1.9]) < 1e-9, `eq. 102 at T=${T}, β=${beta}`);
      assert.ok(globalMinGap(beta, T, 2) < 1e-12, `global minimum at T=${T}, β=${beta}`);
    }
  }
});

test('landauFitT3: the finite-difference coefficients are A = 1/β² − 2 and C = 2 − β² (corrected eq. 106)', () => {
  for (const beta of [0.6, 0.8, 1.1]) {
    const { A, C } = landauFitT3(beta);
    assert.ok(Math.abs(A - (1 / beta ** 2 - 2)) < 1e-6, `A at β=${beta}: ${A}`);
    assert.ok(Math.abs(C - (2 - beta ** 2)) < 1e-4, `C at β=${beta}: ${C}`);
  }
});

test('t3MinimiserGap: branch-and-bound minimisers at T = 3 follow b*² = (2β² − 1)/(2 − β²); trivial u* = 1/β', () => {
  const betas = [0.6, 0.72, 0.8, 0.9, 1, 1.1];
  const b = betas.map((beta) => minimiseProfile(landauTask(beta, 3), [-2, 2], { tolB: 1e-10 }).b);
  assert.ok(t3MinimiserGap(betas, b, 2) < 1e-6); // b* located to ~1e-7 (the energy is flat in b near the minimum)
  const closed = betas.map((beta) => (beta > Math.SQRT1_2 ? Math.sqrt((2 * beta ** 2 - 1) / (2 - beta ** 2)) : 0));
  assert.ok(t3MinimiserGap(betas, closed, 2) < 1e-15);
  assert.ok(
    t3MinimiserGap(
      betas,
      closed.map((x) => x + 0.01),
      2,
    ) > 0.009,
    'a shifted curve is caught',
  );
  for (const T of [3, 5, 8]) for (const beta of [0.5, 1, 2]) assert.ok(trivialUGapAt(beta, T) < 1e-12);
});
