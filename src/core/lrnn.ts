/**
 * The single-output linear RNN of §2 (eq. 1–4) and its exact loss gradient (App. B, eq. 16–18).
 *
 *   h_{t+1} = W_h h_t + W_x x_t,  h_1 = 0          (eq. 1)
 *   ŷ_T     = W_y h_{T+1}                           (eq. 2)
 *   L       = ½ Σ_p ||y_{p,T} − ŷ_{p,T}||²           (eq. 4)
 *
 * Two gradient engines compute the same ∂L/∂W:
 *  - BPTT: back-propagation through time over the P samples (cost ∝ T·N_h²·P);
 *  - correlations: eq. 16–18 rewritten with Σ^{YX_t} (eq. 19) and Σ^{X_t X_t'} (eq. 21) only, which is
 *    exact for any data (whitened or not) and costs nothing per sample (∝ T·(N_x+N_y+min)·N_h²).
 * Both have a preallocated workspace class (used by train.ts) and a one-shot function.
 */
import { type Mat, zeros, gemmABt, transposeInto, cholesky, forwardSubst } from './linalg.js';
import { Arena, descendInto, type Buf, type KernelKind } from './simd.js';
import { type Dataset, type Correlations, checkDataset, stackedSxx, stackedSyx } from './data.js';

export interface Weights {
  /** N_h×N_x input weights */
  Wx: Mat;
  /** N_h×N_h recurrent weights */
  Wh: Mat;
  /** N_y×N_h output weights */
  Wy: Mat;
}

/** ∂L/∂W (the gradient itself, not its negative), with the loss L at the same weights. */
export interface Grads {
  gWx: Mat;
  gWh: Mat;
  gWy: Mat;
  loss: number;
}

export interface Dims {
  Nx: number;
  Nh: number;
  Ny: number;
}

/** Sizes of a network, checking that the three matrices fit together. */
export function weightDims(w: Weights): Dims {
  const Nh = w.Wh.rows;
  const Nx = w.Wx.cols;
  const Ny = w.Wy.rows;
  if (w.Wh.cols !== Nh) throw new Error(`weights: W_h is ${w.Wh.rows}×${w.Wh.cols}, not square`);
  if (w.Wx.rows !== Nh) throw new Error(`weights: W_x has ${w.Wx.rows} rows, W_h has ${Nh}`);
  if (w.Wy.cols !== Nh) throw new Error(`weights: W_y has ${w.Wy.cols} columns, W_h has ${Nh}`);
  return { Nx, Nh, Ny };
}

export function cloneWeights(w: Weights): Weights {
  const c = (A: Mat): Mat => ({ rows: A.rows, cols: A.cols, data: Float64Array.from(A.data) });
  return { Wx: c(w.Wx), Wh: c(w.Wh), Wy: c(w.Wy) };
}

function checkInputs(w: Weights, X: Mat[], T: number): Dims & { P: number } {
  const dims = weightDims(w);
  if (!Number.isInteger(T) || T < 1 || T > X.length) {
    throw new Error(`trajectory length T = ${T} must be an integer in [1, ${X.length}]`);
  }
  const P = X[0].cols;
  for (let t = 0; t < T; t++) {
    if (X[t].rows !== dims.Nx || X[t].cols !== P) {
      throw new Error(`input X[${t}] is ${X[t].rows}×${X[t].cols}, expected ${dims.Nx}×${P}`);
    }
  }
  return { ...dims, P };
}

/** h ← W_h h + W_x x for an N_h×P block of hidden states (eq. 1). `out` must not alias h. */
function stepInto(
  wh: Float64Array,
  wx: Float64Array,
  h: Float64Array,
  x: Float64Array,
  out: Float64Array,
  Nh: number,
  Nx: number,
  P: number,
): void {
  out.fill(0);
  for (let i = 0; i < Nh; i++) {
    const oi = i * P;
    for (let l = 0; l < Nh; l++) {
      const v = wh[i * Nh + l];
      if (v === 0) continue;
      const hl = l * P;
      for (let p = 0; p < P; p++) out[oi + p] += v * h[hl + p];
    }
    for (let l = 0; l < Nx; l++) {
      const v = wx[i * Nx + l];
      if (v === 0) continue;
      const xl = l * P;
      for (let p = 0; p < P; p++) out[oi + p] += v * x[xl + p];
    }
  }
}

