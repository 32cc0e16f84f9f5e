/**
 * The autoregressive T-output linear RNN of App. M: the recurrence of eq. 1 with a readout at every step,
 *   h_1 = 0,  h_{t+1} = W_h h_t + W_x x_t,  ŷ_t = W_y h_{t+1} = W_y Σ_{i≤t} W_h^{t−i} W_x x_i,
 *   L = ½ Σ_p Σ_{t=1}^{T} ||y_{p,t} − ŷ_{p,t}||²                                        (eq. 144)
 *
 * Two gradient engines compute the same ∂L/∂W (eq. 146–148), both usable by the shared trainer (train.ts):
 *  - BPTT over the samples: one forward pass, one backward pass in which the error of output t is injected
 *    into δ_{t+1} = ∂L/∂h_{t+1} (cost ∝ T·N_h²·P);
 *  - correlations: L = Σ_t L_t with L_t the single-output loss (eq. 4) of the prefix x_1..x_t and target y_t,
 *    so ∂L/∂W = Σ_t ∂L_t/∂W, each term the exact correlation-space gradient (lrnn.ts CorrGradient) built from
 *    Σ^{Y_t X_i} (eq. 145) and Σ^{X_i X_j}, i, j ≤ t. Nothing is computed per sample.
 */
import { type Mat, zeros, gemmABt } from './linalg.js';
import { type Weights, type Dims, type GradientEngine, type GradNeed, CorrGradient, weightDims } from './lrnn.js';
import { type Correlations, correlations } from './data.js';
import { type ArDataset, checkArDataset, prefixDataset } from './ardata.js';

const ALL: GradNeed = { x: true, h: true, y: true };

/** Every output: Ŷ[t−1] = ŷ_t (N_y×P) for t = 1..T, and the hidden states H[t] = h_{t+1} (H[0] = h_1 = 0). */
export function arForward(w: Weights, X: Mat[]): { H: Mat[]; Yhat: Mat[] } {
  const { Nx, Nh, Ny } = weightDims(w);
  const T = X.length;
  const P = X[0]?.cols ?? 0;
  X.forEach((x, t) => {
    if (x.rows !== Nx || x.cols !== P) throw new Error(`input X[${t}] is ${x.rows}×${x.cols}, expected ${Nx}×${P}`);
  });
  const H: Mat[] = [zeros(Nh, P)];
  const Yhat: Mat[] = [];
  for (let t = 0; t < T; t++) {
    const h = zeros(Nh, P);
    gemmABt(w.Wh.data, 0, transposed(H[t]), 0, h.data, 0, Nh, P, Nh, 1, 0);
    gemmABt(w.Wx.data, 0, transposed(X[t]), 0, h.data, 0, Nh, P, Nx, 1, 1);
    H.push(h);
    const y = zeros(Ny, P);
    gemmABt(w.Wy.data, 0, transposed(h), 0, y.data, 0, Ny, P, Nh, 1, 0);
    Yhat.push(y);
  }
  return { H, Yhat };
}

function transposed(A: Mat): Float64Array {
  const out = new Float64Array(A.data.length);
  for (let i = 0; i < A.rows; i++) for (let j = 0; j < A.cols; j++) out[j * A.rows + i] = A.data[i * A.cols + j];
  return out;
}

/** eq. 144: L = ½ Σ_p Σ_t ||y_{p,t} − ŷ_{p,t}||² (sums, not means). */
export function arLoss(w: Weights, d: ArDataset): number {
  checkArDataset(d);
  const { Yhat } = arForward(w, d.X);
  let s = 0;
  for (let t = 0; t < d.T; t++) {
    const y = d.Y[t].data,
      yh = Yhat[t].data;
    for (let q = 0; q < y.length; q++) s += (y[q] - yh[q]) ** 2;
  }
  return 0.5 * s;
}

/** Back-propagation through time with an error injected at every output (eq. 146–148 sample by sample). */
export class ArBpttGradient implements GradientEngine {
  readonly dims: Dims;
  private readonly d: ArDataset;
  private readonly H: Float64Array[];
  private readonly E: Float64Array[];
  private delta: Float64Array;
  private next: Float64Array;
  private lastLoss = NaN;

