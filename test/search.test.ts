import { test } from 'node:test';
import assert from 'node:assert/strict';
import { goldenSection, gridMin, gridThenGolden, richardson, scanRoots } from '../src/core/search.js';

test('scanRoots finds every simple root of sin on [0.5, 10]: π, 2π, 3π', () => {
  const r = scanRoots(Math.sin, 0.5, 10, 400);
  assert.equal(r.length, 3);
  for (const [k, x] of r.entries()) assert.ok(Math.abs(x - (k + 1) * Math.PI) < 1e-12, `root ${k}: ${x}`);
});

test('scanRoots: a grid point where f = 0 is a root; a double root (no sign change) is not found', () => {
  assert.deepEqual(
    scanRoots((x) => x - 1, 0, 4, 4),
    [1],
  );
  assert.deepEqual(
    scanRoots((x) => (x - 1.33) ** 2, 0, 4, 40),
    [],
  );
  assert.throws(() => scanRoots(Math.sin, 0, 1, 0), RangeError);
});

test('goldenSection finds the minimum of (x − c)² + 1 and of cosh(x − c)', () => {
  for (const c of [-0.7, 0.2, 1.9]) {
    assert.ok(Math.abs(goldenSection((x) => (x - c) ** 2 + 1, -3, 3) - c) < 1e-7);
    assert.ok(Math.abs(goldenSection((x) => Math.cosh(x - c), -3, 3) - c) < 1e-7);
  }
});

test('richardson turns the O(h²) central difference of exp into an O(h⁴) one', () => {
  const D = (h: number) => (Math.exp(h) - Math.exp(-h)) / (2 * h); // exp′(0) = 1 + h²/6 + O(h⁴)
  const h = 1e-2;
  const plain = Math.abs(D(h) - 1),
    extrapolated = Math.abs(richardson(D(h), D(2 * h)) - 1);
  assert.ok(plain > 1e-6 && extrapolated < 1e-9, `plain ${plain}, extrapolated ${extrapolated}`);
  assert.equal(richardson(3, 3), 3);
});

test('gridThenGolden: the global minimum of a function with two dips, to golden-section accuracy', () => {
  const f = (x: number) => (x * x - 1) ** 2 + 0.3 * x; // global minimum near x = −1.04, local near 0.96
  let brute = Infinity;
  for (let k = 0; k <= 1_000_000; k++) brute = Math.min(brute, f(-3 + (6 * k) / 1_000_000));
  const m = gridThenGolden(f, -3, 3, 600);
  assert.ok(m <= brute + 1e-12 && m >= brute - 1e-9, `${m} vs ${brute}`);
  assert.throws(() => gridThenGolden(f, 0, 1, 0), RangeError);
  assert.deepEqual(
    gridMin((x) => (x - 0.5) ** 2, 0, 2, 4),
    { x: 0.5, f: 0 },
  );
});