/** out (Ny×P) = W_y h (eq. 2). */
function readoutInto(wy: Float64Array, h: Float64Array, out: Float64Array, Ny: number, Nh: number, P: number): void {
  out.fill(0);
  for (let a = 0; a < Ny; a++) {
    for (let l = 0; l < Nh; l++) {
      const v = wy[a * Nh + l];
      if (v === 0) continue;
      for (let p = 0; p < P; p++) out[a * P + p] += v * h[l * P + p];
    }
  }
}

/** Runs eq. 1–2 on all P trajectories: H = [h_1 = 0, h_2, …, h_{T+1}] (each N_h×P) and Ŷ_T = W_y h_{T+1}. */
export function forward(w: Weights, X: Mat[]): { H: Mat[]; Yhat: Mat } {
  const T = X.length;
  const { Nx, Nh, Ny, P } = checkInputs(w, X, T);
  const H: Mat[] = [zeros(Nh, P)];
  for (let t = 0; t < T; t++) {
    const h = zeros(Nh, P);
    stepInto(w.Wh.data, w.Wx.data, H[t].data, X[t].data, h.data, Nh, Nx, P);
    H.push(h);
  }
  const Yhat = zeros(Ny, P);
  readoutInto(w.Wy.data, H[T].data, Yhat.data, Ny, Nh, P);
  return { H, Yhat };
}

/**
 * Output ŷ_T (N_y×P) of the network after the first T inputs X[0..T-1] (eq. 3 then eq. 2); T defaults
 * to X.length. Any T works, so a network trained on one trajectory length can be run on another.
 */
export function outputAt(w: Weights, X: Mat[], T: number = X.length): Mat {
  const { Nx, Nh, Ny, P } = checkInputs(w, X, T);
  let h = new Float64Array(Nh * P);
  let next = new Float64Array(Nh * P);
  for (let t = 0; t < T; t++) {
    stepInto(w.Wh.data, w.Wx.data, h, X[t].data, next, Nh, Nx, P);
    const tmp = h;
    h = next;
    next = tmp;
  }
  const Y = zeros(Ny, P);
  readoutInto(w.Wy.data, h, Y.data, Ny, Nh, P);
  return Y;
}

/** eq. 4: L = ½ Σ_p ||y_{p,T} − ŷ_{p,T}||² (a sum over samples, not a mean). */
export function loss(w: Weights, d: Dataset): number {
  checkDataset(d);
  const Yhat = outputAt(w, d.X, d.T);
  let s = 0;
  for (let i = 0; i < Yhat.data.length; i++) {
    const e = d.Y.data[i] - Yhat.data[i];
    s += e * e;
  }
  return 0.5 * s;
}

/** Which gradients to compute (a frozen weight's gradient can be skipped). */
export interface GradNeed {
  x: boolean;
  h: boolean;
  y: boolean;
}
const ALL: GradNeed = { x: true, h: true, y: true };

/** A gradient engine with preallocated buffers: fills g.gWx / g.gWh / g.gWy (those needed) and returns L. */
export interface GradientEngine {
  readonly dims: Dims;
  /** Fills the needed gradients and returns L (for the correlation engine, the cheap expanded form). */
  compute(w: Weights, g: { gWx: Mat; gWh: Mat; gWy: Mat }, need?: GradNeed): number;
  /** L at the weights of the last compute(), accurate relative to L itself (for reporting). */
  preciseLoss(): number;
  /**
   * Optional: the gradient-descent step W ← W − lr·∂L/∂W of the needed weights, in place in w, with the
   * gradients of the last compute(w, g, need) (w and g unchanged since), as descendInto rounds it; returns
   * max|W| over the updated matrices (NaN when an entry is NaN). For an engine that holds w and ∂L/∂W in its
   * own kernel memory.
   */
  descend?(w: Weights, lr: number, need: GradNeed): number;
}

// ---------------------------------------------------------------------------------------------
// BPTT

/** Back-propagation through time on the samples (eq. 16–18 evaluated sample by sample, batched over p). */
export class BpttGradient implements GradientEngine {
  readonly dims: Dims;
  private readonly d: Dataset;
  private readonly H: Float64Array[];
  private readonly e: Float64Array;
  private delta: Float64Array;
  private deltaNext: Float64Array;
  private lastLoss = NaN;