  constructor(d: ArDataset, dims: Dims) {
    checkArDataset(d);
    if (d.Nx !== dims.Nx || d.Ny !== dims.Ny)
      throw new Error(`network is Nx=${dims.Nx}, Ny=${dims.Ny} but the data is Nx=${d.Nx}, Ny=${d.Ny}`);
    this.d = d;
    this.dims = dims;
    this.H = Array.from({ length: d.T + 1 }, () => new Float64Array(dims.Nh * d.P));
    this.E = Array.from({ length: d.T }, () => new Float64Array(d.Ny * d.P));
    this.delta = new Float64Array(dims.Nh * d.P);
    this.next = new Float64Array(dims.Nh * d.P);
  }

  compute(w: Weights, g: { gWx: Mat; gWh: Mat; gWy: Mat }, need: GradNeed = ALL): number {
    const { Nx, Nh, Ny } = this.dims;
    const { T, P, X, Y } = this.d;
    const wx = w.Wx.data,
      wh = w.Wh.data,
      wy = w.Wy.data;
    const H = this.H,
      E = this.E;
    // forward: H[t] = h_{t+1} = W_h h_t + W_x x_t; e_t = ŷ_t − y_t
    H[0].fill(0);
    let L = 0;
    for (let t = 0; t < T; t++) {
      const h = H[t + 1],
        hp = H[t],
        x = X[t].data;
      h.fill(0);
      for (let i = 0; i < Nh; i++) {
        for (let l = 0; l < Nh; l++) {
          const v = wh[i * Nh + l];
          if (v !== 0) for (let p = 0; p < P; p++) h[i * P + p] += v * hp[l * P + p];
        }
        for (let j = 0; j < Nx; j++) {
          const v = wx[i * Nx + j];
          if (v !== 0) for (let p = 0; p < P; p++) h[i * P + p] += v * x[j * P + p];
        }
      }
      const e = E[t],
        y = Y[t].data;
      e.fill(0);
      for (let a = 0; a < Ny; a++) {
        for (let l = 0; l < Nh; l++) {
          const v = wy[a * Nh + l];
          if (v !== 0) for (let p = 0; p < P; p++) e[a * P + p] += v * h[l * P + p];
        }
      }
      for (let q = 0; q < e.length; q++) {
        e[q] -= y[q];
        L += e[q] * e[q];
      }
    }
    L *= 0.5;
    this.lastLoss = L;
    // ∂L/∂W_y = Σ_t e_t h_{t+1}ᵀ (eq. 148)
    if (need.y) {
      g.gWy.data.fill(0);
      for (let t = 0; t < T; t++) gemmABt(E[t], 0, H[t + 1], 0, g.gWy.data, 0, Ny, Nh, P, 1, 1);
    }
    if (!need.x && !need.h) return L;
    if (need.x) g.gWx.data.fill(0);
    if (need.h) g.gWh.data.fill(0);
    // backward: δ_{T+1} = W_yᵀ e_T; δ_{t+1} = W_hᵀ δ_{t+2} + W_yᵀ e_t (the injected error of output t)
    let delta = this.delta;
    delta.fill(0);
    for (let t = T; t >= 1; t--) {
      const e = E[t - 1];
      for (let a = 0; a < Ny; a++) {
        for (let l = 0; l < Nh; l++) {
          const v = wy[a * Nh + l];
          if (v !== 0) for (let p = 0; p < P; p++) delta[l * P + p] += v * e[a * P + p];
        }
      }
      // h_{t+1} = W_h h_t + W_x x_t: ∂L/∂W_x += δ_{t+1} x_tᵀ (eq. 146), ∂L/∂W_h += δ_{t+1} h_tᵀ (eq. 147)
      if (need.x) gemmABt(delta, 0, X[t - 1].data, 0, g.gWx.data, 0, Nh, Nx, P, 1, 1);
      if (need.h && t >= 2) gemmABt(delta, 0, H[t - 1], 0, g.gWh.data, 0, Nh, Nh, P, 1, 1);
      if (t === 1) break;
      const next = this.next;
      next.fill(0);
      for (let l = 0; l < Nh; l++) {
        for (let i = 0; i < Nh; i++) {
          const v = wh[l * Nh + i];
          if (v !== 0) for (let p = 0; p < P; p++) next[i * P + p] += v * delta[l * P + p];
        }
      }
      this.next = delta;
      this.delta = next;
      delta = next;
    }
    return L;
  }

