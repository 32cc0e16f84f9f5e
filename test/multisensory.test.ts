import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  MULTISENSORY_DEFAULTS,
  bestModeFit,
  inputDim,
  inputStatistics,
  integrate,
  multisensoryDataset,
  noiseSd,
  sampleTrials,
  stimulusMean,
  stimulusSteps,
  targetWeights,
  trialInputs,
} from '../src/core/multisensory.js';
import { makeRng } from '../src/core/rng.js';

const close = (got: number, want: number, tol: number, msg = '') =>
  assert.ok(Math.abs(got - want) <= tol, `${msg} got ${got}, want ${want} (tol ${tol})`);

test('Neurogym defaults: T = ⌊750/100⌋ = 7 steps, noise sd sigma/√dt = 0.1, 4 inputs (fixation removed)', () => {
  assert.equal(stimulusSteps(), 7);
  assert.equal(stimulusSteps({ stimulus: 600 }), 6);
  assert.equal(stimulusSteps({ stimulus: 799 }), 7); // rounded down like Neurogym's (t // dt)·dt
  assert.equal(stimulusSteps({ stimulus: 750, dt: 50 }), 15);
  close(noiseSd(), 0.1, 1e-15);
  close(noiseSd({ sigma: 2, dt: 25 }), 0.4, 1e-15);
  assert.equal(inputDim(), 4);
  assert.equal(inputDim({ dimRing: 3 }), 6);
  assert.deepEqual([...MULTISENSORY_DEFAULTS.cohs], [5, 15, 50]);
  assert.throws(() => stimulusSteps({ dt: 0 }), RangeError);
});

test('stimulus: cos(θ − θ_choice)·coh·p/200 + 0.5 in modality 1, with (1 − p) in modality 2', () => {
  const m = stimulusMean({ choice: 0, coh: 50, p: 0.3 });
  close(m[0], 0.5 + (50 * 0.3) / 200, 1e-15, 'mod 1, θ = 0 (choice)');
  close(m[1], 0.5 - (50 * 0.3) / 200, 1e-15, 'mod 1, θ = π');
  close(m[2], 0.5 + (50 * 0.7) / 200, 1e-15, 'mod 2, θ = 0');
  close(m[3], 0.5 - (50 * 0.7) / 200, 1e-15, 'mod 2, θ = π');
  const m1 = stimulusMean({ choice: 1, coh: 15, p: 1 });
  close(m1[0], 0.5 - 15 / 200, 1e-15);
  close(m1[1], 0.5 + 15 / 200, 1e-15);
  close(m1[2], 0.5, 1e-15);
  close(m1[3], 0.5, 1e-15);
});

test('trials: choice uniform over the ring, coherence uniform over {5, 15, 50}, p ~ U(0, 1)', () => {
  const trials = sampleTrials(30000, makeRng('trials'));
  const frac = (f: (t: (typeof trials)[number]) => boolean) => trials.filter(f).length / trials.length;
  close(
    frac((t) => t.choice === 0),
    0.5,
    0.015,
  );
  for (const c of [5, 15, 50])
    close(
      frac((t) => t.coh === c),
      1 / 3,
      0.015,
      `coh ${c}`,
    );
  const ps = trials.map((t) => t.p);
  close(ps.reduce((a, b) => a + b, 0) / ps.length, 0.5, 0.01, 'E[p]');
  close(ps.reduce((a, b) => a + b * b, 0) / ps.length, 1 / 3, 0.01, 'E[p²]');
  assert.ok(ps.every((p) => p >= 0 && p < 1));
});

