/**
 * Unaligned networks (App. P.1.2) trained by the shared gradient-descent loop (train.ts), with what
 * §3.6 and App. L look at over training: the singular values of W_h and of the input-output map
 * W_y W_x (App. P.3: "when using networks that are not initialized with aligned weights, we just compute
 * the singular values of each weight matrix"), the gradient of the loss with respect to the hidden
 * states, and the rate of change of the last hidden state over training time (dH_T/dt_θ, App. L).
 * Pure: no I/O.
 */
import { type Mat, matmul, svd, symEig, transpose, zeros } from './linalg.js';
import { type Dataset, type Correlations, checkDataset } from './data.js';
import { type Weights, CorrGradient, cloneWeights, forward, gradBPTT, outputAt, weightDims } from './lrnn.js';
import { train, type TrainOptions, type TrainResult } from './train.js';
import { tau as timeConstant } from './timescale.js';

/** Singular values of a matrix, descending. */
export function singularValues(A: Mat): number[] {
  return Array.from(svd(A).S);
}

/** The input-output map W_y W_x (N_y×N_x): the feedforward part of every W_y W_h^k W_x. */
export function ioMap(w: Weights): Mat {
  return matmul(w.Wy, w.Wx);
}

export interface HiddenGradient {
  /**
   * sqrt((1/P) Σ_p Σ_{t=2}^{T+1} ||∂ℓ_p/∂h_{p,t}||²) with ℓ_p = ½||ŷ_{p,T} − y_{p,T}||² (eq. 4 per sample):
   * the root-mean-square over samples of the whole trajectory's hidden-state gradient.
   */
  total: number;
  /** perT[t−2] = sqrt((1/P) Σ_p ||∂ℓ_p/∂h_{p,t}||²) for t = 2..T+1 (h_1 = 0 is not a variable). */
  perT: number[];
}

/**
 * Gradient of the loss with respect to the hidden states (back-propagation through time, App. B):
 * ∂ℓ_p/∂h_{T+1} = W_yᵀ (ŷ_p − y_p),  ∂ℓ_p/∂h_t = W_hᵀ ∂ℓ_p/∂h_{t+1}.
 */
export function hiddenGradient(w: Weights, d: Dataset): HiddenGradient {
  checkDataset(d);
  const { T, P } = d;
  const Yhat = outputAt(w, d.X, T);
  const E = zeros(Yhat.rows, P);
  for (let i = 0; i < E.data.length; i++) E.data[i] = Yhat.data[i] - d.Y.data[i];
  const WyT = transpose(w.Wy),
    WhT = transpose(w.Wh);
  let delta = matmul(WyT, E); // ∂ℓ/∂h_{T+1}
  const perT = new Array<number>(T);
  let total = 0;
  for (let t = T + 1; t >= 2; t--) {
    let s = 0;
    for (let i = 0; i < delta.data.length; i++) s += delta.data[i] * delta.data[i];
    perT[t - 2] = Math.sqrt(s / P);
    total += s;
    if (t > 2) delta = matmul(WhT, delta);
  }
  return { total: Math.sqrt(total / P), perT };
}

/**
 * The rate of change of the last hidden state h_{T+1} = H_T over training time under the gradient flow
 * τ dW/dt_θ = −∂L/∂W (eq. 23–25; one gradient step is dt_θ = 1), by forward-mode differentiation of
 * eq. 1: ḣ_{t+1} = Ẇ_h h_t + W_h ḣ_t + Ẇ_x x_t, ḣ_1 = 0. Returns the root-mean-square over samples of
 * ||dh_{p,T+1}/dt_θ||. `frozen` weights have Ẇ = 0.
 */
export function hiddenVelocity(w: Weights, d: Dataset, tau: number, frozen: ReadonlyArray<'Wx' | 'Wh' | 'Wy'> = []): number {
  checkDataset(d);
  const g = gradBPTT(w, d);
  const scale = (A: Mat, s: number): Mat => ({ rows: A.rows, cols: A.cols, data: A.data.map((v) => v * s) });
  const dWh = frozen.includes('Wh') ? zeros(w.Wh.rows, w.Wh.cols) : scale(g.gWh, -1 / tau);
  const dWx = frozen.includes('Wx') ? zeros(w.Wx.rows, w.Wx.cols) : scale(g.gWx, -1 / tau);
  const { H } = forward(w, d.X); // h_1 = 0, …, h_{T+1} (eq. 1)
  let hdot = zeros(w.Wh.rows, d.P);
  for (let t = 0; t < d.T; t++) {
    const a = matmul(dWh, H[t]);
    const b = matmul(w.Wh, hdot);
    const c = matmul(dWx, d.X[t]);
    for (let i = 0; i < a.data.length; i++) a.data[i] += b.data[i] + c.data[i];
    hdot = a;
  }
  let s = 0;
  for (let i = 0; i < hdot.data.length; i++) s += hdot.data[i] * hdot.data[i];
  return Math.sqrt(s / d.P);
}

/**
 * Relative error of a network run on trajectories of any length (the extrapolation test of §3.6):
 * Σ_p ||ŷ_p − y_p||² / Σ_p ||y_p||² on the dataset's own length T.
 */
export function relativeError(w: Weights, d: Dataset): number {
  checkDataset(d);
  const Y = outputAt(w, d.X, d.T);
  let e = 0,
    n = 0;
  for (let i = 0; i < Y.data.length; i++) {
    e += (Y.data[i] - d.Y.data[i]) ** 2;
    n += d.Y.data[i] ** 2;
  }
  return e / n;
}