  constructor(d: Dataset, dims: Dims) {
    checkDataset(d);
    if (d.Nx !== dims.Nx || d.Ny !== dims.Ny) {
      throw new Error(`network is Nx=${dims.Nx}, Ny=${dims.Ny} but the data is Nx=${d.Nx}, Ny=${d.Ny}`);
    }
    this.d = d;
    this.dims = dims;
    const { Nh } = dims;
    this.H = Array.from({ length: d.T + 1 }, () => new Float64Array(Nh * d.P));
    this.e = new Float64Array(d.Ny * d.P);
    this.delta = new Float64Array(Nh * d.P);
    this.deltaNext = new Float64Array(Nh * d.P);
  }

  compute(w: Weights, g: { gWx: Mat; gWh: Mat; gWy: Mat }, need: GradNeed = ALL): number {
    const { Nx, Nh, Ny } = this.dims;
    const { T, P, X, Y } = this.d;
    const wx = w.Wx.data,
      wh = w.Wh.data,
      wy = w.Wy.data;
    const H = this.H;
    // forward, eq. 1: H[t] = h_{t+1}; H[0] = h_1 = 0
    H[0].fill(0);
    for (let t = 0; t < T; t++) stepInto(wh, wx, H[t], X[t].data, H[t + 1], Nh, Nx, P);
    // e = ŷ − y; L = ½||e||² (eq. 4)
    const e = this.e;
    readoutInto(wy, H[T], e, Ny, Nh, P);
    let L = 0;
    for (let i = 0; i < e.length; i++) {
      e[i] -= Y.data[i];
      L += e[i] * e[i];
    }
    L *= 0.5;
    this.lastLoss = L;
    // ∂L/∂W_y = e h_{T+1}ᵀ (eq. 18)
    if (need.y) gemmABt(e, 0, H[T], 0, g.gWy.data, 0, Ny, Nh, P, 1, 0);
    if (!need.x && !need.h) return L;
    // δ_{T+1} = W_yᵀ e; δ_t = W_hᵀ δ_{t+1}
    let delta = this.delta;
    delta.fill(0);
    for (let a = 0; a < Ny; a++) {
      for (let l = 0; l < Nh; l++) {
        const v = wy[a * Nh + l];
        if (v === 0) continue;
        for (let p = 0; p < P; p++) delta[l * P + p] += v * e[a * P + p];
      }
    }
    if (need.x) g.gWx.data.fill(0);
    if (need.h) g.gWh.data.fill(0);
    for (let t = T; t >= 1; t--) {
      // δ_{t+1} is ∂L/∂h_{t+1}; h_{t+1} = W_h h_t + W_x x_t
      if (need.x) gemmABt(delta, 0, X[t - 1].data, 0, g.gWx.data, 0, Nh, Nx, P, 1, 1); // eq. 16
      if (need.h && t >= 2) gemmABt(delta, 0, H[t - 1], 0, g.gWh.data, 0, Nh, Nh, P, 1, 1); // eq. 17 (h_1 = 0)
      if (t === 1) break;
      const next = this.deltaNext;
      next.fill(0);
      for (let l = 0; l < Nh; l++) {
        for (let i = 0; i < Nh; i++) {
          const v = wh[l * Nh + i]; // (W_hᵀ)_{il}
          if (v === 0) continue;
          const ni = i * P,
            dl = l * P;
          for (let p = 0; p < P; p++) next[ni + p] += v * delta[dl + p];
        }
      }
      this.deltaNext = delta;
      this.delta = next;
      delta = next;
    }
    return L;
  }

  preciseLoss(): number {
    return this.lastLoss;
  }
}

// ---------------------------------------------------------------------------------------------
// Correlations

