import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeRng } from '../src/core/rng.js';
import { type Mat, maxAbsDiff, maxAbs, randomOrthogonal } from '../src/core/linalg.js';
import { svdTask, correlations, type Dataset } from '../src/core/data.js';
import { gradCorr, cloneWeights, loss, type Weights } from '../src/core/lrnn.js';
import { unalignedInit, alignedInit } from '../src/core/align.js';
import { train, type WeightName } from '../src/core/train.js';

const bytes = (M: Mat): Buffer => Buffer.from(M.data.buffer, M.data.byteOffset, M.data.byteLength);

function setup(seed: string, N = 3, T = 4, P = 20): { d: Dataset; w0: Weights } {
  const rng = makeRng(seed);
  const s = new Float64Array(2 * T);
  for (let t = 1; t <= T; t++) {
    s[t - 1] = 1.1 * 0.9 ** (T - t);
    s[T + t - 1] = 0.5;
  }
  const task = svdTask(s, 2, T, N, N, P, rng);
  return { d: task.data, w0: unalignedInit({ Nx: N, Nh: N + 1, Ny: N }, 0.3, rng) };
}

test('one step is W − (1/τ) ∂L/∂W with τ = P·N_y/η; t = step/τ; w0 is not mutated', () => {
  const { d, w0 } = setup('step');
  const before = cloneWeights(w0);
  const eta = 0.3;
  const res = train(w0, d, { eta, steps: 1 });
  const tau = (d.P * d.Ny) / eta;
  assert.equal(res.tau, tau);
  const g = gradCorr(w0, correlations(d));
  for (const [W, G] of [
    ['Wx', 'gWx'],
    ['Wh', 'gWh'],
    ['Wy', 'gWy'],
  ] as const) {
    const want = { ...w0[W], data: w0[W].data.map((v, q) => v - g[G].data[q] / tau) };
    assert.ok(maxAbsDiff(res.w[W], want) < 1e-15, W);
    assert.deepEqual(bytes(w0[W]), bytes(before[W]), `${W} of w0 untouched`);
  }
  assert.deepEqual(
    res.records.map((r) => r.step),
    [0, 1],
  );
  assert.equal(res.records[1].t, 1 / tau);
  assert.ok(Math.abs(res.records[0].loss - g.loss) < 1e-12 * g.loss);
});

test('record schedule: recordEvery includes 0 and the final step; recordAt is explicit', () => {
  const { d, w0 } = setup('sched');
  const seen: number[] = [];
  const r1 = train(w0, d, {
    eta: 0.1,
    steps: 25,
    recordEvery: 10,
    record: (_w, step, loss) => {
      seen.push(step);
      return { step, loss, v: [1, 2] };
    },
  });
  assert.deepEqual(
    r1.records.map((r) => r.step),
    [0, 10, 20, 25],
  );
  assert.deepEqual(seen, [0, 10, 20, 25]);
  assert.deepEqual(r1.records[3].values.v, [1, 2]);
  assert.equal(r1.records[3].loss, r1.finalLoss);
  assert.equal(r1.records[2].values.loss, r1.records[2].loss);
  const r2 = train(w0, d, { eta: 0.1, steps: 25, recordAt: [3, 7, 99] });
  assert.deepEqual(
    r2.records.map((r) => r.step),
    [3, 7],
  );
  let calls = 0,
    lastCall = -1;
  train(w0, d, {
    eta: 0.1,
    steps: 1000,
    onProgress: (s, n) => {
      calls++;
      lastCall = s;
      assert.equal(n, 1000);
    },
  });
  assert.ok(calls >= 90 && calls <= 110, `${calls} progress calls`);
  assert.equal(lastCall, 1000);
});

test('frozen weights stay bit-identical; the others move', () => {
  const { d, w0 } = setup('freeze');
  const sets: WeightName[][] = [['Wx'], ['Wh'], ['Wy'], ['Wx', 'Wy']];
  for (const freeze of sets) {
    for (const gradient of ['corr', 'bptt'] as const) {
      const res = train(w0, d, { eta: 0.5, steps: 200, freeze, gradient });
      for (const name of ['Wx', 'Wh', 'Wy'] as const) {
        if (freeze.includes(name)) assert.deepEqual(bytes(res.w[name]), bytes(w0[name]), `${name} frozen (${gradient})`);
        else assert.ok(maxAbsDiff(res.w[name], w0[name]) > 1e-6, `${name} trained (${gradient})`);
      }
    }
  }
  assert.throws(() => train(w0, d, { eta: 0.1, steps: 1, freeze: ['Wz' as WeightName] }), /unknown weight/);
});

