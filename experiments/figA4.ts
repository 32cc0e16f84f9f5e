/**
 * Fig. A4 (App. J): NTK distance is qualitatively similar on the rotational task. As Fig. 5 — kernel
 * distance (eq. 135) between the NTK at initialisation and at the end of training over trajectory length
 * T and init scale, aligned and unaligned, hidden width 4 — on eigendecomposition data (App. P.4.1) with
 * inverse-exponential complex dynamics d_t = δ λ^{T−t}, λ = e^{iπ/12}, δ = 1 (App. N–O).
 */
import {
  COMMON_DEFAULTS,
  GRID_DEFAULTS,
  GRID_QUICK,
  recurrenceClaim,
  runAlignedUnalignedGrid,
  smallerInitClaim,
  type NtkCommon,
} from './lib/ntk-grid.js';
import { gridResult, ntkFigure, type NtkFigureResult } from './lib/ntk-figure.js';

export interface FigA4Params extends NtkCommon {
  Ts: number[];
  scales: number[];
  lambdaR: number;
  /** φ_λ in units of π */
  lambdaPhi: number;
}

const paper: FigA4Params = { ...COMMON_DEFAULTS, ...GRID_DEFAULTS, lambdaR: 1, lambdaPhi: 1 / 12 };
const quick: FigA4Params = { ...paper, ...GRID_QUICK };

export type FigA4Result = NtkFigureResult;

const figA4 = ntkFigure<FigA4Params, FigA4Result>({
  id: 'figA4',
  title: 'NTK kernel distance, rotational task λ = e^{iπ/12}',
  paper: 'Fig. A4',
  caption: 'NTK distance is qualitatively similar in rotational task.',
  params: { paper, quick },
  rules: {
    D: { min: 2, max: 64, integer: true, help: 'task dimensions (≤ N, even: D/2 conjugate pairs)' },
    lambdaR: { min: 0, max: 2, help: 'radius R_λ of the rotation' },
    lambdaPhi: { min: -1, max: 1, help: 'angle φ_λ of the rotation, in units of π' },
  },
  notes: [
    'Task (App. J, App. P.4.1 "Eigendecomposition"): inverse-exponential complex dynamics d_t = δ λ^{T−t} with λ = R_λ e^{iφ_λ}, R_λ = 1, φ_λ = π/12, δ = 1, in D/2 = 2 conjugate pairs (each a 2×2 block [[Re d_t, −Im d_t], [Im d_t, Re d_t]]) with one Haar-random orthogonal Q: Σ^{YX_t} = Q H_t Qᵀ (src/core/eigdata.ts). At T = 1 the only eigenvalue is d_1 = δ (real), so the task is 4 real modes d = 1 (Σ^{YX_1} = I).',
    'Aligned = eigen-aligned (App. P.1.1, eq. 194–196 with the real Schur basis Q): W = Q B̄ Qᵀ with real modes a(0) = b(0) = c(0) = init scale in every block, i.e. W_x = W_h = W_y = σ I; the complex targets (b → e^{iπ/12}) are reached by rotation within the blocks. Unaligned as in Fig. 5. Hidden width N_h = N = 4.',
    'Grid and claims as in Fig. 5 (T = 1…10, init scales 0.05…0.8; quick scale T ∈ {1, 2, 4, 6, 8}, 5 scales, 2 networks per unaligned cell).',
  ],
  validate(p) {
    return p.D % 2 !== 0 ? `the rotational task needs an even D (conjugate pairs), got ${p.D}` : null;
  },
  async run(p, ctx) {
    const g = await runAlignedUnalignedGrid(p, p.N, { task: 'rotation', lambdaR: p.lambdaR, lambdaPhi: p.lambdaPhi }, ctx, 'eigen-aligned');
    return gridResult(g);
  },
  claims(r, p) {
    const panels = r.series.panels;
    return [
      recurrenceClaim(
        panels,
        'On the rotational task too, kernel distance is larger for T > 1 than for T = 1 across init scales, aligned and unaligned (App. J, Fig. A4).',
        p.convFrac,
      ),
      smallerInitClaim(
        panels,
        'On the rotational task too, the kernel moves further at smaller initialisations (App. J, Fig. A4: qualitatively similar to Fig. 5).',
      ),
    ];
  },
  spec: {
    title: 'Fig. A4 — kernel distance on the rotational task',
    subtitle(p) {
      const phi = p.lambdaPhi === 1 / 12 ? 'π/12' : `${Math.round(p.lambdaPhi * 1e4) / 1e4}π`;
      return `inverse-exponential d_t = δλ^(T−t), λ = ${p.lambdaR === 1 ? '' : `${p.lambdaR}·`}e^(i${phi}), δ = ${p.delta}; hidden width ${p.N}`;
    },
  },
});

export default figA4;
