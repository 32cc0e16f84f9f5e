// AssemblyScript source of the WebAssembly SIMD matrix product (built by `npm run build` into
// dist/src/core/gemm.wasm; loaded by src/core/simd.ts). Not part of the TypeScript build.
//
//   c (m×n) = alpha · A B + beta · c,   A(i, l) = a[i·ars + l·acs] (any strides),
//   B(l, j) = b[l·ldb + j] and c(i, j) = c[i·ldc + j] (rows of B and c contiguous, any row stride).
//
// Every entry is summed in the same order as the plain loop of src/core/linalg.ts:
//   s = 0; for l = 0 … k−1: s += A(i, l)·B(l, j);   c_ij = c0 + alpha·s,
// with c0 = 0 (beta = 0), c_ij (beta = 1) or beta·c_ij, and no fused multiply-add (wasm SIMD rounds
// every mul and add like JavaScript), so the results are bit-identical to gemmABt / gemmAtB.
// The SIMD lanes run over columns j (two per f64x2), never over the summation index l.
//
// Register block: 4 rows × 4 columns (eight f64x2 accumulators), fed per l by four broadcast loads of
// A(i..i+3, l) and two vector loads of B(l, j..j+3). The four A values are read from one pointer at
// constant offsets when they are adjacent in memory: directly when ars = 1 (A stored by columns, e.g. a
// transposed operand), otherwise from a panel into which the kernel copies the 4 × k block of A once
// per block row (worth it when the block row spans several column blocks, n > 4). Tails: 2 and 1
// columns, single rows. Pointers are byte offsets into the imported memory; strides and sizes are in
// elements; `panel` holds `panelCap` doubles of scratch space (0: never pack).

/** c0 of a pair of entries: 0 (mode 0, beta = 0), c (mode 1, beta = 1) or beta·c (mode 2). */
@inline function out2(cp: usize, acc: v128, alpha: v128, mode: i32, beta: f64): void {
  let c0: v128;
  if (mode == 0) c0 = f64x2.splat(0);
  else if (mode == 1) c0 = v128.load(cp);
  else c0 = f64x2.mul(v128.load(cp), f64x2.splat(beta));
  v128.store(cp, f64x2.add(c0, f64x2.mul(alpha, acc)));
}

@inline function out1(cp: usize, s: f64, alpha: f64, mode: i32, beta: f64): void {
  let c0: f64;
  if (mode == 0) c0 = 0;
  else if (mode == 1) c0 = load<f64>(cp);
  else c0 = load<f64>(cp) * beta;
  store<f64>(cp, c0 + alpha * s);
}

/**
 * Rows i..i+3 of c (c0 … c0 + 3·os) from the 4 × k block of A whose column l is the four doubles at
 * ap0 + l·ps (adjacent), and all n columns of B.
 */