test('inputs: the stimulus plus independent N(0, (sigma/√dt)²) noise per input, step and trial', () => {
  const rng = makeRng('noise');
  const trials = sampleTrials(20000, rng);
  const T = 3;
  const X = trialInputs(trials, T, rng);
  const P = trials.length;
  const sd = noiseSd();
  let n = 0,
    s1 = 0,
    s2 = 0,
    cross = 0;
  for (let p = 0; p < P; p++) {
    const m = stimulusMean(trials[p]);
    for (let i = 0; i < 4; i++) {
      const e = [0, 1, 2].map((t) => X[t].data[i * P + p] - m[i]);
      for (const v of e) {
        s1 += v;
        s2 += v * v;
        n++;
      }
      cross += e[0] * e[1];
    }
  }
  close(s1 / n, 0, (4 * sd) / Math.sqrt(n), 'noise mean');
  close(Math.sqrt(s2 / n), sd, 0.01 * sd, 'noise sd');
  close(cross / (n / 3), 0, (5 * sd * sd) / Math.sqrt(n / 3), 'noise uncorrelated across steps');
});

test('targets: weights mean 1/T, sum 1, late 0.1·t, early 1/t; y_T = Σ_t w_t x_t computed sample by sample', () => {
  assert.deepEqual([...targetWeights('sum', 3)], [1, 1, 1]);
  assert.deepEqual([...targetWeights('mean', 4)], [0.25, 0.25, 0.25, 0.25]);
  const late = targetWeights('late', 6);
  const early = targetWeights('early', 6);
  for (let t = 1; t <= 6; t++) {
    close(late[t - 1], 0.1 * t, 1e-15);
    close(early[t - 1], 1 / t, 1e-15);
  }
  const d = multisensoryDataset(50, 5, 'early', makeRng('targets'));
  for (let p = 0; p < 50; p += 7) {
    for (let i = 0; i < 4; i++) {
      let y = 0;
      for (let t = 1; t <= 5; t++) y += d.X[t - 1].data[i * 50 + p] / t;
      close(d.Y.data[i * 50 + p], y, 1e-12);
    }
  }
  assert.throws(() => integrate(d.X, [1, 2]), RangeError);
});

test('datasets: any trajectory length, reproducible from the seed, different for another seed', () => {
  for (const T of [1, 7, 21]) {
    const d = multisensoryDataset(10, T, 'mean', makeRng('s'));
    assert.equal(d.X.length, T);
    assert.equal(d.Nx, 4);
    assert.equal(d.Ny, 4);
  }
  const a = multisensoryDataset(20, 4, 'sum', makeRng('same'));
  const b = multisensoryDataset(20, 4, 'sum', makeRng('same'));
  const c = multisensoryDataset(20, 4, 'sum', makeRng('other'));
  assert.deepEqual(a.Y.data, b.Y.data);
  assert.notDeepEqual(a.Y.data, c.Y.data);
});

test('input statistics: M = E[m mᵀ] matches a Monte-Carlo average; eigenvalues 1, E[c²], E[c²]/3, 0 (hand-derived)', () => {
  const s = inputStatistics();
  const trials = sampleTrials(200000, makeRng('mc'));
  const mc = new Float64Array(16);
  for (const tr of trials) {
    const m = stimulusMean(tr);
    for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) mc[i * 4 + j] += (m[i] * m[j]) / trials.length;
  }
  for (let q = 0; q < 16; q++) close(s.M.data[q], mc[q], 2e-3, `M entry ${q}`);
  // m = 0.5·1 + (coh/200)·s·(p, −p, 1−p, −(1−p)): the offset (1,1,1,1)/2 has μ = 4·0.25 = 1; the choice
  // directions (1,−1,±1,∓1)/2 have μ = E[c²](1 ± 1/2)·(2/3)…: E[c²] and E[c²]/3; (1,1,−1,−1)/2 carries no stimulus.
  const c2 = (25 + 225 + 2500) / 3 / 40000;
  close(s.mu[0], 1, 1e-12);
  close(s.mu[1], c2, 1e-12);
  close(s.mu[2], c2 / 3, 1e-12);
  close(s.mu[3], 0, 1e-12);
  close(s.noiseVar, 0.01, 1e-15);
  const v0 = [0, 1, 2, 3].map((i) => s.directions.data[i * 4]);
  for (const x of v0) close(Math.abs(x), 0.5, 1e-9, 'offset direction');
  const v3 = [0, 1, 2, 3].map((i) => s.directions.data[i * 4 + 3]);
  close(Math.abs(v3[0] + v3[1] - v3[2] - v3[3]), 2, 1e-9, 'noise-only direction (1,1,−1,−1)/2');
  // orthonormal
  for (let a = 0; a < 4; a++) {
    for (let b = 0; b < 4; b++) {
      let d = 0;
      for (let i = 0; i < 4; i++) d += s.directions.data[i * 4 + a] * s.directions.data[i * 4 + b];
      close(d, a === b ? 1 : 0, 1e-12);
    }
  }
});

