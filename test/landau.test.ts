import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeRng } from '../src/core/rng.js';
import { energy, energyTerms } from '../src/core/modes.js';
import {
  criticalBeta,
  criticalBetaAtBound,
  criticalBetaLargeT,
  effectiveEnergy,
  effectiveEnergyDirac,
  energyLandscape,
  landauCoefficientsT3,
  landauEnergy,
  landauTask,
  minimiseProfile,
  minimiserT3,
  optimalU,
  optimalUDirac,
} from '../src/core/landau.js';

/** Brute force: min over a dense uniform grid of b, then golden-section polish around the best grid point. */
function bruteMin(f: (b: number) => number, lo: number, hi: number, n = 200_000): { b: number; E: number } {
  let bestB = lo;
  let bestE = Infinity;
  for (let k = 0; k <= n; k++) {
    const b = lo + ((hi - lo) * k) / n;
    const e = f(b);
    if (e < bestE) {
      bestE = e;
      bestB = b;
    }
  }
  const h = (hi - lo) / n;
  let a = Math.max(lo, bestB - h);
  let c = Math.min(hi, bestB + h);
  const g = (Math.sqrt(5) - 1) / 2;
  for (let it = 0; it < 80; it++) {
    const x1 = c - g * (c - a);
    const x2 = a + g * (c - a);
    if (f(x1) < f(x2)) c = x2;
    else a = x1;
  }
  const m = 0.5 * (a + c);
  return f(m) < bestE ? { b: m, E: f(m) } : { b: bestB, E: bestE };
}

test('eq. (101)–(102): u* and E* equal the minimum over u of eq. (97) found by brute force, and eq. (97) = 2τ × eq. (8)', () => {
  const rng = makeRng('landau-u');
  let worst = 0;
  for (let rep = 0; rep < 40; rep++) {
    const T = 2 + Math.floor(rng.uniform() * 9);
    const beta = 0.3 + 2 * rng.uniform();
    const b = -1.6 + 3.2 * rng.uniform();
    const s = landauTask(beta, T);
    // brute force over u: dense grid around 0 wide enough to hold u*, then a local golden search
    const uStar = optimalU(s, b);
    const span = 4 * (Math.abs(uStar) + 1);
    const { b: uBrute, E: eBrute } = bruteMin((u) => landauEnergy(s, u, b), -span, span, 20_000);
    const eStar = effectiveEnergy(s, b);
    assert.ok(Math.abs(eStar - eBrute) <= 1e-9 * Math.max(1, eBrute), `T=${T} β=${beta} b=${b}: E* ${eStar} vs brute ${eBrute}`);
    assert.ok(eStar <= eBrute + 1e-12 * Math.max(1, eBrute), 'E* is the minimum');
    assert.ok(Math.abs(uStar - uBrute) <= 1e-5 * Math.max(1, Math.abs(uStar)), `u* ${uStar} vs brute ${uBrute}`);
    // the literal forms of eq. (101)–(102) for the Dirac task of eq. (96)
    assert.ok(Math.abs(effectiveEnergyDirac(beta, T, b) - eStar) <= 1e-12 * Math.max(1, eStar + beta * beta));
    assert.ok(Math.abs(optimalUDirac(beta, T, b) - uStar) <= 1e-12 * Math.max(1, Math.abs(uStar)));
    // eq. (97) at u* equals E*
    assert.ok(Math.abs(landauEnergy(s, uStar, b) - eStar) <= 1e-12 * Math.max(1, eStar + beta * beta));
    // App. H drops the 1/(2τ) of eq. (8)
    const tau = 0.5 + rng.uniform();
    const u = rng.normal();
    const e8 = energy({ a: Float64Array.of(u), b: Float64Array.of(b), c: Float64Array.of(1) }, s, T, tau)[0]!;
    assert.ok(Math.abs(landauEnergy(s, u, b) - 2 * tau * e8) <= 1e-12 * Math.max(1, e8));
    worst = Math.max(worst, Math.abs(eStar - eBrute));
  }
  // trivial solution (App. H): b = 0 gives u* = 1/β and E* = β²
  for (const beta of [0.4, 1, 2.3]) {
    for (const T of [3, 5, 9]) {
      assert.ok(Math.abs(optimalU(landauTask(beta, T), 0) - 1 / beta) < 1e-15 * (1 / beta) * 4);
      assert.ok(Math.abs(effectiveEnergy(landauTask(beta, T), 0) - beta * beta) < 1e-14 * (beta * beta + 1 / (beta * beta)));
    }
  }
});

