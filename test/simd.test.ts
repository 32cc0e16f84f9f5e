import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeRng } from '../src/core/rng.js';
import { gemmABt, gemmAtB, zeros } from '../src/core/linalg.js';
import { Arena, descendInto, wasmAvailable, type Buf, type KernelKind } from '../src/core/simd.js';
import { train, type WeightName } from '../src/core/train.js';
import { CorrGradient, BpttGradient, type GradientEngine, type Weights } from '../src/core/lrnn.js';
import { svdTask, correlations } from '../src/core/data.js';
import { unalignedInit } from '../src/core/align.js';

const rng = makeRng('simd-test');
const KINDS: KernelKind[] = ['wasm', 'js'];

test('the WebAssembly kernels are built and load', () => {
  assert.equal(wasmAvailable, true, 'dist/src/core/gemm.wasm missing: npm run build assembles wasm/gemm.ts');
});

/** The plain triple loop, summing over l in order: s = Σ_l A(i,l) B(l,j), then c0 + alpha·s. */
function naive(
  a: Float64Array,
  aOff: number,
  ars: number,
  acs: number,
  b: Float64Array,
  bOff: number,
  c: Float64Array,
  cOff: number,
  m: number,
  n: number,
  k: number,
  alpha: number,
  beta: number,
  ldb = n,
  ldc = n,
): void {
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let l = 0; l < k; l++) s += a[aOff + i * ars + l * acs] * b[bOff + l * ldb + j];
      const old = c[cOff + i * ldc + j];
      c[cOff + i * ldc + j] = (beta === 0 ? 0 : beta === 1 ? old : old * beta) + alpha * s;
    }
  }
}

function fill(buf: Buf, xs: Float64Array): void {
  buf.data.set(xs);
}

const bitEqual = (x: Float64Array, y: Float64Array) => x.length === y.length && x.every((v, i) => Object.is(v, y[i]));

test('gemm equals the plain triple loop bit for bit: random shapes (odd sizes, every block remainder), strides, offsets, alpha, beta', () => {
  // A by rows with n > 4 is repacked into the kernel's panel when 4k ≤ 4096 ([13, 17, 19], [4, 300, 37]) and
  // read in place beyond ([5, 6, 1100]) or when n ≤ 4 ([7, 3, 11]); A by columns (transposedA) is read in place
  const shapes: Array<[number, number, number]> = [
    [1, 1, 1],
    [1, 7, 3],
    [3, 1, 5],
    [4, 4, 4],
    [5, 9, 2],
    [7, 3, 11],
    [8, 8, 1],
    [13, 17, 19],
    [4, 300, 37],
    [33, 6, 0],
    [5, 6, 1100],
    [8, 5, 1024],
  ];
  for (let r = 0; r < 12; r++)
    shapes.push([1 + Math.floor(rng.uniform() * 23), 1 + Math.floor(rng.uniform() * 23), 1 + Math.floor(rng.uniform() * 23)]);
  const coeffs: Array<[number, number]> = [
    [1, 0],
    [-1, 0],
    [1, 1],
    [-1, 1],
    [0.37, -2.5],
    [2, 0.5],
  ];
  for (const kind of KINDS) {
    for (const [m, n, k] of shapes) {
      for (const transposedA of [false, true]) {
        const [alpha, beta] = coeffs[(m + n + k + (transposedA ? 1 : 0)) % coeffs.length];
        const aOff = 3,
          bOff = 5,
          cOff = 2;
        const ars = transposedA ? 1 : k,
          acs = transposedA ? m : 1;
        const ar = new Arena([aOff + m * k, bOff + k * n, cOff + m * n], kind);
        const A = ar.alloc(aOff + m * k),
          B = ar.alloc(bOff + k * n),
          C = ar.alloc(cOff + m * n);
        fill(A, rng.normals(aOff + m * k));
        fill(B, rng.normals(bOff + k * n));
        fill(C, rng.normals(cOff + m * n));
        const ref = Float64Array.from(C.data);
        naive(A.data, aOff, ars, acs, B.data, bOff, ref, cOff, m, n, k, alpha, beta);
        ar.gemm(A, aOff, ars, acs, B, bOff, C, cOff, m, n, k, alpha, beta);
        assert.ok(bitEqual(C.data, ref), `${kind} ${m}×${n}×${k} transposedA=${transposedA} alpha=${alpha} beta=${beta}`);
      }
    }
  }
});

