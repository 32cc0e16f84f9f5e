import { test } from 'node:test';
import assert from 'node:assert/strict';
import { geometricSum, landauEnergy, modeEnergy, modeResidual } from '../src/core/energy.js';
import { energy } from '../src/core/modes.js';

test('modeResidual is Σ_i (s_i − u b^{T−i})², written out with Math.pow', () => {
  const s = [0.3, -1.2, 2.5, 0.7, 1.1];
  for (const [u, b] of [
    [0.8, 0.9],
    [-1.3, 1.05],
    [2, -0.6],
    [0.5, 1],
  ]) {
    let direct = 0;
    for (let i = 1; i <= s.length; i++) direct += (s[i - 1] - u * b ** (s.length - i)) ** 2;
    assert.ok(Math.abs(modeResidual(s, u, b) - direct) <= 1e-13 * direct, `u=${u}, b=${b}`);
  }
});

test('modeResidual reads one dimension of a D×T block at its offset', () => {
  const T = 3,
    block = Float64Array.of(1, 2, 3, 4, 5, 6);
  assert.equal(modeResidual(block, 0.7, 0.4, T, T), modeResidual(block.subarray(T), 0.7, 0.4));
});

test('zero at the exact solution s_i = u b^{T−i}; Σ s² at u = 0', () => {
  const T = 6,
    u = 1.7,
    b = 0.85;
  const s = Array.from({ length: T }, (_, i) => u * b ** (T - 1 - i));
  assert.ok(modeResidual(s, u, b) < 1e-28);
  assert.equal(
    modeResidual(s, 0, b),
    s.reduce((acc, v) => acc + v * v, 0),
  );
});

test('the normalisations: eq. (8) = R/2τ, eq. (94) = R, and modes.energy per dimension', () => {
  const s = Float64Array.of(0.2, 0.9, -0.4, 1.6);
  const u = 0.6,
    b = 1.1,
    tau = 3.5;
  const R = modeResidual(s, u, b);
  assert.equal(modeEnergy(s, u, b, tau), R / (2 * tau));
  assert.equal(landauEnergy(s, u, b), R);
  assert.equal(energy({ a: Float64Array.of(u), b: Float64Array.of(b), c: Float64Array.of(1) }, s, s.length, tau)[0], R / (2 * tau));
});

test('geometricSum is (1 − b^{2T})/(1 − b²), and T at b² = 1', () => {
  for (const b of [0.3, 0.95, 1.2, -0.7]) {
    for (const T of [1, 2, 7]) {
      const closed = (1 - b ** (2 * T)) / (1 - b * b);
      assert.ok(Math.abs(geometricSum(b, T) - closed) <= 1e-12 * closed, `b=${b}, T=${T}`);
    }
  }
  assert.equal(geometricSum(1, 9), 9);
  assert.equal(geometricSum(-1, 4), 4);
});
