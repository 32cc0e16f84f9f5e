import { test } from 'node:test';
import assert from 'node:assert/strict';
import { etaFor, stepsFor, tau } from '../src/core/timescale.js';

test('timescale: τ = P·N_y/η, η = P·N_y/τ inverts it, stepsFor reaches t_θ/τ = tEnd', () => {
  assert.equal(tau(64, 2, 0.5), 256);
  assert.equal(etaFor(64, 2, 256), 0.5);
  assert.equal(stepsFor(1.5, 64, 2, 0.5), 384);
  assert.equal(stepsFor(0.001, 64, 2, 0.5), 1, 'a fraction of a step rounds up');
  assert.equal(stepsFor(2, 64, 2, 0.5), 2 * tau(64, 2, 0.5));
});
