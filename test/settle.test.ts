import { test } from 'node:test';
import assert from 'node:assert/strict';
import { endState, settledModes, twoCycle } from '../src/core/settle.js';
import { fdHessianLambdaMax } from './lib/hessian.js';

test('twoCycle: x_n = x_{n−2} ≠ x_{n−1} is a 2-cycle; a fixed point and a slow drift are not', () => {
  const hi = { a: 0.5, b: 1.02, c: 0.5 },
    lo = { a: 0.5, b: 0.98, c: 0.5 };
  const c = twoCycle(hi, lo, hi, 1e-9);
  assert.equal(c.cycle, true);
  assert.ok(Math.abs(c.d1 - 0.04) < 1e-15);
  assert.equal(twoCycle(hi, hi, hi, 1e-9).cycle, false); // fixed point: d1 = 0
  const drift = (b: number) => ({ a: 0.5, b, c: 0.5 });
  assert.equal(twoCycle(drift(1.002), drift(1.001), drift(1), 1e-9).cycle, false); // d2 = 2·d1
  assert.equal(twoCycle(hi, lo, hi, 0.1).cycle, false, 'an oscillation below tol is not reported');
});

test('settledModes: the last values, or the mean of the two points of the cycle', () => {
  const x = { a: 1, b: 1.1, c: 2 },
    prev = { a: 0.5, b: 0.9, c: 2 };
  assert.deepEqual(settledModes(x, prev, false), { b: 1.1, ac: 2 });
  assert.deepEqual(settledModes(x, prev, true), { b: 0.5 * (1.1 + 0.9), ac: 0.5 * (2 + 1) });
});

test('endState: a 2-cycle is read as its mean, ρ is the sharpness at the last modes, a diverged run gives no values', () => {
  const s = [0, 0, 1]; // T = 3, s_T = 1: the feedforward solution b = 0, ac = 1 has zero loss
  const x = { a: 1, b: 0, c: 1 };
  const fixed = endState({ ...x, prev: x, prev2: x, b80: 0.01, diverged: null }, s, 10, 1e-9);
  assert.deepEqual({ b: fixed.b, ac: fixed.ac, cycle: fixed.cycle, drift: fixed.drift }, { b: 0, ac: 1, cycle: false, drift: 0.01 });
  // ρ against a finite-difference Hessian of E = ½Σ(s − ac b^k)² at (1, 0, 1): λ_max / τ
  const lam = fdHessianLambdaMax(s, [1, 0, 1]);
  assert.ok(Math.abs(fixed.rho - lam / 10) < 1e-6, `ρ ${fixed.rho} vs ${lam / 10}`);
  const hi = { a: 1, b: 0.02, c: 1 },
    lo = { a: 1, b: -0.02, c: 1 };
  const cyc = endState({ ...hi, prev: lo, prev2: hi, b80: 0, diverged: null }, s, 10, 1e-9);
  assert.equal(cyc.cycle, true);
  assert.ok(Math.abs(cyc.b!) < 1e-15 && Math.abs(cyc.oscillation - 0.04) < 1e-15);
  const div = endState({ ...x, prev: x, prev2: x, b80: 0, diverged: { step: 3, reason: 'non-finite' } }, s, 10, 1e-9);
  assert.equal(div.b, null);
  assert.equal(div.ac, null);
  assert.ok(Number.isNaN(div.rho));
});
