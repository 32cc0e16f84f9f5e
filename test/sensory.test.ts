import { test } from 'node:test';
import assert from 'node:assert/strict';
import { type Mat, eye, scale, symEig, zeros } from '../src/core/linalg.js';
import { makeRng } from '../src/core/rng.js';
import { correlations, whitenedInputs, type Dataset } from '../src/core/data.js';
import { type Weights, gradCorr } from '../src/core/lrnn.js';
import { unalignedInit } from '../src/core/align.js';
import { bestModeFit, inputStatistics, multisensoryDataset, targetWeights } from '../src/core/multisensory.js';
import { hiddenGradient, hiddenVelocity, ioMap, relativeError, sharpness, singularValues, trainUnaligned } from '../src/core/unaligned.js';
import { trainSensory } from '../experiments/lib/sensory.js';

const close = (got: number, want: number, tol: number, msg = '') =>
  assert.ok(Math.abs(got - want) <= tol, `${msg} got ${got}, want ${want} (tol ${tol})`);

function randomData(Nx: number, Ny: number, T: number, P: number, seed: string): Dataset {
  const rng = makeRng(seed);
  const X = Array.from({ length: T }, () => ({ rows: Nx, cols: P, data: rng.normals(Nx * P) }));
  const Y = { rows: Ny, cols: P, data: rng.normals(Ny * P) };
  return { T, P, Nx, Ny, X, Y };
}

/** Loss ½Σ_p||ŷ − y||² of a plain forward pass (eq. 1–4), with an optional perturbation added to h_{t0} of sample p0. */
function lossWithKick(w: Weights, d: Dataset, t0: number, p0: number, kick: Float64Array): number {
  const Nh = w.Wh.rows;
  let L = 0;
  for (let p = 0; p < d.P; p++) {
    let h = new Float64Array(Nh); // h_1
    if (t0 === 1 && p === p0) for (let i = 0; i < Nh; i++) h[i] += kick[i];
    for (let t = 1; t <= d.T; t++) {
      const next = new Float64Array(Nh);
      for (let i = 0; i < Nh; i++) {
        let s = 0;
        for (let l = 0; l < Nh; l++) s += w.Wh.data[i * Nh + l] * h[l];
        for (let j = 0; j < d.Nx; j++) s += w.Wx.data[i * d.Nx + j] * d.X[t - 1].data[j * d.P + p];
        next[i] = s;
      }
      h = next; // h_{t+1}
      if (t + 1 === t0 && p === p0) for (let i = 0; i < Nh; i++) h[i] += kick[i];
    }
    for (let a = 0; a < d.Ny; a++) {
      let y = 0;
      for (let l = 0; l < Nh; l++) y += w.Wy.data[a * Nh + l] * h[l];
      L += 0.5 * (y - d.Y.data[a * d.P + p]) ** 2;
    }
  }
  return L;
}

test('hiddenGradient: ∂ℓ_p/∂h_t by back-propagation matches central finite differences of the loss', () => {
  const d = randomData(3, 2, 4, 3, 'hg');
  const w = unalignedInit({ Nx: 3, Nh: 3, Ny: 2 }, 0.9, makeRng('hg-w'));
  const hg = hiddenGradient(w, d);
  const eps = 1e-6;
  let total = 0;
  for (let t = 2; t <= d.T + 1; t++) {
    let s = 0;
    for (let p = 0; p < d.P; p++) {
      for (let i = 0; i < 3; i++) {
        const k = new Float64Array(3);
        k[i] = eps;
        const lp = lossWithKick(w, d, t, p, k);
        k[i] = -eps;
        const lm = lossWithKick(w, d, t, p, k);
        s += ((lp - lm) / (2 * eps)) ** 2;
      }
    }
    close(hg.perT[t - 2], Math.sqrt(s / d.P), 1e-7, `t = ${t}`);
    total += s;
  }
  close(hg.total, Math.sqrt(total / d.P), 1e-7, 'total');
});

