/** Shared pieces of the autoregressive (T-output, App. M) figures figM1–figM4. */
import { arTaskDynamics, type ArDynamicsKind } from '../../src/core/ardata.js';

/** Stack D T×T blocks into the D×T×T layout of ardata.ts. */
export function stackAr(blocks: Float64Array[], T: number): Float64Array {
  const out = new Float64Array(blocks.length * T * T);
  blocks.forEach((b, al) => {
    if (b.length !== T * T) throw new RangeError(`stackAr: block ${al} has ${b.length} entries, expected T² = ${T * T}`);
    out.set(b, al * T * T);
  });
  return out;
}

/** Block α of a D×T×T array (a view). */
export function arBlock(s: Float64Array, T: number, alpha: number): Float64Array {
  return s.subarray(alpha * T * T, (alpha + 1) * T * T);
}

export const AR_KINDS: readonly ArDynamicsKind[] = ['constant', 'invexp', 'exp'];

export function arDynamics(kind: string, delta: number, lambda: number, T: number): Float64Array {
  return arTaskDynamics(kind as ArDynamicsKind, delta, lambda, T);
}

/** The note every App. M figure carries: what is beyond the paper and how the T-output network is simulated. */
export const AR_NOTE =
  "Beyond the paper: App. M derives the T-output (autoregressive) case — loss eq. 144, gradient flow eq. 146–155, energy eq. 156, eq. 157–162 — and shows no simulation; every number here is lrnn's. The network is the LRNN of eq. 1 with a readout ŷ_t = W_y h_{t+1} at every step, trained by the shared full-batch gradient-descent loop (src/core/train.ts) with the exact T-output gradient in correlation space (src/core/arlrnn.ts: Σ_t of the single-output gradients of the prefixes x_1..x_t with targets y_t, i.e. eq. 146–148 through Σ^{Y_t X_i}; tested against BPTT and finite differences), τ = P·N_y/η as in the single-output figures. Data: whitened inputs (App. P.4.1) and targets y_t = Σ_{i≤t} U_y S_{t,i} V_xᵀ x_i, so Σ^{Y_t X_i} = U_y S_{t,i} V_xᵀ.";
