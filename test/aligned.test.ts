/**
 * The central identity of App. B: a full aligned LRNN trained by gradient descent (exact BPTT) moves
 * its connectivity modes exactly as the reduced dynamics of eq. 5–7 do, step for step.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { trainAligned } from '../src/core/aligned.js';
import { simulateModes } from '../src/core/modes.js';
import { diracDelta, stackDims, taskDynamics } from '../src/core/tasks.js';

function compare(gradient: 'bptt' | 'corr') {
  const T = 6;
  const s = stackDims([
    taskDynamics('invexp', 1.2, 0.7, T),
    taskDynamics('constant', 0.6, 1, T),
    taskDynamics('exp', 0.5, 1.15, T),
    diracDelta(1.5, 1, T),
  ]);
  const a0 = [0.1, 0.2, 0.15, 0.1];
  const b0 = [0.1, -0.1, 0.3, 0.05];
  const c0 = [0.12, 0.1, 0.2, 0.1];
  const steps = 3000;
  const net = trainAligned({
    s: Array.from(s),
    D: 4,
    T,
    N: 5,
    P: 40,
    a0,
    b0,
    c0,
    eta: 2,
    steps,
    recordEvery: 500,
    seed: 'aligned-test',
    gradient,
  });
  const red = simulateModes({ a: Float64Array.from(a0), b: Float64Array.from(b0), c: Float64Array.from(c0) }, s, T, {
    tau: net.tau,
    steps,
    recordEvery: 500,
  });
  assert.equal(net.t.length, red.records.length);
  let worst = 0;
  let moved = 0;
  for (let r = 0; r < net.t.length; r++) {
    for (let k = 0; k < 4; k++) {
      worst = Math.max(
        worst,
        Math.abs(net.a[r][k] - red.records[r].a[k]),
        Math.abs(net.b[r][k] - red.records[r].b[k]),
        Math.abs(net.c[r][k] - red.records[r].c[k]),
      );
      moved = Math.max(moved, Math.abs(net.b[r][k] - b0[k]));
    }
  }
  assert.ok(moved > 0.3, `the modes must actually move (moved ${moved})`);
  assert.ok(worst < 1e-9, `full network vs reduced modes: worst gap ${worst}`);
  assert.ok(net.offDiagonal < 1e-9, `network stays aligned: ${net.offDiagonal}`);
}

test('full aligned network (BPTT) and reduced mode dynamics agree to 1e-9 over 3000 steps', () => compare('bptt'));
test('full aligned network (correlation-space gradient) and reduced mode dynamics agree to 1e-9', () => compare('corr'));