test('effective energy is overflow-safe for large |b| and tends to 1/β² (eq. 110–111)', () => {
  for (const T of [4, 8, 30]) {
    for (const beta of [0.8, 1.3]) {
      const s = landauTask(beta, T);
      const e = effectiveEnergy(s, 1e8);
      assert.ok(Number.isFinite(e));
      assert.ok(Math.abs(e - 1 / (beta * beta)) < 1e-6, `T=${T} β=${beta}: E*(1e8) = ${e}`);
      assert.ok(Number.isFinite(optimalU(s, -1e8)));
    }
  }
});

test('minimiseProfile finds the global minimum found by brute force (random trajectories and ranges)', (t) => {
  const rng = makeRng('landau-global');
  let worstGap = 0;
  let maxEval = 0;
  for (let rep = 0; rep < 60; rep++) {
    const T = 2 + Math.floor(rng.uniform() * 10);
    const s = rng.normals(T, 1);
    const lo = -0.2 - 3 * rng.uniform();
    const hi = 0.2 + 3 * rng.uniform();
    const m = minimiseProfile(s, [lo, hi]);
    const brute = bruteMin((b) => effectiveEnergy(s, b), lo, hi);
    // never worse than brute force, and its certified lower bound is below the brute-force value
    assert.ok(m.E <= brute.E + 1e-11 * Math.max(1, Math.abs(brute.E)), `rep ${rep}: B&B ${m.E} > brute ${brute.E}`);
    assert.ok(m.lowerBound <= brute.E + 1e-12, `lower bound ${m.lowerBound} above brute ${brute.E}`);
    assert.ok(m.E - m.lowerBound <= 1e-11 * Math.max(1, Math.abs(m.E)) + 1e-11);
    assert.ok(m.b >= lo && m.b <= hi);
    assert.ok(Math.abs(effectiveEnergy(s, m.b) - m.E) < 1e-15 + 1e-14 * Math.abs(m.E));
    worstGap = Math.max(worstGap, brute.E - m.E);
    maxEval = Math.max(maxEval, m.evaluations);
  }
  t.diagnostic(`largest (brute − B&B) energy: ${worstGap.toExponential(2)}; most evaluations: ${maxEval}`);
});

test('minimiseProfile is global, not local: a narrow deeper well away from the wide trivial basin (T = 4, β = 1.004)', () => {
  // The b = 0 basin is wide; the global minimum near b ≈ 1 is shallow and narrow. A local search from
  // b = 0 stays at 0; a coarse grid of 8 points misses the well; the branch and bound must find it.
  const beta = 1.004;
  const s = landauTask(beta, 4);
  const m = minimiseProfile(s, [-2, 2], { cells: 2 });
  const brute = bruteMin((b) => effectiveEnergy(s, b), -1.2, 1.2);
  assert.ok(brute.E < beta * beta - 1e-4, 'the well is below the trivial energy');
  assert.ok(Math.abs(m.b - brute.b) < 1e-5, `B&B b* ${m.b} vs brute ${brute.b}`);
  assert.ok(m.E <= brute.E + 1e-13);
  assert.ok(m.b > 0.9 && m.b < 1.2);
  // symmetric ties (odd T: E* is even in b) go to the positive minimiser
  const m3 = minimiseProfile(landauTask(1, 3), [-2, 2]);
  assert.ok(m3.b > 0.99 && m3.b < 1.01, `T=3, β=1: b* = ${m3.b}, expected +1`);
});