/**
 * The exact gradient from the correlation matrices alone (eq. 16–25 before the whitening step).
 *
 * With M_k = W_h^k W_x (N_h×N_x) and G_k = W_y W_h^k (N_y×N_h), never forming W_h^k itself:
 *   A_i   = W_y M_{T−i}                                       (effective map of input i, N_y×N_x)
 *   E_i   = Σ^{YX_i} − Σ_j A_j Σ^{X_j X_i}                     (error correlations = Σ_p (y_p − ŷ_p) x_{p,i}ᵀ)
 *   ∂L/∂W_x = −Σ_{i=1}^{T} G_{T−i}ᵀ E_i                          (eq. 16)
 *   ∂L/∂W_h = −Σ_{r=0}^{T−2} G_rᵀ F_r,  F_r = Σ_{i=1}^{T−1−r} E_i M_{T−1−r−i}ᵀ   (eq. 17 grouped by r; N_y ≤ N_x)
 *           = −Σ_{s=0}^{T−2} K_s M_sᵀ,  K_s = Σ_{r=0}^{T−2−s} G_rᵀ E_{T−1−r−s}   (grouped by s; N_x < N_y)
 *   ∂L/∂W_y = −Σ_{i=1}^{T} E_i M_{T−i}ᵀ                          (eq. 18)
 *   L       = ½ (Σ_p ||y_p||² − Σ_i ⟨Σ^{YX_i} + E_i, A_i⟩)      (eq. 4 expanded: `compute`'s cheap loss)
 *
 * The expanded loss has absolute error ~1e-16·Σ_p||y_p||² (it can even come out slightly negative), so
 * `preciseLoss` evaluates eq. 4 as a sum of squares instead: with the stacked input correlation
 * Σ^{XX} = K Kᵀ (Cholesky) and the least-squares map B = Σ^{YX}(Σ^{XX})⁻¹,
 *   2L = Σ_p ||y_p − B x_p||² + ||(B − A) K||²_F = yPerp + ||Σ^{YX} K⁻ᵀ − A K||²_F,
 * accurate to round-off relative to L itself when yPerp comes from the samples (see correlations()).
 *
 * Layouts (n = T·N_x): block i−1 of MT is M_{T−i}ᵀ (N_x×N_h), so MT is the N_x·T×N_h stack whose row
 * (i−1)·N_x + j is column j of M_{T−i}; block i−1 of G is G_{T−i}; A and E are N_y×n, [A_1 … A_T].
 * Every N_h² product is one call of the arena's product (simd.ts: WebAssembly SIMD, or its plain
 * JavaScript twin with kind 'js'; both sum in the order of linalg.ts's gemmABt / gemmAtB, so the
 * gradient is the same to the last bit whichever runs). Cost per step: (T−1)·N_h²·(N_x + N_y +
 * min(N_x, N_y)) multiply-adds.
 */
export class CorrGradient implements GradientEngine {
  readonly dims: Dims;
  private readonly T: number;
  private readonly n: number; // T·Nx
  private readonly ar: Arena;
  private readonly syx: Float64Array; // Ny×n stacked Σ^{YX}
  private readonly sxx: Float64Array; // n×n stacked Σ^{XX} (symmetric)
  private readonly yy: number;
  private readonly yPerp: number | undefined;
  private readonly Wx: Buf; // copies of the weights in the arena
  private readonly Wh: Buf;
  private readonly Wy: Buf;
  private readonly WhT: Buf; // W_hᵀ
  private readonly MT: Buf; // n×Nh: block i−1 = M_{T−i}ᵀ
  private readonly G: Buf; // T·Ny×Nh: block i−1 = G_{T−i}
  private readonly A: Float64Array; // Ny×n
  private readonly E: Float64Array; // Ny×n
  private readonly EcT: Buf; // n×Ny = Eᵀ
  private readonly Eblk: Buf; // T·Ny×Nx: row (i−1)·Ny + a = row a of E_i
  private readonly byY: boolean;
  private readonly FK: Buf; // T blocks of min(Nx,Ny)×Nh: F_r (byY) or K_sᵀ (byX), block 0 unused
  private readonly gWx: Buf; // the gradients, copied out to the caller's matrices
  private readonly gWh: Buf;
  private readonly gWy: Buf;
  private chol: { K: Mat; C0: Float64Array; Z: Float64Array; floor: number } | null | undefined;