function block4(ap0: usize, ps: usize, b: usize, bs: usize, c0: usize, os: usize, n: i32, k: i32,
  alpha: f64, mode: i32, beta: f64): void {
  const va = f64x2.splat(alpha);
  const aend = ap0 + <usize>k * ps;
  const c1 = c0 + os, c2 = c1 + os, c3 = c2 + os;
  let j = 0;
  for (; j + 3 < n; j += 4) {
    let s00 = f64x2.splat(0), s01 = f64x2.splat(0), s10 = f64x2.splat(0), s11 = f64x2.splat(0);
    let s20 = f64x2.splat(0), s21 = f64x2.splat(0), s30 = f64x2.splat(0), s31 = f64x2.splat(0);
    let bp = b + (<usize>j << 3);
    for (let ap = ap0; ap < aend; ap += ps) {
      const y0 = v128.load(bp), y1 = v128.load(bp, 16);
      const x0 = v128.load64_splat(ap), x1 = v128.load64_splat(ap, 8);
      s00 = f64x2.add(s00, f64x2.mul(x0, y0)); s01 = f64x2.add(s01, f64x2.mul(x0, y1));
      s10 = f64x2.add(s10, f64x2.mul(x1, y0)); s11 = f64x2.add(s11, f64x2.mul(x1, y1));
      const x2 = v128.load64_splat(ap, 16), x3 = v128.load64_splat(ap, 24);
      s20 = f64x2.add(s20, f64x2.mul(x2, y0)); s21 = f64x2.add(s21, f64x2.mul(x2, y1));
      s30 = f64x2.add(s30, f64x2.mul(x3, y0)); s31 = f64x2.add(s31, f64x2.mul(x3, y1));
      bp += bs;
    }
    const o = <usize>j << 3;
    out2(c0 + o, s00, va, mode, beta); out2(c0 + o + 16, s01, va, mode, beta);
    out2(c1 + o, s10, va, mode, beta); out2(c1 + o + 16, s11, va, mode, beta);
    out2(c2 + o, s20, va, mode, beta); out2(c2 + o + 16, s21, va, mode, beta);
    out2(c3 + o, s30, va, mode, beta); out2(c3 + o + 16, s31, va, mode, beta);
  }
  for (; j + 1 < n; j += 2) {
    let s0 = f64x2.splat(0), s1 = f64x2.splat(0), s2 = f64x2.splat(0), s3 = f64x2.splat(0);
    let bp = b + (<usize>j << 3);
    for (let ap = ap0; ap < aend; ap += ps) {
      const y = v128.load(bp);
      s0 = f64x2.add(s0, f64x2.mul(v128.load64_splat(ap), y));
      s1 = f64x2.add(s1, f64x2.mul(v128.load64_splat(ap, 8), y));
      s2 = f64x2.add(s2, f64x2.mul(v128.load64_splat(ap, 16), y));
      s3 = f64x2.add(s3, f64x2.mul(v128.load64_splat(ap, 24), y));
      bp += bs;
    }
    const o = <usize>j << 3;
    out2(c0 + o, s0, va, mode, beta); out2(c1 + o, s1, va, mode, beta);
    out2(c2 + o, s2, va, mode, beta); out2(c3 + o, s3, va, mode, beta);
  }
  for (; j < n; j++) {
    let s0: f64 = 0, s1: f64 = 0, s2: f64 = 0, s3: f64 = 0;
    let bp = b + (<usize>j << 3);
    for (let ap = ap0; ap < aend; ap += ps) {
      const y = load<f64>(bp);
      s0 += load<f64>(ap) * y; s1 += load<f64>(ap, 8) * y;
      s2 += load<f64>(ap, 16) * y; s3 += load<f64>(ap, 24) * y;
      bp += bs;
    }
    const o = <usize>j << 3;
    out1(c0 + o, s0, alpha, mode, beta); out1(c1 + o, s1, alpha, mode, beta);
    out1(c2 + o, s2, alpha, mode, beta); out1(c3 + o, s3, alpha, mode, beta);
  }
}

/** Rows i..i+3 of c with the four rows of A read through their own pointers (a0 + l·cs, …). */
function block4Strided(a0: usize, rs: usize, cs: usize, b: usize, bs: usize, c0: usize, os: usize, n: i32, k: i32,
  alpha: f64, mode: i32, beta: f64): void {
  const va = f64x2.splat(alpha);
  const a1 = a0 + rs, a2 = a1 + rs, a3 = a2 + rs;
  const c1 = c0 + os, c2 = c1 + os, c3 = c2 + os;
  let j = 0;
  for (; j + 3 < n; j += 4) {
    let s00 = f64x2.splat(0), s01 = f64x2.splat(0), s10 = f64x2.splat(0), s11 = f64x2.splat(0);
    let s20 = f64x2.splat(0), s21 = f64x2.splat(0), s30 = f64x2.splat(0), s31 = f64x2.splat(0);
    let bp = b + (<usize>j << 3);
    let ap: usize = 0;
    for (let l = 0; l < k; l++) {
      const y0 = v128.load(bp), y1 = v128.load(bp, 16);
      const x0 = v128.load64_splat(a0 + ap), x1 = v128.load64_splat(a1 + ap);
      const x2 = v128.load64_splat(a2 + ap), x3 = v128.load64_splat(a3 + ap);
      s00 = f64x2.add(s00, f64x2.mul(x0, y0)); s01 = f64x2.add(s01, f64x2.mul(x0, y1));
      s10 = f64x2.add(s10, f64x2.mul(x1, y0)); s11 = f64x2.add(s11, f64x2.mul(x1, y1));
      s20 = f64x2.add(s20, f64x2.mul(x2, y0)); s21 = f64x2.add(s21, f64x2.mul(x2, y1));
      s30 = f64x2.add(s30, f64x2.mul(x3, y0)); s31 = f64x2.add(s31, f64x2.mul(x3, y1));
      bp += bs; ap += cs;
    }
    const o = <usize>j << 3;
    out2(c0 + o, s00, va, mode, beta); out2(c0 + o + 16, s01, va, mode, beta);
    out2(c1 + o, s10, va, mode, beta); out2(c1 + o + 16, s11, va, mode, beta);
    out2(c2 + o, s20, va, mode, beta); out2(c2 + o + 16, s21, va, mode, beta);
    out2(c3 + o, s30, va, mode, beta); out2(c3 + o + 16, s31, va, mode, beta);
  }
  for (; j + 1 < n; j += 2) {
    let s0 = f64x2.splat(0), s1 = f64x2.splat(0), s2 = f64x2.splat(0), s3 = f64x2.splat(0);
    let bp = b + (<usize>j << 3);
    let ap: usize = 0;
    for (let l = 0; l < k; l++) {
      const y = v128.load(bp);
      s0 = f64x2.add(s0, f64x2.mul(v128.load64_splat(a0 + ap), y));
      s1 = f64x2.add(s1, f64x2.mul(v128.load64_splat(a1 + ap), y));
      s2 = f64x2.add(s2, f64x2.mul(v128.load64_splat(a2 + ap), y));
      s3 = f64x2.add(s3, f64x2.mul(v128.load64_splat(a3 + ap), y));
      bp += bs; ap += cs;
    }
    const o = <usize>j << 3;
    out2(c0 + o, s0, va, mode, beta); out2(c1 + o, s1, va, mode, beta);
    out2(c2 + o, s2, va, mode, beta); out2(c3 + o, s3, va, mode, beta);
  }
  for (; j < n; j++) {
    let s0: f64 = 0, s1: f64 = 0, s2: f64 = 0, s3: f64 = 0;
    let bp = b + (<usize>j << 3);
    let ap: usize = 0;
    for (let l = 0; l < k; l++) {
      const y = load<f64>(bp);
      s0 += load<f64>(a0 + ap) * y; s1 += load<f64>(a1 + ap) * y;
      s2 += load<f64>(a2 + ap) * y; s3 += load<f64>(a3 + ap) * y;
      bp += bs; ap += cs;
    }
    const o = <usize>j << 3;
    out1(c0 + o, s0, alpha, mode, beta); out1(c1 + o, s1, alpha, mode, beta);
    out1(c2 + o, s2, alpha, mode, beta); out1(c3 + o, s3, alpha, mode, beta);
  }
}