test('T = 3: minimiser b*² = (2β² − 1)/(2 − β²), continuous onset at β = 1/√2; Landau coefficients (eq. 106 corrected)', () => {
  for (const beta of [0.5, 0.69, 0.75, 0.9, 1, 1.2, 1.35]) {
    const m = minimiseProfile(landauTask(beta, 3), [-20, 20]);
    const want = minimiserT3(beta);
    assert.ok(Math.abs(Math.abs(m.b) - want) < 2e-5 * Math.max(1, want), `β=${beta}: |b*| ${m.b} vs ${want}`);
  }
  assert.equal(minimiserT3(1.5), Infinity);
  const big = minimiseProfile(landauTask(1.5, 3), [-50, 50]);
  assert.ok(big.atBound, 'for β ≥ √2 the infimum lies at |b| → ∞, so the minimiser sits at the range end');
  // numerical Taylor coefficients of E*(b) − β² in b² (Richardson-extrapolated finite differences)
  for (const beta of [0.6, 0.8, 1.1]) {
    const s = landauTask(beta, 3);
    const f = (b: number) => effectiveEnergy(s, b) - beta * beta;
    const h = 2e-3;
    const A = (4 * (f(h) / (h * h)) - f(2 * h) / (4 * h * h)) / 3; // removes the b⁴ term
    const { A: Aexact, C, paperQuartic } = landauCoefficientsT3(beta);
    assert.ok(Math.abs(A - Aexact) < 1e-6, `A(${beta}) numeric ${A} vs ${Aexact}`);
    const h2 = 2e-2;
    const q = (f(h2) - Aexact * h2 * h2) / h2 ** 4; // C + O(b²)
    const q2 = (f(2 * h2) - Aexact * 4 * h2 * h2) / (16 * h2 ** 4);
    const Cnum = (4 * q - q2) / 3;
    assert.ok(Math.abs(Cnum - C) < 1e-4, `C(${beta}) numeric ${Cnum} vs corrected ${C}`);
    assert.ok(Math.abs(Cnum - paperQuartic) > 0.5, `the paper's eq. (106) quartic ${paperQuartic} differs from ${Cnum}`);
  }
});

test('critical β: 1/√2 (T = 3, continuous), 1 (T = 4, jump to b = 1), √((√G(B) − 1)/B^{T−1}) at the range end (T ≥ 5) → (1 − 1/B²)^{−1/4}', () => {
  const c3 = criticalBeta(3, [-2, 2], { lo: 0.6, hi: 0.8, tol: 1e-8 })!;
  assert.ok(Math.abs(c3.beta - Math.SQRT1_2) < 1e-6, `T=3: ${c3.beta}`);
  assert.ok(Math.abs(c3.jump) < 0.01, 'continuous: no jump in b*');
  const c4 = criticalBeta(4, [-2, 2], { lo: 0.8, hi: 1.2 })!;
  assert.ok(Math.abs(c4.beta - 1) < 1e-8, `T=4: ${c4.beta}`);
  assert.ok(Math.abs(c4.above.b - 1) < 0.01 && c4.jump > 0.9, `T=4 jumps to b ≈ 1: ${c4.above.b}`);
  for (const [T, B] of [
    [5, 2],
    [8, 2],
    [6, 3],
    [20, 1.5],
  ] as const) {
    const c = criticalBeta(T, [-B, B], { lo: 0.8, hi: 1.5 })!;
    const closed = criticalBetaAtBound(T, B);
    assert.ok(Math.abs(c.beta - closed) < 1e-8, `T=${T}, B=${B}: ${c.beta} vs closed form ${closed}`);
    assert.ok(c.above.atBound && c.jump > B - 1e-6, 'first-order: b* jumps to the end of the range');
    // independent check of the closed form: E*(B) = β² there
    const e = effectiveEnergyDirac(closed, T, B);
    assert.ok(Math.abs(e - closed * closed) < 1e-12);
  }
  assert.ok(Math.abs(criticalBetaAtBound(200, 2) - criticalBetaLargeT(2)) < 1e-12);
  assert.ok(Math.abs(criticalBetaLargeT(2) - 1.0745699318) < 1e-9);
});

test('energyLandscape (eq. 9): the regularisation term is the same for every task; data + reg = total = eq. (8)', () => {
  const bs = [-1.5, -0.4, 0, 0.7, 1, 1.3];
  const us = [-2, -0.5, 0, 0.9, 2];
  const T = 5;
  const s1 = Float64Array.of(0.5, 0, 0, 0, 1);
  const s2 = Float64Array.of(2.5, 0, 0, 0, 1);
  const L1 = energyLandscape(s1, bs, us);
  const L2 = energyLandscape(s2, bs, us);
  assert.deepEqual(Array.from(L1.reg), Array.from(L2.reg));
  for (const [j, u] of us.entries()) {
    for (const [i, b] of bs.entries()) {
      const k = j * bs.length + i;
      const ref = energyTerms(u, b, s2, T);
      assert.equal(L2.total[k], ref.total);
      const e8 = energy({ a: Float64Array.of(u), b: Float64Array.of(b), c: Float64Array.of(1) }, s2, T)[0]!;
      assert.ok(Math.abs(L2.total[k] - e8) <= 1e-12 * Math.max(1, e8));
    }
  }
});
