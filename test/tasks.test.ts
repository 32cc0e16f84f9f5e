import { test } from 'node:test';
import assert from 'node:assert/strict';
import { diracDelta, dimRow, globalSolution, stackDims, taskDynamics, withLastValue, type DynamicsKind } from '../src/core/tasks.js';
import { energy } from '../src/core/modes.js';

const close = (got: number, want: number, tol: number, msg = '') =>
  assert.ok(Math.abs(got - want) <= tol, `${msg} got ${got}, want ${want} (tol ${tol})`);

test('taskDynamics: s_t = δ f(λ, t) at index t − 1 (§3.2, App. P.4.1)', () => {
  const T = 4;
  const d = 2;
  const l = 0.5;
  assert.deepEqual([...taskDynamics('constant', d, l, T)], [2, 2, 2, 2]);
  // inverse-exponential f = λ^{T−t}: t = 1..4 → λ^3, λ^2, λ, 1 (late importance for λ < 1)
  assert.deepEqual([...taskDynamics('invexp', d, l, T)], [2 * 0.125, 2 * 0.25, 2 * 0.5, 2]);
  // exponential f = λ^t: λ, λ², λ³, λ⁴
  assert.deepEqual([...taskDynamics('exp', d, l, T)], [2 * 0.5, 2 * 0.25, 2 * 0.125, 2 * 0.0625]);
  assert.throws(() => taskDynamics('constant', 1, 1, 0), RangeError);
  assert.throws(() => taskDynamics('nope' as DynamicsKind, 1, 1, 3), RangeError);
});

test('App. F.1: exponential dynamics are inverse-exponential with δ′ = δλ^T, λ′ = 1/λ at fixed T', () => {
  const T = 7;
  const e = taskDynamics('exp', 0.8, 1.3, T);
  const ie = taskDynamics('invexp', 0.8 * 1.3 ** T, 1 / 1.3, T);
  for (let i = 0; i < T; i++) close(e[i]!, ie[i]!, 1e-12 * Math.abs(e[i]!), `t=${i + 1}`);
});

test('withLastValue (eq. 10) replaces s_T by κ and copies', () => {
  const s = taskDynamics('invexp', 1, 0.5, 3);
  const r = withLastValue(s, 9);
  assert.deepEqual([...r], [0.25, 0.5, 9]);
  assert.equal(s[2], 1, 'input untouched');
});

test('diracDelta (eq. 11): s_1 = β, s_T = κ, zero otherwise', () => {
  assert.deepEqual([...diracDelta(3, 4, 5)], [3, 0, 0, 0, 4]);
  assert.deepEqual([...diracDelta(3, 4, 2)], [3, 4]);
  assert.throws(() => diracDelta(1, 1, 1), RangeError);
});

test('globalSolution (App. F.3) is a zero-loss point of eq. (8), and a perturbation is not', () => {
  const cases: Array<[DynamicsKind, number, number]> = [
    ['constant', 1.5, 1],
    ['invexp', 1.2, 0.6],
    ['invexp', 0.5, 1.1],
    ['exp', 0.7, 1.25],
    ['exp', 2, 0.9],
  ];
  const T = 6;
  for (const [kind, d, l] of cases) {
    const s = taskDynamics(kind, d, l, T);
    const g = globalSolution(kind, d, l, T);
    const a = Math.sqrt(g.ac);
    const E = energy({ a: Float64Array.of(a), b: Float64Array.of(g.b), c: Float64Array.of(a) }, s, T)[0]!;
    assert.ok(E < 1e-26, `${kind}: E at global solution = ${E}`);
    const Ep = energy({ a: Float64Array.of(a), b: Float64Array.of(g.b * 1.01), c: Float64Array.of(a) }, s, T)[0]!;
    assert.ok(Ep > 1e-8, `${kind}: perturbed E = ${Ep}`);
  }
  assert.deepEqual(globalSolution('exp', 2, 0.5, 3), { b: 2, ac: 0.25 });
});

test('stackDims: D×T row-major, s[α·T + t − 1]', () => {
  const s = stackDims([Float64Array.of(1, 2, 3), Float64Array.of(4, 5, 6)]);
  assert.deepEqual([...s], [1, 2, 3, 4, 5, 6]);
  assert.deepEqual([...dimRow(s, 3, 1)], [4, 5, 6]);
  assert.throws(() => stackDims([Float64Array.of(1, 2), Float64Array.of(1)]), RangeError);
  assert.equal(stackDims([]).length, 0);
});