/** One row of c (c0) from row a0 (stride cs) of A. */
function row1(a0: usize, cs: usize, b: usize, bs: usize, c0: usize, n: i32, k: i32, alpha: f64, mode: i32, beta: f64): void {
  const va = f64x2.splat(alpha);
  let j = 0;
  for (; j + 7 < n; j += 8) {
    let s0 = f64x2.splat(0), s1 = f64x2.splat(0), s2 = f64x2.splat(0), s3 = f64x2.splat(0);
    let bp = b + (<usize>j << 3);
    let ap = a0;
    for (let l = 0; l < k; l++) {
      const x = v128.load64_splat(ap);
      s0 = f64x2.add(s0, f64x2.mul(x, v128.load(bp)));
      s1 = f64x2.add(s1, f64x2.mul(x, v128.load(bp, 16)));
      s2 = f64x2.add(s2, f64x2.mul(x, v128.load(bp, 32)));
      s3 = f64x2.add(s3, f64x2.mul(x, v128.load(bp, 48)));
      bp += bs; ap += cs;
    }
    const o = c0 + (<usize>j << 3);
    out2(o, s0, va, mode, beta); out2(o + 16, s1, va, mode, beta); out2(o + 32, s2, va, mode, beta); out2(o + 48, s3, va, mode, beta);
  }
  for (; j + 1 < n; j += 2) {
    let s = f64x2.splat(0);
    let bp = b + (<usize>j << 3);
    let ap = a0;
    for (let l = 0; l < k; l++) {
      s = f64x2.add(s, f64x2.mul(v128.load64_splat(ap), v128.load(bp)));
      bp += bs; ap += cs;
    }
    out2(c0 + (<usize>j << 3), s, va, mode, beta);
  }
  for (; j < n; j++) {
    let s: f64 = 0;
    let bp = b + (<usize>j << 3);
    let ap = a0;
    for (let l = 0; l < k; l++) {
      s += load<f64>(ap) * load<f64>(bp);
      bp += bs; ap += cs;
    }
    out1(c0 + (<usize>j << 3), s, alpha, mode, beta);
  }
}

