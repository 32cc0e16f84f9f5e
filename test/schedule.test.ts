import { test } from 'node:test';
import assert from 'node:assert/strict';
import { recordSchedule } from '../src/core/schedule.js';
import { simulateModes, uniformModes } from '../src/core/modes.js';
import { simulateComplexModes } from '../src/core/complexmodes.js';

const steps = 25;
const recorded = (opts: Parameters<typeof recordSchedule>[1]) => {
  const s = recordSchedule(steps, opts, 'test');
  return Array.from({ length: steps + 1 }, (_, i) => i).filter((i) => s.has(i));
};

test('recordEvery k: 0, k, 2k, … and always the final step', () => {
  assert.deepEqual(recorded({ recordEvery: 10 }), [0, 10, 20, 25]);
  assert.deepEqual(recorded({ recordEvery: 5 }), [0, 5, 10, 15, 20, 25]);
  assert.equal(recordSchedule(steps, { recordEvery: 10 }, 'test').recordsEnd, true);
});

test('recordAt adds explicit steps; out-of-range and fractional steps are dropped, never an error', () => {
  assert.deepEqual(recorded({ recordAt: [3, 7, -1, 26, 99, 2.5] }), [3, 7]);
  assert.deepEqual(recorded({ recordEvery: 10, recordAt: [3, 10] }), [0, 3, 10, 20, 25]);
  assert.equal(recordSchedule(steps, { recordAt: [3] }, 'test').recordsEnd, false);
});

test('neither option: the first and the final step', () => {
  assert.deepEqual(recorded({}), [0, 25]);
  assert.equal(recordSchedule(steps, {}, 'test').recordsEnd, true);
});

test('a recordEvery that is not a whole number ≥ 1 is an error naming the caller', () => {
  for (const k of [0, -2, 1.5, NaN]) assert.throws(() => recordSchedule(steps, { recordEvery: k }, 'caller'), /caller: recordEvery/);
});

test('the mode simulations follow the same schedule as train()', () => {
  const s = Float64Array.of(0.5, 1);
  const modes = simulateModes(uniformModes(1, 0.1, 0.2, 0.1), s, 2, { tau: 10, steps, recordEvery: 10, recordAt: [3, 99] });
  assert.deepEqual(
    modes.records.map((r) => r.step),
    [0, 3, 10, 20, 25],
  );
  const cv = (re: number) => ({ re: Float64Array.of(re), im: Float64Array.of(0) });
  const cx = simulateComplexModes({ a: cv(0.1), b: cv(0.2), c: cv(0.1) }, { re: s, im: new Float64Array(2) }, 2, { tau: 10, steps });
  assert.deepEqual(
    cx.records.map((r) => r.step),
    [0, 25],
  );
});