  preciseLoss(): number {
    return this.lastLoss;
  }
}

/** The correlations of every output time: entry t−1 holds Σ^{Y_t X_i}, Σ^{X_i X_j} (i, j ≤ t) and Σ_p||y_{p,t}||². */
export function arCorrelations(d: ArDataset): Correlations[] {
  checkArDataset(d);
  return Array.from({ length: d.T }, (_, t) => correlations(prefixDataset(d, t + 1)));
}

/** ∂L/∂W = Σ_t ∂L_t/∂W, each term the exact correlation-space gradient of output t (eq. 146–148 via eq. 145). */
export class ArCorrGradient implements GradientEngine {
  readonly dims: Dims;
  private readonly parts: CorrGradient[];
  private readonly tmp: { gWx: Mat; gWh: Mat; gWy: Mat };

  constructor(c: Correlations[], Nh: number) {
    if (c.length === 0) throw new Error('ArCorrGradient: no output times');
    c.forEach((ct, t) => {
      if (ct.T !== t + 1) throw new Error(`ArCorrGradient: correlations ${t} are for T = ${ct.T}, expected ${t + 1}`);
    });
    this.parts = c.map((ct) => new CorrGradient(ct, Nh));
    this.dims = this.parts[0].dims;
    const { Nx, Ny } = this.dims;
    this.tmp = { gWx: zeros(Nh, Nx), gWh: zeros(Nh, Nh), gWy: zeros(Ny, Nh) };
  }

  compute(w: Weights, g: { gWx: Mat; gWh: Mat; gWy: Mat }, need: GradNeed = ALL): number {
    if (need.x) g.gWx.data.fill(0);
    if (need.h) g.gWh.data.fill(0);
    if (need.y) g.gWy.data.fill(0);
    let L = 0;
    for (const part of this.parts) {
      L += part.compute(w, this.tmp, need);
      if (need.x) addInto(g.gWx, this.tmp.gWx);
      if (need.h) addInto(g.gWh, this.tmp.gWh);
      if (need.y) addInto(g.gWy, this.tmp.gWy);
    }
    return L;
  }

  /** Σ_t of the single-output sum-of-squares losses (accurate relative to L). */
  preciseLoss(): number {
    let L = 0;
    for (const part of this.parts) L += part.preciseLoss();
    return L;
  }
}

function addInto(A: Mat, B: Mat): void {
  const a = A.data,
    b = B.data;
  for (let i = 0; i < a.length; i++) a[i] += b[i];
}

/** One-shot ∂L/∂W and L by either engine. */
export function arGrad(w: Weights, d: ArDataset, engine: 'bptt' | 'corr'): { gWx: Mat; gWh: Mat; gWy: Mat; loss: number } {
  const dims = weightDims(w);
  const g = { gWx: zeros(dims.Nh, dims.Nx), gWh: zeros(dims.Nh, dims.Nh), gWy: zeros(dims.Ny, dims.Nh) };
  const e: GradientEngine = engine === 'bptt' ? new ArBpttGradient(d, dims) : new ArCorrGradient(arCorrelations(d), dims.Nh);
  e.compute(w, g);
  return { ...g, loss: e.preciseLoss() };
}

/** The engine-backed data the shared trainer accepts (train.ts EngineData), with the default correlation engine. */
export function arTrainData(
  d: ArDataset,
  Nh: number,
  engine: 'bptt' | 'corr' = 'corr',
): { engine: GradientEngine; P: number; Nx: number; Ny: number } {
  const dims = { Nx: d.Nx, Nh, Ny: d.Ny };
  return {
    engine: engine === 'bptt' ? new ArBpttGradient(d, dims) : new ArCorrGradient(arCorrelations(d), Nh),
    P: d.P,
    Nx: d.Nx,
    Ny: d.Ny,
  };
}