export function gemm(
  a: usize, ars: i32, acs: i32,
  b: usize, ldb: i32,
  c: usize, ldc: i32,
  m: i32, n: i32, k: i32,
  alpha: f64, beta: f64,
  panel: usize, panelCap: i32,
): void {
  const mode: i32 = beta == 0 ? 0 : beta == 1 ? 1 : 2;
  const rs = <usize>ars << 3, cs = <usize>acs << 3, bs = <usize>ldb << 3, os = <usize>ldc << 3;
  const m4 = m & ~3;
  const pack = ars != 1 && n > 4 && 4 * k <= panelCap;
  for (let i = 0; i < m4; i += 4) {
    const a0 = a + <usize>i * rs, c0 = c + <usize>i * os;
    if (ars == 1) block4(a0, cs, b, bs, c0, os, n, k, alpha, mode, beta);
    else if (pack) {
      // panel[4l + r] = A(i + r, l)
      for (let r = 0; r < 4; r++) {
        const ar = a0 + <usize>r * rs;
        let pp = panel + (<usize>r << 3);
        for (let l = 0; l < k; l++) {
          store<f64>(pp, load<f64>(ar + <usize>l * cs));
          pp += 32;
        }
      }
      block4(panel, 32, b, bs, c0, os, n, k, alpha, mode, beta);
    } else block4Strided(a0, rs, cs, b, bs, c0, os, n, k, alpha, mode, beta);
  }
  for (let i = m4; i < m; i++) row1(a + <usize>i * rs, cs, b, bs, c + <usize>i * os, n, k, alpha, mode, beta);
}

/**
 * t (c×r) = aᵀ for a (r×c), both row-major: 2 × 2 blocks (two f64x2 loads, two lane shuffles, two stores)
 * in 16 × 16 tiles so both sides stay in cache; an odd last row or column is copied one entry at a time.
 */
export function transpose(a: usize, t: usize, r: i32, c: i32): void {
  const r2 = r & ~1, c2 = c & ~1;
  const ra = <usize>c << 3, rt = <usize>r << 3; // row strides of a and t in bytes
  for (let i0 = 0; i0 < r2; i0 += 16) {
    const i1 = min(i0 + 16, r2);
    for (let j0 = 0; j0 < c2; j0 += 16) {
      const j1 = min(j0 + 16, c2);
      for (let i = i0; i < i1; i += 2) {
        let ap = a + <usize>i * ra + (<usize>j0 << 3);
        let tp = t + <usize>j0 * rt + (<usize>i << 3);
        for (let j = j0; j < j1; j += 2) {
          const x = v128.load(ap), y = v128.load(ap + ra);
          v128.store(tp, v128.shuffle<f64>(x, y, 0, 2));
          v128.store(tp + rt, v128.shuffle<f64>(x, y, 1, 3));
          ap += 16; tp += rt << 1;
        }
      }
    }
  }
  for (let i = 0; i < r; i++) {
    for (let j = i < r2 ? c2 : 0; j < c; j++) store<f64>(t + ((<usize>j * r + i) << 3), load<f64>(a + ((<usize>i * c + j) << 3)));
  }
}

/**
 * The gradient-descent step W ← W − lr·∂L/∂W on `len` doubles in place (w, g byte offsets), each entry
 * rounded like JavaScript's w − lr·g (a mul, then a sub). Returns max|W| over the new entries, NaN when
 * one is NaN (like Math.max). The running maximum uses pmax (one maxpd; exact without NaN) and NaN is
 * tracked apart (v ≠ v), which is several times faster than the NaN-propagating f64x2.max.
 */
export function descend(w: usize, g: usize, len: i32, lr: f64): f64 {
  const vl = f64x2.splat(lr);
  let m0 = f64x2.splat(0), m1 = f64x2.splat(0), nan = i64x2.splat(0);
  let i = 0;
  for (; i + 3 < len; i += 4) {
    const p = w + (<usize>i << 3), q = g + (<usize>i << 3);
    const v0 = f64x2.sub(v128.load(p), f64x2.mul(vl, v128.load(q)));
    const v1 = f64x2.sub(v128.load(p, 16), f64x2.mul(vl, v128.load(q, 16)));
    v128.store(p, v0); v128.store(p, v1, 16);
    m0 = f64x2.pmax(m0, f64x2.abs(v0)); m1 = f64x2.pmax(m1, f64x2.abs(v1));
    nan = v128.or(nan, v128.or(f64x2.ne(v0, v0), f64x2.ne(v1, v1)));
  }
  const mm = f64x2.pmax(m0, m1);
  let m = max(f64x2.extract_lane(mm, 0), f64x2.extract_lane(mm, 1));
  if (v128.any_true(nan)) m = NaN;
  for (; i < len; i++) {
    const p = w + (<usize>i << 3);
    const v = load<f64>(p) - lr * load<f64>(g + (<usize>i << 3));
    store<f64>(p, v);
    m = max(m, abs(v));
  }
  return m;
}