test('gemm with row strides of B and c (ldb, ldc > n): entries outside the n columns are left alone', () => {
  for (const kind of KINDS) {
    for (const [m, n, k, ldb, ldc] of [
      [5, 3, 7, 8, 11],
      [9, 6, 4, 6, 13],
      [4, 4, 300, 40, 40],
      [3, 1, 2, 5, 2],
    ] as const) {
      const lb = k * ldb,
        lc = m * ldc;
      const ar = new Arena([m * k, lb, lc], kind);
      const A = ar.alloc(m * k),
        B = ar.alloc(lb),
        C = ar.alloc(lc);
      fill(A, rng.normals(m * k));
      fill(B, rng.normals(lb));
      fill(C, rng.normals(lc));
      const ref = Float64Array.from(C.data);
      naive(A.data, 0, k, 1, B.data, 0, ref, 0, m, n, k, -1, 1, ldb, ldc);
      ar.gemm(A, 0, k, 1, B, 0, C, 0, m, n, k, -1, 1, ldb, ldc);
      assert.ok(bitEqual(C.data, ref), `${kind} ${m}×${n}×${k} ldb=${ldb} ldc=${ldc}`);
    }
  }
});

test('gemm with beta = 0 ignores NaN in the output buffer, and propagates NaN from the inputs', () => {
  for (const kind of KINDS) {
    const ar = new Arena([6, 6, 4], kind);
    const A = ar.alloc(6),
      B = ar.alloc(6),
      C = ar.alloc(4);
    fill(A, Float64Array.from([1, 2, 3, 4, 5, 6]));
    fill(B, Float64Array.from([1, 0, 0, 1, 1, 1]));
    C.data.fill(NaN);
    ar.gemm(A, 0, 3, 1, B, 0, C, 0, 2, 2, 3, 1, 0);
    assert.deepEqual(Array.from(C.data), [4, 5, 10, 11], kind);
    A.data[0] = NaN;
    ar.gemm(A, 0, 3, 1, B, 0, C, 0, 2, 2, 3, 1, 0);
    assert.ok(Number.isNaN(C.data[0]) && Number.isNaN(C.data[1]) && C.data[2] === 10, kind);
  }
});

test('gemm reproduces linalg.ts gemmABt and gemmAtB bit for bit (so the gradient engine changed no number)', () => {
  for (const kind of KINDS) {
    for (const [m, n, k] of [
      [4, 300, 300],
      [300, 300, 36],
      [7, 13, 5],
      [1, 9, 6],
    ] as const) {
      // A Bᵀ with B (n×k): the wasm kernel reads Bᵀ (k×n) row-major
      const ar = new Arena([m * k, n * k, k * n, m * n, m * n], kind);
      const A = ar.alloc(m * k),
        B = ar.alloc(n * k),
        Bt = ar.alloc(k * n),
        C = ar.alloc(m * n),
        C2 = ar.alloc(m * n);
      fill(A, rng.normals(m * k));
      fill(B, rng.normals(n * k));
      ar.transpose(B, 0, Bt, 0, n, k);
      gemmABt(A.data, 0, B.data, 0, C.data, 0, m, n, k, 1, 0);
      ar.gemm(A, 0, k, 1, Bt, 0, C2, 0, m, n, k, 1, 0);
      assert.ok(bitEqual(C.data, C2.data), `${kind} gemmABt ${m}×${n}×${k}`);
      // Lᵀ R with L (k×m), R (k×n): A(i, l) = L[l·m + i]
      const ar2 = new Arena([k * m, k * n, m * n, m * n], kind);
      const L = ar2.alloc(k * m),
        R = ar2.alloc(k * n),
        D = ar2.alloc(m * n),
        D2 = ar2.alloc(m * n);
      fill(L, rng.normals(k * m));
      fill(R, rng.normals(k * n));
      gemmAtB(L.data, 0, R.data, 0, D.data, 0, m, n, k, -1, 0);
      ar2.gemm(L, 0, 1, m, R, 0, D2, 0, m, n, k, -1, 0);
      assert.ok(bitEqual(D.data, D2.data), `${kind} gemmAtB ${m}×${n}×${k}`);
    }
  }
});

test('transpose: every shape, at offsets', () => {
  for (const kind of KINDS) {
    for (const [r, c] of [
      [1, 1],
      [1, 9],
      [9, 1],
      [2, 2],
      [8, 8],
      [13, 17],
      [34, 17],
      [17, 34],
      [33, 48],
      [300, 4],
      [300, 300],
    ] as const) {
      const ar = new Arena([2 + r * c, 3 + r * c], kind);
      const A = ar.alloc(2 + r * c),
        T = ar.alloc(3 + r * c);
      fill(A, rng.normals(2 + r * c));
      ar.transpose(A, 2, T, 3, r, c);
      for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) assert.equal(T.data[3 + j * r + i], A.data[2 + i * c + j]);
    }
  }
});

test('Arena: buffers are allocated as planned', () => {
  const ar = new Arena([3, 5]);
  assert.equal(ar.alloc(3).data.length, 3);
  assert.throws(() => ar.alloc(4), /asked for 4 doubles, planned 5/);
});