test('divergence is data: a huge η stops with the step and a reason, no throw', () => {
  const { d, w0 } = setup('diverge');
  const res = train(w0, d, { eta: 1e4, steps: 500, recordEvery: 1 });
  assert.ok(res.diverged !== null, 'diverged');
  assert.ok(res.diverged!.step > 0 && res.diverged!.step < 500);
  assert.match(res.diverged!.reason, /max\|W\||non-finite/);
  assert.equal(res.records.length, res.diverged!.step, 'a record for every step before the divergence');
  assert.ok(res.records.every((r) => Number.isFinite(r.loss)));
  // a tight bound stops a healthy run as soon as a weight crosses it
  const start = Math.max(maxAbs(w0.Wx), maxAbs(w0.Wh), maxAbs(w0.Wy));
  const bound = start * 1.05;
  const tight = train(w0, d, { eta: 0.5, steps: 5000, divergenceBound: bound });
  assert.ok(
    tight.diverged !== null && tight.diverged.step > 0 && /max\|W\| = .* > /.test(tight.diverged.reason),
    JSON.stringify(tight.diverged),
  );
  // a healthy run does not diverge
  assert.equal(train(w0, d, { eta: 0.5, steps: 200 }).diverged, null);
});

test('corr and bptt training follow the same trajectory; Correlations input works; bptt needs samples', () => {
  const { d, w0 } = setup('engines');
  const a = train(w0, d, { eta: 0.5, steps: 300, gradient: 'corr' });
  const b = train(w0, d, { eta: 0.5, steps: 300, gradient: 'bptt' });
  const c = train(w0, correlations(d), { eta: 0.5, steps: 300 });
  for (const name of ['Wx', 'Wh', 'Wy'] as const) {
    assert.ok(maxAbsDiff(a.w[name], b.w[name]) < 1e-11, name);
    assert.deepEqual(bytes(a.w[name]), bytes(c.w[name]));
  }
  assert.ok(Math.abs(a.finalLoss - b.finalLoss) < 1e-10 * b.finalLoss + 1e-20);
  assert.throws(() => train(w0, correlations(d), { eta: 0.5, steps: 1, gradient: 'bptt' }), /needs a Dataset/);
});

test('determinism: same seed → identical bytes of weights and records', () => {
  const run = () => {
    const { d, w0 } = setup('det');
    return train(w0, d, { eta: 0.7, steps: 500, recordEvery: 50, record: (w) => ({ wh: Array.from(w.Wh.data) }) });
  };
  const r1 = run(),
    r2 = run();
  for (const name of ['Wx', 'Wh', 'Wy'] as const) assert.deepEqual(bytes(r1.w[name]), bytes(r2.w[name]));
  assert.equal(JSON.stringify(r1.records), JSON.stringify(r2.records));
});

test('a learnable task is learned from an unaligned start (N = 4, T = 10, P = 64)', () => {
  // Speed is measured by `npm run bench` (workload network-4), not here.
  const T = 10;
  const rng = makeRng('speed');
  const s = new Float64Array(4 * T);
  for (let k = 0; k < 4; k++) for (let t = 1; t <= T; t++) s[k * T + t - 1] = (1 + 0.2 * k) * 0.8 ** (T - t);
  const task = svdTask(s, 4, T, 4, 4, 64, rng);
  const w0 = unalignedInit({ Nx: 4, Nh: 4, Ny: 4 }, 0.1, rng);
  const res = train(w0, task.data, { eta: 0.05, steps: 20000, recordEvery: 20000 });
  assert.equal(res.diverged, null);
  assert.ok(res.finalLoss < 1e-3 * res.records[0].loss, `loss ${res.records[0].loss} → ${res.finalLoss}`);
});

test('reported losses stay accurate down to ~1e-25 (not the 1e-16·Σ||y||² floor of the expanded square)', () => {
  // inverse-exponential dynamics, start next to the zero-loss solution a·c = δ, b = λ (App. F.3)
  const T = 5,
    N = 2,
    delta = 1.2,
    lambda = 0.7;
  const rng = makeRng('precise');
  const s = Float64Array.from({ length: T }, (_, t) => delta * lambda ** (T - 1 - t));
  const task = svdTask(s, 1, T, N, N, N * T + 6, rng);
  const frame = { Uy: task.Uy, Vx: task.Vx, R: randomOrthogonal(N, rng) };
  const w0 = alignedInit(Float64Array.of(Math.sqrt(delta) + 1e-7), Float64Array.of(lambda), Float64Array.of(Math.sqrt(delta)), frame, {
    Nx: N,
    Nh: N,
    Ny: N,
  });
  const res = train(w0, task.data, { eta: 0.5, steps: 3000, recordEvery: 1000 });
  const exact = loss(res.w, task.data);
  assert.ok(res.finalLoss >= 0 && res.finalLoss < 1e-16, `final loss ${res.finalLoss}`);
  assert.ok(Math.abs(res.finalLoss - exact) <= 1e-6 * exact + 1e-30, `${res.finalLoss} vs per-sample ${exact}`);
  for (const r of res.records) assert.ok(r.loss >= 0);
});