  /** `kernels`: 'wasm' (default when built) or 'js' (same numbers, slower; for tests). */
  constructor(c: Correlations, Nh: number, kernels?: KernelKind) {
    const { T, Nx, Ny } = c;
    if (c.Syx.length !== T || c.Sxx.length !== T * T) throw new Error('correlations: wrong number of blocks');
    c.Syx.forEach((m, i) => {
      if (m.rows !== Ny || m.cols !== Nx) throw new Error(`correlations: Σ^{YX_${i + 1}} is ${m.rows}×${m.cols}`);
    });
    c.Sxx.forEach((m, i) => {
      if (m.rows !== Nx || m.cols !== Nx) throw new Error(`correlations: Σ^{XX} block ${i} is ${m.rows}×${m.cols}`);
    });
    this.dims = { Nx, Nh, Ny };
    this.T = T;
    this.n = T * Nx;
    const n = this.n;
    this.byY = Ny <= Nx;
    const sizes = [
      Nh * Nx,
      Nh * Nh,
      Ny * Nh,
      Nh * Nh,
      n * Nh,
      T * Ny * Nh,
      Ny * n,
      Ny * n,
      n * Ny,
      T * Ny * Nx,
      T * Math.min(Nx, Ny) * Nh,
      Nh * Nx,
      Nh * Nh,
      Ny * Nh,
      Ny * n,
      n * n,
    ];
    this.ar = new Arena(sizes, kernels);
    const ar = this.ar;
    this.Wx = ar.alloc(Nh * Nx);
    this.Wh = ar.alloc(Nh * Nh);
    this.Wy = ar.alloc(Ny * Nh);
    this.WhT = ar.alloc(Nh * Nh);
    this.MT = ar.alloc(n * Nh);
    this.G = ar.alloc(T * Ny * Nh);
    this.A = ar.alloc(Ny * n).data;
    this.E = ar.alloc(Ny * n).data;
    this.EcT = ar.alloc(n * Ny);
    this.Eblk = ar.alloc(T * Ny * Nx);
    this.FK = ar.alloc(T * Math.min(Nx, Ny) * Nh);
    this.gWx = ar.alloc(Nh * Nx);
    this.gWh = ar.alloc(Nh * Nh);
    this.gWy = ar.alloc(Ny * Nh);
    this.syx = ar.alloc(Ny * n).data;
    this.syx.set(stackedSyx(c).data);
    this.sxx = ar.alloc(n * n).data;
    this.sxx.set(stackedSxx(c).data);
    this.yy = c.yy;
    this.yPerp = c.yPerp;
  }