test('hiddenVelocity: dH_T/dt_θ by forward-mode differentiation matches a finite step along −∂L/∂W/τ', () => {
  const d = randomData(2, 2, 5, 4, 'hv');
  const w = unalignedInit({ Nx: 2, Nh: 3, Ny: 2 }, 0.8, makeRng('hv-w'));
  const tau = 7;
  const g = gradCorr(w, correlations(d)); // an independent gradient engine
  const hT = (v: Weights): Mat => {
    let h = zeros(3, d.P);
    for (let t = 0; t < d.T; t++) {
      const n = zeros(3, d.P);
      for (let i = 0; i < 3; i++)
        for (let p = 0; p < d.P; p++) {
          let s = 0;
          for (let l = 0; l < 3; l++) s += v.Wh.data[i * 3 + l] * h.data[l * d.P + p];
          for (let j = 0; j < 2; j++) s += v.Wx.data[i * 2 + j] * d.X[t].data[j * d.P + p];
          n.data[i * d.P + p] = s;
        }
      h = n;
    }
    return h;
  };
  const eps = 1e-6;
  const move = (sgn: number): Weights => ({
    Wx: { ...w.Wx, data: w.Wx.data.map((x, i) => x - (sgn * eps * g.gWx.data[i]) / tau) },
    Wh: { ...w.Wh, data: w.Wh.data.map((x, i) => x - (sgn * eps * g.gWh.data[i]) / tau) },
    Wy: w.Wy,
  });
  const hp = hT(move(1)),
    hm = hT(move(-1));
  let s = 0;
  for (let i = 0; i < hp.data.length; i++) s += ((hp.data[i] - hm.data[i]) / (2 * eps)) ** 2;
  close(hiddenVelocity(w, d, tau), Math.sqrt(s / d.P), 1e-6);
  // frozen W_h and W_x: the hidden states do not move
  close(hiddenVelocity(w, d, tau, ['Wx', 'Wh']), 0, 0);
});

test('sharpness: at a zero-loss aligned minimum it is λ_max of the Gauss–Newton matrix Σ_t g_t g_tᵀ (closed form)', () => {
  // one mode on whitened data: L = ½Σ_t (s_t − a c b^{T−t})², s_t = u* b*^{T−t} (inverse-exponential)
  const T = 4,
    P = 9,
    bs = 0.7,
    a = 0.9,
    c = 1.2;
  const X = whitenedInputs(1, T, P, makeRng('sharp'));
  const Y = zeros(1, P);
  for (let t = 1; t <= T; t++) for (let p = 0; p < P; p++) Y.data[p] += a * c * bs ** (T - t) * X[t - 1].data[p];
  const d: Dataset = { T, P, Nx: 1, Ny: 1, X, Y };
  const w: Weights = {
    Wx: { rows: 1, cols: 1, data: Float64Array.of(a) },
    Wh: { rows: 1, cols: 1, data: Float64Array.of(bs) },
    Wy: { rows: 1, cols: 1, data: Float64Array.of(c) },
  };
  const G = zeros(3, 3);
  for (let k = 0; k < T; k++) {
    const g = [c * bs ** k, k === 0 ? 0 : a * c * k * bs ** (k - 1), a * bs ** k]; // ∂(a c b^k)/∂(a, b, c)
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) G.data[i * 3 + j] += g[i] * g[j];
  }
  const want = symEig(G).values[2];
  close(sharpness(w, correlations(d)), want, 1e-5 * want);
});

test('relativeError: an exact integrator extrapolates with 0 error; the mean solution errs by ((T′−T)/T)²', () => {
  const I: Weights = { Wx: eye(4), Wh: eye(4), Wy: eye(4) };
  const T = 7;
  const meanNet: Weights = { Wx: eye(4), Wh: eye(4), Wy: scale(eye(4), 1 / T) };
  for (const Tp of [1, 3, 7, 14, 21]) {
    close(relativeError(I, multisensoryDataset(64, Tp, 'sum', makeRng(`e${Tp}`))), 0, 1e-28);
    close(relativeError(meanNet, multisensoryDataset(64, Tp, 'mean', makeRng(`e${Tp}`))), ((Tp - T) / T) ** 2, 1e-12, `T' = ${Tp}`);
  }
});

