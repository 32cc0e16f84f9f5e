import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeRng } from '../src/core/rng.js';
import { type Mat, matmul, matmulTA, matmulTB, randomOrthogonal, transpose, maxAbs } from '../src/core/linalg.js';
import { svdTask } from '../src/core/data.js';
import { alignedInit, recoverModes, unalignedInit, type Frame } from '../src/core/align.js';
import { train } from '../src/core/train.js';

function frameFor(Nx: number, Nh: number, Ny: number, seed: string): Frame {
  const rng = makeRng(seed);
  return { Uy: randomOrthogonal(Ny, rng), Vx: randomOrthogonal(Nx, rng), R: randomOrthogonal(Nh, rng) };
}

function offDiag(M: Mat): number {
  let m = 0;
  for (let i = 0; i < M.rows; i++) for (let j = 0; j < M.cols; j++) if (i !== j) m = Math.max(m, Math.abs(M.data[i * M.cols + j]));
  return m;
}

test('recoverModes(alignedInit(a, b, c)) returns a, b, c (eq. 191–193 then 197–199), square and rectangular', () => {
  for (const [Nx, Nh, Ny] of [
    [3, 3, 3],
    [3, 5, 4],
    [4, 6, 2],
  ]) {
    const D = Math.min(Nx, Nh, Ny);
    const frame = frameFor(Nx, Nh, Ny, `f${Nx}${Nh}${Ny}`);
    const a = Float64Array.from({ length: D }, (_, i) => 0.1 + 0.2 * i);
    const b = Float64Array.from({ length: D }, (_, i) => -0.3 + 0.4 * i);
    const c = Float64Array.from({ length: D }, (_, i) => 0.7 - 0.1 * i);
    const w = alignedInit(a, b, c, frame, { Nx, Nh, Ny });
    assert.equal(w.Wx.rows, Nh);
    assert.equal(w.Wx.cols, Nx);
    assert.equal(w.Wy.rows, Ny);
    assert.equal(w.Wy.cols, Nh);
    const m = recoverModes(w, frame, D);
    for (let i = 0; i < D; i++) {
      assert.ok(Math.abs(m.a[i] - a[i]) < 1e-14, `a_${i}`);
      assert.ok(Math.abs(m.b[i] - b[i]) < 1e-14, `b_${i}`);
      assert.ok(Math.abs(m.c[i] - c[i]) < 1e-14, `c_${i}`);
    }
    assert.ok(m.offDiagonal < 1e-14, `offDiagonal ${m.offDiagonal}`);
  }
  // a random network is not aligned
  const frame = frameFor(3, 3, 3, 'x');
  const m = recoverModes(unalignedInit({ Nx: 3, Nh: 3, Ny: 3 }, 1, makeRng(2)), frame, 3);
  assert.ok(m.offDiagonal > 0.05);
  assert.throws(
    () => alignedInit(Float64Array.of(1, 2), Float64Array.of(1), Float64Array.of(1, 2), frame, { Nx: 3, Nh: 3, Ny: 3 }),
    /lengths/,
  );
});

test('one R for both sides: with the paper’s R_y = R_x⁻¹ the products W_y W_h^k W_x are not diagonal for k ≥ 2', () => {
  const N = 4;
  const frame = frameFor(N, N, N, 'finding');
  const a = Float64Array.of(0.5, 0.4, 0.3, 0.2),
    b = Float64Array.of(0.9, 0.7, 0.5, 0.3),
    c = Float64Array.of(1, 0.8, 0.6, 0.4);
  const diag = (v: Float64Array): Mat => {
    const M = { rows: N, cols: N, data: new Float64Array(N * N) };
    v.forEach((x, i) => {
      M.data[i * N + i] = x;
    });
    return M;
  };
  // paper: W_x = R_x W̄_x V_xᵀ, W_h = R_y W̄_h R_xᵀ, W_y = U_y W̄_y R_yᵀ with R_y = R_xᵀ
  const Rx = frame.R,
    Ry = transpose(frame.R);
  const paper = {
    Wx: matmulTB(matmul(Rx, diag(a)), frame.Vx),
    Wh: matmulTB(matmul(Ry, diag(b)), Rx),
    Wy: matmulTB(matmul(frame.Uy, diag(c)), Ry),
  };
  const ours = alignedInit(a, b, c, frame, { Nx: N, Nh: N, Ny: N });
  const effective = (w: typeof ours, k: number): Mat => {
    let M = w.Wx;
    for (let q = 0; q < k; q++) M = matmul(w.Wh, M);
    return matmul(matmulTA(frame.Uy, matmul(w.Wy, M)), frame.Vx); // U_yᵀ W_y W_h^k W_x V_x
  };
  assert.ok(offDiag(effective(paper, 1)) < 1e-14, 'k = 1 is diagonal either way');
  assert.ok(offDiag(effective(paper, 2)) > 1e-3, 'k = 2 is not diagonal with R_y = R_xᵀ');
  for (let k = 0; k <= 5; k++) assert.ok(offDiag(effective(ours, k)) < 1e-14, `ours, k = ${k}`);
});