  compute(w: Weights, g: { gWx: Mat; gWh: Mat; gWy: Mat }, need: GradNeed = ALL): number {
    const { Nx, Nh, Ny } = this.dims;
    const T = this.T,
      n = this.n,
      ar = this.ar;
    if (w.Wx.data.length !== Nh * Nx || w.Wh.data.length !== Nh * Nh || w.Wy.data.length !== Ny * Nh) {
      throw new Error(`CorrGradient: weights do not match Nx=${Nx}, Nh=${Nh}, Ny=${Ny}`);
    }
    const { Wx, Wh, Wy, WhT, MT, G, A, E } = this;
    Wx.data.set(w.Wx.data);
    Wh.data.set(w.Wh.data);
    Wy.data.set(w.Wy.data);
    const bx = Nx * Nh,
      by = Ny * Nh;

    // M_0 = W_x; M_k = W_h M_{k−1}, computed transposed straight into MT: M_kᵀ = M_{k−1}ᵀ W_hᵀ, whose
    // entry (j, i) = Σ_l (M_{k−1})_{l,j} (W_h)_{i,l} has the products and the order of (W_h M_{k−1})_{i,j}
    ar.transpose(Wx, 0, MT, (T - 1) * bx, Nh, Nx);
    if (T > 1) ar.transpose(Wh, 0, WhT, 0, Nh, Nh);
    for (let k = 1; k < T; k++) ar.gemm(MT, (T - k) * bx, Nh, 1, WhT, 0, MT, (T - 1 - k) * bx, Nx, Nh, Nh, 1, 0);

    // [A_1 … A_T] = W_y [M_{T−1} … M_0]
    gemmABt(Wy.data, 0, MT.data, 0, A, 0, Ny, n, Nh, 1, 0);

    // [E_1 … E_T] = Σ^{YX} − A Σ^{XX}  (Σ^{XX} symmetric, so A Σ^{XX} = A (Σ^{XX})ᵀ)
    E.set(this.syx);
    gemmABt(A, 0, this.sxx, 0, E, 0, Ny, n, n, -1, 1);
    // L = ½(yy − ⟨Σ^{YX} + E, A⟩)
    const syx = this.syx;
    let inner = 0;
    for (let q = 0; q < Ny * n; q++) inner += (syx[q] + E[q]) * A[q];
    const L = 0.5 * (this.yy - inner);
    if (!need.x && !need.h && !need.y) return L;

    // re-layouts of E: EcT = Eᵀ (n×Ny); Eblk row (i−1)·Ny + a = (E_i)_{a,:}
    const EcT = this.EcT,
      Eblk = this.Eblk,
      eb = Eblk.data;
    transposeInto(E, EcT.data, Ny, n);
    for (let i = 0; i < T; i++) {
      for (let a = 0; a < Ny; a++) {
        for (let j = 0; j < Nx; j++) eb[(i * Ny + a) * Nx + j] = E[a * n + i * Nx + j];
      }
    }

    // ∂L/∂W_y = −Σ_i E_i M_{T−i}ᵀ  (eq. 18): (gW_y)_{a,l} = −Σ_{(i,j)} (E_i)_{a,j} (M_{T−i}ᵀ)_{j,l}
    if (need.y) {
      ar.gemm(EcT, 0, 1, Ny, MT, 0, this.gWy, 0, Ny, Nh, n, -1, 0);
      g.gWy.data.set(this.gWy.data);
    }
    if (!need.x && !need.h) return L;

    // G_0 = W_y; G_k = G_{k−1} W_h
    G.data.set(Wy.data, (T - 1) * by);
    const kmax = need.x ? T - 1 : T - 2;
    for (let k = 1; k <= kmax; k++) ar.gemm(G, (T - k) * by, Nh, 1, Wh, 0, G, (T - 1 - k) * by, Ny, Nh, Nh, 1, 0);

    // ∂L/∂W_x = −Σ_i G_{T−i}ᵀ E_i  (eq. 16): (gW_x)_{l,j} = −Σ_{(i,a)} (G_{T−i})_{a,l} (E_i)_{a,j}
    if (need.x) {
      ar.gemm(G, 0, 1, Nh, Eblk, 0, this.gWx, 0, Nh, Nx, T * Ny, -1, 0);
      g.gWx.data.set(this.gWx.data);
    }

    // ∂L/∂W_h (eq. 17)
    if (need.h) {
      const gh = this.gWh;
      if (T === 1) {
        gh.data.fill(0);
        g.gWh.data.fill(0);
        return L;
      }
      const FK = this.FK;
      if (this.byY) {
        // block b = 1..T−1 holds F_r, r = T−1−b: F_r = Σ_{i=1}^{b} E_i M_{b−i}ᵀ, and M_{b−i}ᵀ is MT block T−1−b+i
        for (let b = 1; b < T; b++) ar.gemm(EcT, 0, 1, Ny, MT, (T - b) * bx, FK, b * by, Ny, Nh, b * Nx, 1, 0);
        // (gW_h)_{l,m} = −Σ_{r,a} (G_r)_{a,l} (F_r)_{a,m}; G_r is G block T−1−r = b
        ar.gemm(G, by, 1, Nh, FK, by, gh, 0, Nh, Nh, (T - 1) * Ny, -1, 0);
      } else {
        // block b = 1..T−1 holds K_sᵀ, s = T−1−b: K_sᵀ = Σ_{i=1}^{b} E_iᵀ G_{b−i}, and G_{b−i} is G block T−1−b+i
        for (let b = 1; b < T; b++) ar.gemm(Eblk, 0, 1, Nx, G, (T - b) * by, FK, b * bx, Nx, Nh, b * Ny, 1, 0);
        // (gW_h)_{l,m} = −Σ_{s,j} (K_s)_{l,j} (M_s)_{m,j}; M_sᵀ is MT block T−1−s = b
        ar.gemm(FK, bx, 1, Nh, MT, bx, gh, 0, Nh, Nh, (T - 1) * Nx, -1, 0);
      }
      g.gWh.data.set(gh.data);
    }
    return L;
  }

