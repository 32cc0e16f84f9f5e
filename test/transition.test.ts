import { test } from 'node:test';
import assert from 'node:assert/strict';
import { atResolution, bisectFlip, locateTransition, refinedTransition, refinePoints, sharpens } from '../src/core/transition.js';

const grid = (lo: number, hi: number, n: number) => Array.from({ length: n }, (_, i) => lo + ((hi - lo) * i) / (n - 1));

test('a step: location inside the jump interval, width = grid spacing, jump and run', () => {
  const x = grid(0, 2, 21); // spacing 0.1
  const y = x.map((v) => (v < 1.05 ? 0 : 3));
  const tr = locateTransition(x, y)!;
  assert.deepEqual(
    tr.steepest.map((v) => Math.round(v * 10) / 10),
    [1, 1.1],
  );
  assert.ok(Math.abs(tr.location - 1.05) < 1e-12);
  assert.ok(Math.abs(tr.width - 0.1) < 1e-12, `width ${tr.width}`);
  assert.ok(Math.abs(tr.resolution - 0.1) < 1e-12);
  assert.equal(tr.jump, 3);
  assert.deepEqual(tr.run, [0, 2]);
});

test('a tanh of scale w: location x0, maximum-slope width 2w (independent of grid once resolved)', () => {
  for (const [x0, w] of [
    [0.7, 0.05],
    [1.3, 0.2],
  ]) {
    const x = grid(0, 2.5, 2001);
    const y = x.map((v) => 1 + Math.tanh((v - x0) / w));
    const tr = locateTransition(x, y)!;
    const J = y[y.length - 1] - y[0];
    assert.ok(Math.abs(tr.location - x0) < 2e-3, `location ${tr.location} vs ${x0}`);
    assert.ok(Math.abs(tr.width - J * w) < 1e-3 * w, `width ${tr.width} vs ${J * w}`); // J/(1/w)
    // a decreasing transition gives the same width, negative jump
    const down = locateTransition(
      x,
      y.map((v) => -v),
    )!;
    assert.ok(Math.abs(down.width - tr.width) < 1e-12 && down.jump < 0);
  }
});

test('rise then decay (b jumping to a recurrent solution 1/λ that then decreases): the run stops at the peak', () => {
  const x = grid(0.5, 1.5, 11);
  const y = x.map((v) => (v < 0.85 ? 0.01 * v : 1 / v));
  const tr = locateTransition(x, y)!;
  assert.ok(Math.abs(tr.run[1] - 0.9) < 1e-12, `run ends at ${tr.run[1]}`);
  assert.ok(tr.location > 0.8 && tr.location < 0.9);
});

test('null and non-finite values (diverged runs) are skipped; fewer than 2 points or a constant give null', () => {
  const x = [0, 1, 2, 3, 4];
  const tr = locateTransition(x, [0, null, Number.NaN, 1, 1])!;
  assert.deepEqual(tr.steepest, [0, 3]);
  assert.equal(locateTransition(x, [null, null, 1, null, null]), null);
  assert.equal(locateTransition(x, [2, 2, 2, 2, 2]), null);
  assert.equal(locateTransition(x, [0, 0, 1e-3, 2e-3, 2e-3], { minJump: 0.05 }), null, 'a negligible jump is no transition');
  assert.ok(locateTransition(x, [0, 0, 1, 1, 1], { minJump: 0.05 }));
  assert.throws(() => locateTransition([0, 2, 1], [0, 1, 2]), /increasing/);
});

test('bisectFlip brackets the flip of a monotone predicate to tol; null without a flip', () => {
  const r = bisectFlip((x) => x * x > 2, 0, 3, 1e-10)!;
  assert.ok(r.hi - r.lo <= 1e-10 && r.lo <= Math.SQRT2 && r.hi >= Math.SQRT2);
  assert.equal(
    bisectFlip((x) => x > 5, 0, 3, 1e-6),
    null,
  );
  assert.equal(
    bisectFlip((x) => x > -1, 0, 3, 1e-6),
    null,
  );
});

test('refinePoints: evenly inside the open interval', () => {
  assert.deepEqual(refinePoints(0, 1, 3), [0.25, 0.5, 0.75]);
  assert.deepEqual(refinePoints(0, 1, 0), []);
});

test('refinedTransition: one refinement of a tanh step equals locating it on the merged grid by brute force', () => {
  const x0 = 0.73,
    w = 0.01;
  const f = (v: number) => Math.tanh((v - x0) / w);
  const x = grid(0, 2, 21);
  const coarse = locateTransition(x, x.map(f))!;
  const merged = [...x, ...refinePoints(coarse.steepest[0], coarse.steepest[1], 9)].sort((u, v) => u - v);
  const ref = locateTransition(merged, merged.map(f))!;
  const tr = refinedTransition(x, x.map(f), f, 9)!;
  assert.deepEqual(tr, ref);
  assert.ok(Math.abs(tr.location - x0) < Math.abs(coarse.location - x0), `refined ${tr.location}, coarse ${coarse.location}`);
  assert.ok(tr.resolution < coarse.resolution / 5);
  assert.deepEqual(refinedTransition(x, x.map(f), f, 0), coarse);
  assert.equal(
    refinedTransition(
      x,
      x.map(() => 1),
      f,
      9,
    ),
    null,
  );
});

test('sharpens: a narrower tanh sharpens; two steps at their grid resolution count as sharpening; none never does', () => {
  const x = grid(0, 2, 201);
  const tanhStep = (w: number) =>
    locateTransition(
      x,
      x.map((v) => Math.tanh((v - 1) / w)),
    );
  const wide = tanhStep(0.3),
    narrow = tanhStep(0.1);
  assert.equal(atResolution(wide), false);
  assert.equal(sharpens(wide, narrow), true);
  assert.equal(sharpens(narrow, wide), false);
  const step = (at: number) =>
    locateTransition(
      x,
      x.map((v) => (v < at ? 0 : 1)),
    );
  const s1 = step(0.905),
    s2 = step(1.105);
  assert.equal(atResolution(s1), true);
  assert.equal(sharpens(s1, s2), true);
  assert.equal(sharpens(wide, null), false);
  assert.equal(sharpens(null, narrow), false);
});