test('trainUnaligned: records the singular values of W_h and W_y W_x and keeps the requested weights', () => {
  const d = multisensoryDataset(128, 5, 'mean', makeRng('tu'));
  const w0 = unalignedInit({ Nx: 4, Nh: 4, Ny: 4 }, 0.1, makeRng('tu-w'));
  const steps = 2000;
  const r = trainUnaligned(w0, d, { eta: 0.3, steps, recordEvery: 500, keepWeightsAt: [steps - 1, steps] });
  assert.deepEqual(
    r.records.map((x) => x.step),
    [0, 500, 1000, 1500, 1999, 2000],
  );
  const last = r.records[r.records.length - 1];
  assert.deepEqual(last.svH, singularValues(r.w.Wh));
  assert.deepEqual(last.svIO, singularValues(ioMap(r.w)));
  assert.deepEqual(
    r.kept.map((k) => k.step),
    [steps - 1, steps],
  );
  assert.deepEqual(r.kept[1].w.Wh.data, r.w.Wh.data);
  assert.ok(last.loss < r.records[0].loss / 10, 'the loss falls');
  assert.equal(r.diverged, null);
  close(last.hiddenGrad, hiddenGradient(r.w, d).total, 0);
});

test('reduced theory: the network built from bestModeFit along the input eigen-directions is a stationary point of the full network (large sample)', () => {
  const T = 6;
  const stats = inputStatistics();
  const V = stats.directions;
  for (const target of ['late', 'early'] as const) {
    const fits = stats.mu.map((mu) => bestModeFit(targetWeights(target, T), mu, stats.noiseVar));
    // W_x = diag(√u) Vᵀ, W_h = V diag(b) Vᵀ… in the hidden basis V: W_x = V diag(√u) Vᵀ, W_h = V diag(b) Vᵀ, W_y = V diag(√u) Vᵀ
    const sandwich = (dg: number[]): Mat => {
      const M = zeros(4, 4);
      for (let k = 0; k < 4; k++)
        for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) M.data[i * 4 + j] += dg[k] * V.data[i * 4 + k] * V.data[j * 4 + k];
      return M;
    };
    const su = fits.map((f) => Math.sign(f.u) * Math.sqrt(Math.abs(f.u)));
    const w: Weights = { Wx: sandwich(su), Wh: sandwich(fits.map((f) => f.b)), Wy: sandwich(fits.map((f) => Math.abs(f.u) ** 0.5)) };
    const d = multisensoryDataset(40000, T, target, makeRng(`theory-${target}`));
    const c = correlations(d);
    const norm = (g: ReturnType<typeof gradCorr>) => Math.hypot(...g.gWx.data, ...g.gWh.data, ...g.gWy.data) / d.P;
    const g0 = norm(gradCorr(w, c));
    // the same network with b moved by 2%: the gradient there sets the scale
    const w1: Weights = { ...w, Wh: sandwich(fits.map((f) => f.b * 1.02)) };
    const g1 = norm(gradCorr(w1, c));
    assert.ok(g0 < 0.05 * g1, `${target}: per-sample gradient at the theory ${g0} vs ${g1} two per cent away`);
  }
});

test('trainSensory: a short late-importance run is deterministic and reports its theory and last-step changes', () => {
  const spec = {
    target: 'late' as const,
    T: 6,
    P: 256,
    Nh: 4,
    initScale: 0.1,
    eta: 0.08,
    steps: 3000,
    recordAt: [0, 10, 100, 1000, 3000],
    seed: 'ts',
    task: { dt: 100, stimulus: 600, sigma: 1, cohs: [5, 15, 50], dimRing: 2 },
    tPrimes: [3, 6, 12],
    testP: 64,
    testSeed: 'tt',
    sharpness: true,
  };
  const a = trainSensory(spec);
  const b = trainSensory(spec);
  assert.deepEqual(a, b);
  assert.equal(a.t.length, 7); // the five requested records and the kept steps 2998, 2999
  assert.equal(a.theory.length, 4);
  assert.ok(a.lastSteps !== null && a.lastSteps.oneStep > 0);
  assert.ok(a.sharpness !== null && a.sharpness > 0);
  assert.deepEqual(
    a.extrapolation.map((e) => e.T),
    [3, 6, 12],
  );
  for (const e of a.extrapolation) assert.ok(e.error !== null && e.theory !== null);
});
