/**
 * The matrix product of the wide-network gradient step, in WebAssembly SIMD (source: wasm/gemm.ts,
 * assembled by `npm run build` with AssemblyScript into dist/src/core/gemm.wasm), and its plain
 * JavaScript twin.
 *
 *   c (m×n) = alpha · A B + beta · c,   A(i, l) = a[aOff + i·ars + l·acs],
 *   B(l, j) = b[bOff + l·ldb + j],   c(i, j) = c[cOff + i·ldc + j]   (ldb, ldc default n).
 *
 * Both sum every entry in the order of the plain loop (s = 0; s += A(i,l)·B(l,j) for l = 0 … k−1; then
 * c = c0 + alpha·s) without fused multiply-adds, so they agree bit for bit with each other and with
 * gemmABt / gemmAtB of linalg.ts: the wasm kernel only runs two columns per SIMD lane pair and blocks
 * 4 rows × 4 columns in registers. Results therefore do not depend on which kernel ran.
 *
 * An Arena is one wasm linear memory of fixed size carved into Float64Array views (a gradient engine
 * owns one; it is freed with the engine). Loading the compiled module reads one file of this package
 * at import time, like importing a module.
 */
import { readFileSync } from 'node:fs';

/** A buffer of an arena: its view and its byte offset in the arena's memory. */
export interface Buf {
  data: Float64Array;
  ptr: number;
}

interface GemmExports {
  gemm(
    a: number,
    ars: number,
    acs: number,
    b: number,
    ldb: number,
    c: number,
    ldc: number,
    m: number,
    n: number,
    k: number,
    alpha: number,
    beta: number,
    panel: number,
    panelCap: number,
  ): void;
  transpose(a: number, t: number, r: number, c: number): void;
  descend(w: number, g: number, len: number, lr: number): number;
}

function loadModule(): WebAssembly.Module | null {
  try {
    return new WebAssembly.Module(readFileSync(new URL('./gemm.wasm', import.meta.url)));
  } catch {
    return null; // not built (or no wasm SIMD): the JavaScript kernels give the same numbers
  }
}
const MODULE = loadModule();

/** True when the WebAssembly kernels are available (built and loadable). */
export const wasmAvailable = MODULE !== null;

export type KernelKind = 'wasm' | 'js';

/**
 * Fixed-size storage for a set of Float64Array buffers, with the product on them. kind 'wasm' (default
 * when available) puts the buffers in a wasm memory and runs the SIMD kernel; 'js' uses plain arrays and
 * the JavaScript loop.
 */
export class Arena {
  readonly kind: KernelKind;
  private readonly sizes: number[];
  private readonly memory: WebAssembly.Memory | null = null;
  private readonly fns: GemmExports | null = null;
  private top = 0;

  /** `lengths`: the number of doubles of every buffer that alloc() will be asked for, in order. */
  constructor(lengths: number[], kind: KernelKind = wasmAvailable ? 'wasm' : 'js') {
    if (kind === 'wasm' && MODULE === null) throw new Error('Arena: the wasm kernels are not built (run npm run build)');
    this.kind = kind;
    this.sizes = [...lengths];
    if (kind === 'wasm') {
      const bytes = lengths.reduce((s, n) => s + align(n * 8), 0) + PANEL_AT + PANEL * 8;
      this.memory = new WebAssembly.Memory({ initial: Math.ceil(bytes / 65536) });
      this.fns = new WebAssembly.Instance(MODULE!, { env: { memory: this.memory } }).exports as unknown as GemmExports;
      this.top = PANEL_AT + PANEL * 8;
    }
  }

  /** The next buffer (its length must be the next of the constructor's lengths). */
  alloc(n: number): Buf {
    const expected = this.sizes.shift();
    if (expected !== n) throw new Error(`Arena.alloc: asked for ${n} doubles, planned ${expected}`);
    if (this.memory === null) return { data: new Float64Array(n), ptr: -1 };
    const ptr = this.top;
    this.top += align(n * 8);
    return { data: new Float64Array(this.memory.buffer, ptr, n), ptr };
  }

  /** c = alpha · A B + beta · c (see the module comment); offsets in elements. c must not overlap a or b. */
  gemm(
    a: Buf,
    aOff: number,
    ars: number,
    acs: number,
    b: Buf,
    bOff: number,
    c: Buf,
    cOff: number,
    m: number,
    n: number,
    k: number,
    alpha: number,
    beta: number,
    ldb = n,
    ldc = n,
  ): void {
    if (this.fns)
      this.fns.gemm(a.ptr + 8 * aOff, ars, acs, b.ptr + 8 * bOff, ldb, c.ptr + 8 * cOff, ldc, m, n, k, alpha, beta, PANEL_AT, PANEL);
    else gemmStrided(a.data, aOff, ars, acs, b.data, bOff, c.data, cOff, m, n, k, alpha, beta, ldb, ldc);
  }

  /** w ← w − lr·g on all of w (g as long), returning max|w| (NaN when an entry is NaN): see descendInto. */
  descend(w: Buf, g: Buf, lr: number): number {
    if (w.data.length !== g.data.length) throw new Error(`Arena.descend: ${w.data.length} weights, ${g.data.length} gradients`);
    return this.fns ? this.fns.descend(w.ptr, g.ptr, w.data.length, lr) : descendInto(w.data, g.data, lr);
  }

  /** t (c×r, at tOff) = aᵀ for a (r×c, at aOff). */
  transpose(a: Buf, aOff: number, t: Buf, tOff: number, r: number, c: number): void {
    if (this.fns) this.fns.transpose(a.ptr + 8 * aOff, t.ptr + 8 * tOff, r, c);
    else {
      for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) t.data[tOff + j * r + i] = a.data[aOff + i * c + j];
    }
  }
}

/**
 * Scratch space of the wasm kernel at the start of every arena's memory: the 4 × k blocks of A it
 * repacks (k ≤ PANEL / 4; longer sums run unpacked, with the same numbers).
 */
const PANEL_AT = 64;
const PANEL = 4 * 1024;

/**
 * The gradient-descent step w ← w − lr·g in place on all of w.data (g as long), returning max|w| over the
 * new entries (NaN when one is NaN), in one pass; the wasm kernel and the loop round alike (a mul, then a
 * sub, no fused multiply-add).
 */
export function descendInto(w: Float64Array, g: Float64Array, lr: number): number {
  // Math.max turns NaN into NaN: no data-dependent branch (one mispredicted on weights of random sign)
  let m = 0;
  for (let i = 0; i < w.length; i++) {
    const v = w[i] - lr * g[i];
    w[i] = v;
    m = Math.max(m, Math.abs(v));
  }
  return m;
}

function align(bytes: number): number {
  return Math.ceil(bytes / 64) * 64;
}

/** The plain loop of the product (the reference of the wasm kernel; same order, same rounding). */
export function gemmStrided(
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
    const ai = aOff + i * ars,
      ci = cOff + i * ldc;
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let l = 0, ap = ai, bp = bOff + j; l < k; l++, ap += acs, bp += ldb) s += a[ap] * b[bp];
      const c0 = beta === 0 ? 0 : beta === 1 ? c[ci + j] : c[ci + j] * beta;
      c[ci + j] = c0 + alpha * s;
    }
  }
}