test('an aligned network stays aligned under training and its modes follow eq. 36–39 step by step', () => {
  const T = 5,
    N = 3,
    D = 2,
    P = N * T + 8;
  const s = new Float64Array(D * T);
  for (let t = 1; t <= T; t++) {
    s[t - 1] = 1.2 * 0.8 ** (T - t); // inverse-exponential
    s[T + t - 1] = 0.6; // constant
  }
  const rng = makeRng('stay-aligned');
  const task = svdTask(s, D, T, N, N, P, rng);
  const frame: Frame = { Uy: task.Uy, Vx: task.Vx, R: randomOrthogonal(N, rng) };
  const a0 = Float64Array.of(0.1, 0.15, 0),
    b0 = Float64Array.of(0.2, 0.1, 0),
    c0 = Float64Array.of(0.1, 0.05, 0);
  const w0 = alignedInit(a0, b0, c0, frame, { Nx: N, Nh: N, Ny: N });
  const eta = 0.9,
    steps = 2000;
  let worst = 0;
  const res = train(w0, task.data, {
    eta,
    steps,
    recordEvery: 100,
    record: (w) => {
      const m = recoverModes(w, frame, N);
      worst = Math.max(worst, m.offDiagonal);
      return { a: Array.from(m.a), b: Array.from(m.b), c: Array.from(m.c) };
    },
  });
  assert.equal(res.diverged, null);
  assert.ok(worst < 1e-10, `offDiagonal reached ${worst}`);
  // the same Euler steps on the reduced mode equations (eq. 36, 38, 39), per dimension
  const tau = res.tau;
  for (let al = 0; al < D; al++) {
    let a = a0[al],
      b = b0[al],
      c = c0[al];
    for (let k = 0; k < steps; k++) {
      let da = 0,
        db = 0,
        dc = 0;
      for (let i = 1; i <= T; i++) {
        const bp = b ** (T - i);
        const err = s[al * T + i - 1] - c * bp * a;
        da += c * bp * err; // eq. 36
        dc += a * bp * err; // eq. 39
        if (i < T) db += (T - i) * c * a * b ** (T - i - 1) * err; // eq. 38
      }
      a += da / tau;
      b += db / tau;
      c += dc / tau;
    }
    const last = res.records[res.records.length - 1].values;
    assert.ok(Math.abs((last.a as number[])[al] - a) < 1e-10, `a_${al}: ${(last.a as number[])[al]} vs ${a}`);
    assert.ok(Math.abs((last.b as number[])[al] - b) < 1e-10, `b_${al}`);
    assert.ok(Math.abs((last.c as number[])[al] - c) < 1e-10, `c_${al}`);
  }
  // the unused third dimension stays exactly at zero
  const m = recoverModes(res.w, frame, N);
  assert.ok(Math.abs(m.a[2]) + Math.abs(m.b[2]) + Math.abs(m.c[2]) < 1e-12);
  assert.ok(res.finalLoss < res.records[0].loss);
});

test('unalignedInit: N(0, σ²/N_in) with N_in the fan-in, per-matrix σ, deterministic', () => {
  const dims = { Nx: 50, Nh: 200, Ny: 30 };
  const w = unalignedInit(dims, 0.8, makeRng('u'), { y: 2 });
  const sd = (M: Mat): number => {
    let s = 0,
      s2 = 0;
    for (const v of M.data) {
      s += v;
      s2 += v * v;
    }
    const n = M.data.length;
    return Math.sqrt(s2 / n - (s / n) ** 2);
  };
  assert.equal(w.Wx.rows, 200);
  assert.equal(w.Wx.cols, 50);
  assert.equal(w.Wh.rows, 200);
  assert.equal(w.Wh.cols, 200);
  assert.equal(w.Wy.rows, 30);
  assert.equal(w.Wy.cols, 200);
  assert.ok(Math.abs(sd(w.Wx) / (0.8 / Math.sqrt(50)) - 1) < 0.03, `W_x sd ${sd(w.Wx)}`);
  assert.ok(Math.abs(sd(w.Wh) / (0.8 / Math.sqrt(200)) - 1) < 0.02, `W_h sd ${sd(w.Wh)}`);
  assert.ok(Math.abs(sd(w.Wy) / (2 / Math.sqrt(200)) - 1) < 0.03, `W_y sd ${sd(w.Wy)}`);
  const again = unalignedInit(dims, 0.8, makeRng('u'), { y: 2 });
  assert.deepEqual(Buffer.from(again.Wh.data.buffer), Buffer.from(w.Wh.data.buffer));
  assert.ok(maxAbs(w.Wx) > 0);
});