test('CorrGradient: the wasm and JavaScript kernels give the same gradient bit for bit, and it matches BPTT', () => {
  for (const [T, Nx, Ny, Nh] of [
    [1, 3, 3, 5],
    [4, 3, 2, 9],
    [5, 2, 3, 13],
    [6, 4, 4, 37],
  ] as const) {
    const D = Math.min(Nx, Ny);
    const r = makeRng(`simd-corr-${T}-${Nh}`);
    const task = svdTask(new Float64Array(D * T).fill(1), D, T, Nx, Ny, 64, r);
    const w: Weights = unalignedInit({ Nx, Nh, Ny }, 0.6, r);
    const grads = (kind: KernelKind | 'bptt') => {
      const g = { gWx: zeros(Nh, Nx), gWh: zeros(Nh, Nh), gWy: zeros(Ny, Nh) };
      const e = kind === 'bptt' ? new BpttGradient(task.data, { Nx, Nh, Ny }) : new CorrGradient(correlations(task.data), Nh, kind);
      const L = e.compute(w, g);
      return { L, g, precise: e.preciseLoss() };
    };
    const a = grads('wasm'),
      b = grads('js'),
      c = grads('bptt');
    assert.ok(Object.is(a.L, b.L) && Object.is(a.precise, b.precise), `loss T=${T}`);
    for (const k of ['gWx', 'gWh', 'gWy'] as const) {
      assert.ok(bitEqual(a.g[k].data, b.g[k].data), `${k} T=${T} Nh=${Nh}`);
      const scale = Math.max(...c.g[k].data.map(Math.abs));
      const err = Math.max(...a.g[k].data.map((v, i) => Math.abs(v - c.g[k].data[i])));
      assert.ok(err <= 1e-10 * Math.max(1, scale), `${k} vs BPTT: ${err}`);
    }
  }
});

test('descend: w ← w − lr·g and max|w| agree bit for bit between the kernels and the loop, NaN included', () => {
  for (const len of [1, 2, 3, 4, 5, 8, 13, 90000]) {
    const w0 = rng.normals(len),
      g0 = rng.normals(len);
    const out = KINDS.map((kind) => {
      const ar = new Arena([len, len], kind);
      const W = ar.alloc(len),
        G = ar.alloc(len);
      fill(W, w0);
      fill(G, g0);
      return { m: ar.descend(W, G, 0.0123), w: Float64Array.from(W.data) };
    });
    const ref = Float64Array.from(w0);
    const m = descendInto(ref, g0, 0.0123);
    for (const o of out) {
      assert.ok(bitEqual(o.w, ref) && Object.is(o.m, m), `len ${len}`);
    }
    assert.equal(m, Math.max(...ref.map(Math.abs)));
    for (const kind of KINDS) {
      const ar = new Arena([len, len], kind);
      const W = ar.alloc(len),
        G = ar.alloc(len);
      fill(W, w0);
      fill(G, g0);
      G.data[len - 1] = NaN;
      assert.ok(Number.isNaN(ar.descend(W, G, 0.5)), `${kind} NaN, len ${len}`);
    }
  }
});

test("train: the engine's descend gives the same run as the trainer's own loop (weights, records, loss), frozen weights too", () => {
  const T = 5,
    Nx = 3,
    Ny = 2,
    Nh = 17; // W_h (289 entries) takes the wasm step, W_x and W_y the JavaScript one
  const r = makeRng('simd-descend-train');
  const task = svdTask(new Float64Array(2 * T).fill(1), 2, T, Nx, Ny, 32, r);
  const w0: Weights = unalignedInit({ Nx, Nh, Ny }, 0.4, r);
  const c = correlations(task.data);
  for (const freeze of [[], ['Wx'], ['Wh', 'Wy']] as WeightName[][]) {
    const runs = [true, false].map((own) => {
      const e = new CorrGradient(c, Nh);
      const engine: GradientEngine = own ? e : { dims: e.dims, compute: e.compute.bind(e), preciseLoss: e.preciseLoss.bind(e) };
      assert.equal(typeof engine.descend === 'function', own);
      return train(
        w0,
        { engine, P: task.data.P, Nx, Ny },
        { eta: 0.3, steps: 40, recordEvery: 7, freeze, record: (w) => ({ h0: w.Wh.data[0] }) },
      );
    });
    const [a, b] = runs;
    for (const k of ['Wx', 'Wh', 'Wy'] as const) assert.ok(bitEqual(a.w[k].data, b.w[k].data), `${k} freeze=${freeze}`);
    assert.ok(Object.is(a.finalLoss, b.finalLoss));
    assert.deepEqual(a.records, b.records);
    assert.ok(a.records.length > 2);
    assert.equal(a.w.Wh.data[0] !== w0.Wh.data[0], !freeze.includes('Wh'));
  }
});