test('bestModeFit: mean and sum are fit exactly by the constant solution b = 1, u = w (App. F.3.1)', () => {
  for (const T of [3, 7]) {
    for (const mu of [0, 0.02, 1]) {
      const m = bestModeFit(targetWeights('mean', T), mu, 0.01);
      close(m.b, 1, 1e-7, `mean T=${T} μ=${mu}`);
      close(m.u, 1 / T, 1e-7);
      close(m.loss, 0, 1e-14);
      const s = bestModeFit(targetWeights('sum', T), mu, 0.01);
      close(s.b, 1, 1e-7);
      close(s.u, 1, 1e-7);
    }
  }
});

test('bestModeFit: matches a brute-force grid over (b, u) and the loss of sampled sequences', () => {
  const T = 6;
  for (const target of ['late', 'early'] as const) {
    const w = targetWeights(target, T);
    for (const mu of [0, 0.0229, 1]) {
      const fit = bestModeFit(w, mu, 0.01);
      const lossAt = (u: number, b: number) => {
        let s = 0,
          se = 0;
        for (let t = 1; t <= T; t++) {
          const e = u * b ** (T - t) - w[t - 1];
          s += e;
          se += e * e;
        }
        return 0.5 * (mu * s * s + 0.01 * se);
      };
      let best = Infinity;
      // brute force: a coarse grid, then a fine grid around its best point
      let bc = 0,
        uc = 0;
      for (let b = -2; b <= 2; b += 0.004)
        for (let u = -0.5; u <= 1; u += 0.004) {
          const l = lossAt(u, b);
          if (l < best) {
            best = l;
            bc = b;
            uc = u;
          }
        }
      for (let b = bc - 0.008; b <= bc + 0.008; b += 2e-5)
        for (let u = uc - 0.008; u <= uc + 0.008; u += 2e-5) best = Math.min(best, lossAt(u, b));
      assert.ok(fit.loss <= best + 1e-15, `${target} μ=${mu}: fit ${fit.loss} must not be worse than the grid's ${best}`);
      assert.ok(best - fit.loss <= 0.01 * fit.loss, `${target} μ=${mu}: the grid's best ${best} is near the optimum ${fit.loss}`);
      close(fit.loss, lossAt(fit.u, fit.b), 1e-15);
    }
  }
  // the formula ½[μ(Σe)² + σ²Σe²] against sequences x_t = m + ξ_t with E[m²] = μ
  const w = targetWeights('early', T);
  const fit = bestModeFit(w, 0.25, 0.01);
  const rng = makeRng('seq');
  let L = 0;
  const N = 200000;
  for (let n = 0; n < N; n++) {
    const m = rng.uniform() < 0.5 ? 0.5 : -0.5;
    let e = 0;
    for (let t = 1; t <= T; t++) e += (fit.u * fit.b ** (T - t) - w[t - 1]) * (m + 0.1 * rng.normal());
    L += 0.5 * e * e;
  }
  close(L / N, fit.loss, 0.03 * fit.loss, 'Monte-Carlo loss');
});