/** What trainUnaligned records at every record step. */
export interface UnalignedRecord {
  step: number;
  /** t_θ/τ */
  t: number;
  loss: number;
  /** singular values of W_h, descending */
  svH: number[];
  /** singular values of W_y W_x, descending */
  svIO: number[];
  /** HiddenGradient.total */
  hiddenGrad: number;
  /** HiddenGradient.perT */
  hiddenGradPerT: number[];
  /** hiddenVelocity: RMS ||dH_T/dt_θ|| */
  hiddenVel: number;
}

export interface UnalignedTrainResult {
  w: Weights;
  tau: number;
  records: UnalignedRecord[];
  /** copies of the weights at the recorded steps listed in `keepWeightsAt` */
  kept: { step: number; w: Weights }[];
  diverged: TrainResult['diverged'];
}

/**
 * Trains an (unaligned) network on a dataset with train.ts and records singular values and hidden-state
 * gradients. `opts` are train.ts's options (its own `record` is replaced); the weights at the steps in
 * `keepWeightsAt` (recorded too) are copied into `kept`.
 */
export function trainUnaligned(
  w0: Weights,
  d: Dataset,
  opts: Omit<TrainOptions, 'record'> & { keepWeightsAt?: number[] },
): UnalignedTrainResult {
  const tau = timeConstant(d.P, d.Ny, opts.eta); // App. P.2
  const keep = new Set(opts.keepWeightsAt ?? []);
  const kept: UnalignedTrainResult['kept'] = [];
  const { keepWeightsAt, ...trainOpts } = opts;
  const res = train(w0, d, {
    ...trainOpts,
    ...(keepWeightsAt ? { recordAt: [...(trainOpts.recordAt ?? []), ...keepWeightsAt] } : {}),
    record: (w, step) => {
      if (keep.has(step)) kept.push({ step, w: cloneWeights(w) });
      const hg = hiddenGradient(w, d);
      return {
        svH: singularValues(w.Wh),
        svIO: singularValues(ioMap(w)),
        hiddenGrad: hg.total,
        hiddenGradPerT: hg.perT,
        hiddenVel: hiddenVelocity(w, d, tau, opts.freeze),
      };
    },
  });
  return {
    w: res.w,
    tau: res.tau,
    kept,
    diverged: res.diverged,
    records: res.records.map((r) => ({
      step: r.step,
      t: r.t,
      loss: r.loss,
      svH: r.values.svH,
      svIO: r.values.svIO,
      hiddenGrad: r.values.hiddenGrad,
      hiddenGradPerT: r.values.hiddenGradPerT,
      hiddenVel: r.values.hiddenVel,
    })),
  };
}

/** Flattened parameter vector [W_x, W_h, W_y] (row-major each). */
function flatten(w: Weights): Float64Array {
  const out = new Float64Array(w.Wx.data.length + w.Wh.data.length + w.Wy.data.length);
  out.set(w.Wx.data, 0);
  out.set(w.Wh.data, w.Wx.data.length);
  out.set(w.Wy.data, w.Wx.data.length + w.Wh.data.length);
  return out;
}

function unflatten(theta: Float64Array, like: Weights): Weights {
  const nx = like.Wx.data.length,
    nh = like.Wh.data.length;
  const m = (A: Mat, off: number): Mat => ({ rows: A.rows, cols: A.cols, data: theta.slice(off, off + A.data.length) });
  return { Wx: m(like.Wx, 0), Wh: m(like.Wh, nx), Wy: m(like.Wy, nx + nh) };
}

/**
 * Sharpness: the largest eigenvalue λ_max of the Hessian of the summed loss L (eq. 4) with respect to all
 * weights, by central finite differences of the exact gradient (eq. 16–18, from correlations):
 * H e_i ≈ (∇L(θ + h e_i) − ∇L(θ − h e_i)) / 2h, symmetrised. Gradient descent with step 1/τ on L is
 * linearly stable at a minimum only if λ_max/τ < 2; at λ_max/τ ≈ 2 it oscillates (edge of stability).
 */
export function sharpness(w: Weights, c: Correlations, h = 1e-5): number {
  const theta = flatten(w);
  const n = theta.length;
  const H = zeros(n, n);
  // one gradient engine for all 2n evaluations (gradCorr would build one, and its wasm memory, per call)
  const dims = weightDims(w);
  if (dims.Nx !== c.Nx || dims.Ny !== c.Ny) {
    throw new Error(`sharpness: network is Nx=${dims.Nx}, Ny=${dims.Ny} but the correlations are Nx=${c.Nx}, Ny=${c.Ny}`);
  }
  const engine = new CorrGradient(c, dims.Nh);
  const g = { gWx: zeros(dims.Nh, dims.Nx), gWh: zeros(dims.Nh, dims.Nh), gWy: zeros(dims.Ny, dims.Nh) };
  const grad = (th: Float64Array): Float64Array => {
    engine.compute(unflatten(th, w), g);
    return flatten({ Wx: g.gWx, Wh: g.gWh, Wy: g.gWy });
  };
  for (let i = 0; i < n; i++) {
    const step = h * Math.max(1, Math.abs(theta[i]));
    const tp = Float64Array.from(theta);
    tp[i] += step;
    const tm = Float64Array.from(theta);
    tm[i] -= step;
    const gp = grad(tp),
      gm = grad(tm);
    for (let j = 0; j < n; j++) H.data[j * n + i] = (gp[j] - gm[j]) / (2 * step);
  }
  const { values } = symEig(H); // symmetrises
  return values[values.length - 1];
}