  /** W ← W − lr·∂L/∂W in the arena (its copies of w and of the gradients from `compute`), copied back to w. */
  descend(w: Weights, lr: number, need: GradNeed): number {
    let m = 0;
    if (need.x) m = Math.max(m, this.descendOne(this.Wx, this.gWx, w.Wx, lr));
    if (need.h) m = Math.max(m, this.descendOne(this.Wh, this.gWh, w.Wh, lr));
    if (need.y) m = Math.max(m, this.descendOne(this.Wy, this.gWy, w.Wy, lr));
    return m;
  }

  private descendOne(W: Buf, g: Buf, out: Mat, lr: number): number {
    // a small matrix is cheaper in JavaScript, straight on w (the arena copy is refreshed by compute)
    if (W.data.length < 256) return descendInto(out.data, g.data, lr);
    const m = this.ar.descend(W, g, lr);
    out.data.set(W.data);
    return m;
  }

  /**
   * eq. 4 at the weights of the last `compute`, as a sum of squares (see the class comment). Falls back
   * to max(0, expanded loss) when the stacked Σ^{XX} is singular.
   */
  preciseLoss(): number {
    const { Ny } = this.dims;
    const n = this.n;
    if (this.chol === undefined) {
      const K = cholesky({ rows: n, cols: n, data: this.sxx });
      if (K === null) this.chol = null;
      else {
        // C0 = Σ^{YX} K⁻ᵀ, row by row: K c0ᵀ = (Σ^{YX})ᵀ row
        const C0 = Float64Array.from(this.syx);
        for (let a = 0; a < Ny; a++) forwardSubst(K, C0, a * n);
        let c2 = 0;
        for (let q = 0; q < C0.length; q++) c2 += C0[q] * C0[q];
        const floor = this.yPerp ?? Math.max(0, this.yy - c2);
        this.chol = { K, C0, Z: new Float64Array(n), floor };
      }
    }
    if (this.chol === null) {
      let inner = 0;
      for (let q = 0; q < Ny * n; q++) inner += (this.syx[q] + this.E[q]) * this.A[q];
      return Math.max(0, 0.5 * (this.yy - inner));
    }
    const { K, C0, Z, floor } = this.chol;
    const k = K.data,
      A = this.A;
    let s = 0;
    for (let a = 0; a < Ny; a++) {
      // Z = C0_a − A_a K  (K lower-triangular: (A K)_q = Σ_{c ≥ q} A_c K_{c,q})
      const ao = a * n;
      for (let q = 0; q < n; q++) Z[q] = C0[ao + q];
      for (let c = 0; c < n; c++) {
        const v = A[ao + c];
        if (v === 0) continue;
        const kc = c * n;
        for (let q = 0; q <= c; q++) Z[q] -= v * k[kc + q];
      }
      for (let q = 0; q < n; q++) s += Z[q] * Z[q];
    }
    return 0.5 * (floor + s);
  }
}

function newGrads(d: Dims): { gWx: Mat; gWh: Mat; gWy: Mat } {
  return { gWx: zeros(d.Nh, d.Nx), gWh: zeros(d.Nh, d.Nh), gWy: zeros(d.Ny, d.Nh) };
}

/** ∂L/∂W by back-propagation through time over the samples (eq. 16–18). */
export function gradBPTT(w: Weights, d: Dataset): Grads {
  const dims = weightDims(w);
  const g = newGrads(dims);
  const L = new BpttGradient(d, dims).compute(w, g);
  return { ...g, loss: L };
}

/** ∂L/∂W and L from the correlation matrices alone (eq. 16–18 with eq. 19, 21); exact for any data. */
export function gradCorr(w: Weights, c: Correlations): Grads {
  const dims = weightDims(w);
  if (dims.Nx !== c.Nx || dims.Ny !== c.Ny) {
    throw new Error(`network is Nx=${dims.Nx}, Ny=${dims.Ny} but the correlations are Nx=${c.Nx}, Ny=${c.Ny}`);
  }
  const g = newGrads(dims);
  const engine = new CorrGradient(c, dims.Nh);
  engine.compute(w, g);
  return { ...g, loss: engine.preciseLoss() };
}

/** The loss (eq. 4) from correlations only (the precise sum-of-squares form). */
export function lossCorr(w: Weights, c: Correlations): number {
  const dims = weightDims(w);
  const engine = new CorrGradient(c, dims.Nh);
  engine.compute(w, newGrads(dims), { x: false, h: false, y: false });
  return engine.preciseLoss();
}
