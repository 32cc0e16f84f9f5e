import assert from 'node:assert/strict';
import { test } from 'node:test';
import { modeResidual } from '../src/core/energy.js';
import {
  balancedGlobalModes,
  earlyImportance,
  gdEdges,
  growsAwayFrom,
  lossSettled,
  rhoAtGlobalSolution,
  runStatus,
  stillFalling,
} from '../src/core/stability.js';
import { globalSolution, taskDynamics } from '../src/core/tasks.js';
import { fdHessianLambdaMax } from './lib/hessian.js';

test('earlyImportance follows the sign of s_t − s_{t+1}: inv.-exp. λ > 1 and exp. λ < 1 put early steps first', () => {
  assert.equal(earlyImportance(taskDynamics('invexp', 1, 1.3, 6)), true);
  assert.equal(earlyImportance(taskDynamics('exp', 1, 0.7, 6)), true);
  assert.equal(earlyImportance(taskDynamics('invexp', 1, 0.7, 6)), false);
  assert.equal(earlyImportance(taskDynamics('exp', 1, 1.3, 6)), false);
  assert.equal(earlyImportance(taskDynamics('constant', 2, 1, 6)), null);
  assert.equal(earlyImportance([3, 1, 2]), null);
});

/** λ_max of the finite-difference Hessian of E = ½Σ_k (s_{T−k} − ac b^k)² (eq. 8, τ = 1), by power iteration. */
function bruteRho(kind: 'constant' | 'invexp' | 'exp', delta: number, lambda: number, T: number, tau: number): number {
  const s = taskDynamics(kind, delta, lambda, T);
  const g = globalSolution(kind, delta, lambda, T);
  const a = Math.sqrt(Math.abs(g.ac));
  return fdHessianLambdaMax(s, [a, g.b, Math.sign(g.ac) * a]) / tau;
}

test('rhoAtGlobalSolution equals λ_max of a finite-difference Hessian of the energy at the F.3 solution, over τ', () => {
  for (const [kind, delta, lambda] of [
    ['constant', 1.5, 1],
    ['invexp', 1, 0.8],
    ['exp', 1, 1.2],
  ] as const) {
    const rho = rhoAtGlobalSolution(kind, delta, lambda, 5, 128);
    const ref = bruteRho(kind, delta, lambda, 5, 128);
    assert.ok(Math.abs(rho - ref) < 1e-5 * ref, `${kind}: ${rho} vs ${ref}`);
  }
});

test('gdEdges finds every crossing of ρ = 2 that a fine brute-force grid sees, and only those', () => {
  const rho = (d: number) => rhoAtGlobalSolution('constant', d, 1, 5, 128);
  const edges = gdEdges(rho, 0.25, 5);
  const n = 5000;
  const crossings: Array<[number, number]> = [];
  for (let i = 0; i < n; i++) {
    const x0 = 0.25 + (4.75 * i) / n,
      x1 = 0.25 + (4.75 * (i + 1)) / n;
    if ((rho(x0) - 2) * (rho(x1) - 2) < 0) crossings.push([x0, x1]);
  }
  assert.ok(crossings.length > 0, 'the constant-δ sweep crosses the edge at τ = 128');
  assert.equal(edges.length, crossings.length);
  edges.forEach((x, k) => {
    assert.ok(x >= crossings[k][0] && x <= crossings[k][1], `edge ${x} outside [${crossings[k]}]`);
    assert.ok(Math.abs(rho(x) - 2) < 1e-9);
  });
});

test('growsAwayFrom: the exponential solution error (1 − λ^{T−T′})² grows away from T on both sides; a dip does not', () => {
  const T = 5,
    lambda = 1.2,
    Tp = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
  const rel = Tp.map((t) => (1 - lambda ** (T - t)) ** 2); // App. F.1, relative error of the F.3.3 solution
  assert.equal(growsAwayFrom(Tp, rel, T), true);
  const dipped = [...rel];
  dipped[8] = dipped[6]; // T′ = 9 no larger than T′ = 7
  assert.equal(growsAwayFrom(Tp, dipped, T), false);
  const left = [...rel];
  left[0] = left[2] / 2; // T′ = 1 below T′ = 3
  assert.equal(growsAwayFrom(Tp, left, T), false);
});

test('balancedGlobalModes: a = |c|, c·b^k·a reproduces the F.3 solution, so the energy there is zero', () => {
  for (const [kind, delta, lambda] of [
    ['constant', 1.5, 1],
    ['invexp', 1, 0.8],
    ['exp', 1, 1.2],
  ] as const) {
    const m = balancedGlobalModes(kind, delta, lambda, 5);
    assert.equal(m.a, Math.abs(m.c));
    assert.ok(modeResidual(taskDynamics(kind, delta, lambda, 5), m.a * m.c, m.b) < 1e-28, kind);
  }
});

test('runStatus: diverged first, then converged exactly when final / initial loss ≤ convTol', () => {
  assert.equal(runStatus(true, 0, 1e-12), 'diverged');
  assert.equal(runStatus(false, 1e-12, 1e-12), 'converged');
  assert.equal(runStatus(false, 2e-12, 1e-12), 'not converged');
  assert.equal(runStatus(false, null, 1e-12), 'not converged');
});

test('stillFalling: an exponentially decaying loss is falling, a two-cycle is not', () => {
  const decay = Array.from({ length: 11 }, (_, k) => Math.exp(-k)); // loss(10)/loss(5) = e^-5 < 0.1
  assert.equal(stillFalling(decay), true);
  assert.equal(stillFalling(Array.from({ length: 11 }, (_, k) => 0.5 + 0.01 * (k % 2))), false);
});

test('lossSettled: flat over the second half and from step to step; a 2-cycle or a slow fall is not settled', () => {
  assert.equal(lossSettled([1, 0.5, 0.2, 0.2, 0.2]), true);
  assert.equal(lossSettled([1, 0.5, 0.2, 0.2001, 0.2]), false); // last two steps differ: a 2-cycle
  assert.equal(lossSettled([1, 0.5, 0.3, 0.2, 0.2]), false); // still fell over the second half
  assert.equal(lossSettled([1, 0.2, 0.2]), false); // too short a record
});
