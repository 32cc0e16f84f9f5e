import { test } from 'node:test';
import assert from 'node:assert/strict';
import { settledModes, twoCycle } from '../src/core/settle.js';

test('twoCycle: x_n = x_{n−2} ≠ x_{n−1} is a 2-cycle; a fixed point and a slow drift are not', () => {
  const hi = { a: 0.5, b: 1.02, c: 0.5 }, lo = { a: 0.5, b: 0.98, c: 0.5 };
  const c = twoCycle(hi, lo, hi, 1e-9);
  assert.equal(c.cycle, true);
  assert.ok(Math.abs(c.d1 - 0.04) < 1e-15);
  assert.equal(twoCycle(hi, hi, hi, 1e-9).cycle, false); // fixed point: d1 = 0
  const drift = (b: number) => ({ a: 0.5, b, c: 0.5 });
  assert.equal(twoCycle(drift(1.002), drift(1.001), drift(1), 1e-9).cycle, false); // d2 = 2·d1
  assert.equal(twoCycle(hi, lo, hi, 0.1).cycle, false, 'an oscillation below tol is not reported');
});

test('settledModes: the last values, or the mean of the two points of the cycle', () => {
  const x = { a: 1, b: 1.1, c: 2 }, prev = { a: 0.5, b: 0.9, c: 2 };
  assert.deepEqual(settledModes(x, prev, false), { b: 1.1, ac: 2 });
  assert.deepEqual(settledModes(x, prev, true), { b: 0.5 * (1.1 + 0.9), ac: 0.5 * (2 + 1) });
});
