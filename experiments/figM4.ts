/**
 * figM4 (beyond the paper; App. M.5, eq. 160–162): the NTK of T-output networks. Kernel distance (eq. 135)
 * between the NTK over all P·T·N_y outputs at initialisation and at the end of training, over trajectory
 * length T and init scale, for T-output networks against single-output networks (fig5's setting: constant
 * task, width 4), aligned (top) and unaligned (bottom). The structured T-output NTK (corrected eq. 160–162)
 * is checked against the explicit Jacobian.
 */
import type { NtkRunResult } from '../src/core/ntk.js';
import { NTK_TASK, ntk } from '../src/core/ntk.js';
import { AR_NTK_TASK, arNtk, arNtkExplicit, arNtkSetup, type ArNtkRunSpec } from '../src/core/arntk.js';
import { maxAbs, maxAbsDiff } from '../src/core/linalg.js';
import type { RunContext } from '../src/context.js';
import { round, stepsFor } from '../src/kit.js';
import { GRID_RULES, cellAt, collectRuns, emptyPanels, mean, tScaleCells, type Init, type PanelDef } from './lib/ntk-grid.js';
import { ntkFigure } from './lib/ntk-figure.js';
import { AR_NOTE } from './lib/autoregressive.js';
import { CASES, INITS, panelId, type Case } from './figM4/common.js';
import { claims as claimsOfFigM4 } from './figM4/claims.js';
import { spec as specOfFigM4 } from './figM4/spec.js';
import type { FigM4Params, FigM4Result } from './figM4/types.js';

export type { FigM4Params, FigM4Result } from './figM4/types.js';

const paper: FigM4Params = {
  Ts: [1, 2, 4, 6, 8],
  scales: [0.05, 0.2, 0.4, 0.8],
  N: 4,
  Nh: 4,
  D: 4,
  P: 64,
  delta: 1,
  eta: 1,
  tEnd: 20,
  stopFrac: 1e-8,
  convFrac: 1e-4,
  seeds: 2,
  divergenceBound: 1e6,
};

const quick: FigM4Params = { ...paper, Ts: [1, 2, 4], scales: [0.05, 0.4], seeds: 1 };

/**
 * The structured T-output NTK against J Jᵀ of the explicit Jacobian, and its block (T, T) against the
 * single-output NTK, on the initial networks of the largest T at the extreme init scales.
 */
function jacobianCheck(p: FigM4Params, ctx: RunContext): { ntkVsJacobian: number; blockVsSingle: number; checked: string[] } {
  const Tmax = Math.max(...p.Ts);
  let ntkVsJacobian = 0,
    blockVsSingle = 0;
  const checked: string[] = [];
  for (const init of INITS) {
    for (const sigma of [Math.min(...p.scales), Math.max(...p.scales)]) {
      const { data, w0 } = arNtkSetup({
        T: Tmax,
        N: p.N,
        Nh: p.Nh,
        D: p.D,
        P: p.P,
        delta: p.delta,
        init,
        sigmaIO: sigma,
        sigmaRec: sigma,
        eta: p.eta,
        steps: 0,
        seed: ctx.seedFor(`${init}/T=${Tmax}/scale=${sigma}/seed=0`),
      });
      const K = arNtk(w0, data.X);
      const Ke = arNtkExplicit(w0, data.X);
      ntkVsJacobian = Math.max(ntkVsJacobian, maxAbsDiff(K, Ke) / maxAbs(Ke));
      const Ks = ntk(w0, data.X, Tmax);
      const n = p.P * p.N,
        NN = Tmax * n;
      let g = 0;
      for (let r = 0; r < n; r++)
        for (let c = 0; c < n; c++) g = Math.max(g, Math.abs(K.data[((Tmax - 1) * n + r) * NN + (Tmax - 1) * n + c] - Ks.data[r * n + c]));
      blockVsSingle = Math.max(blockVsSingle, g / maxAbs(Ks));
      checked.push(`${init}, T = ${Tmax}, σ = ${sigma}: ${K.rows}×${K.cols}`);
    }
  }
  return { ntkVsJacobian, blockVsSingle, checked };
}

const figM4 = ntkFigure<FigM4Params, FigM4Result>({
  id: 'figM4',
  group: 'autoregressive',
  title: 'T-output NTK and its kernel distance vs single-output networks',
  paper: 'App. M.5, eq. 160–162',
  caption: 'Beyond the paper (App. M.5): the NTK of T-output networks and how far it moves.',
  beyondPaper: true,
  params: { paper, quick },
  rules: {
    Ts: { ...GRID_RULES.Ts, max: 20 },
    Nh: { ...GRID_RULES.Nh, max: 64 },
  },
  commonNotes: false,
  notes: [
    AR_NOTE,
    "NTK (App. M.5): K = J Jᵀ over all P·T·N_y outputs ŷ_{p,t,a}, J the Jacobian with respect to every entry of W_x, W_h, W_y, computed in structured form (src/core/arntk.ts: for output times t, t' the W_x term Σ_{i≤t} Σ_{j≤t'} x_{p,i}·x_{q,j} (G_{t−i} G_{t'−j}ᵀ)_{ab}, the W_h term the same with the hidden states h_{p,i}·h_{q,j}, and the W_y term δ_ab h_{p,t+1}·h_{q,t'+1}, G_k = W_y W_h^k) and checked against the explicit per-output back-propagation Jacobian (claim ntk-vs-jacobian). Block (T, T) is the single-output NTK of fig5 (claim block-is-single-output).",
    "Where the printed eq. 160–162 differ from the kernel: (1) the left side has one output time t, which the right side sums over; a kernel between outputs needs two, t and t' (block (t, t')); (2) eq. 160 (W_x term) sums the second input index j up to t − 1, but output t' depends on inputs j = 1..t'; (3) eq. 161 (W_h term) uses an index k that is never defined, a single sum over r and a factor −(t − i): the exact term has independent sums over r < t − i and r' < t' − j (one for each output's chain W_h^r dW_h W_h^{t−i−1−r}), and no minus sign (each term is an inner product of two Jacobian rows; K is positive semi-definite); a factor t − i with one r-sum only appears when W_h commutes with dW_h (aligned networks), as in the binomial step of eq. 114 behind the single-output eq. 133; (4) eq. 162 (W_y term) lacks the sums over i ≤ t and j ≤ t' (written out, it is h_{p,t+1}·h_{q,t'+1}), and the product ∇vec(Ŷ_t) ∇vec(Ŷ_t) needs a transpose on the second factor.",
    "Experiment: fig5's setting and parameters (constant task δ = 1 — in the T-output case s_{t,i} = δ, every output integrates all inputs so far — N_x = N_y = N_h = 4, D = 4, P = 64, η = 1, t_θ/τ ≤ 20 with the stop at loss ≤ 1e-8 of the zero-network loss; init: aligned modes a = c = b = σ, unaligned N(0, σ²/N_in)). A T-output run and a single-output run with the same key share their inputs, singular vectors and initial weights (src/core/arntk.ts arNtkSetup draws as ntk.ts ntkSetup), so at T = 1 they are the same network and the distances agree (claim t1-same-network). Grid: T ∈ {1, 2, 4, 6, 8} × σ ∈ {0.05, 0.2, 0.4, 0.8}, unaligned cells the mean of 2 networks (quick: T ∈ {1, 2, 4}, σ ∈ {0.05, 0.4}, 1 network) — smaller than fig5 because the T-output NTK has T times as many outputs (T² times the entries).",
    '"Does recurrence still drive feature learning when every step is supervised?": fig5\'s claims are checked on the T-output panels (recurrence-moves-kernel, smaller-init-moves-more), and extra.comparison gives the mean distance over T > 1 of T-output against single-output networks per initialisation. App. M states nothing about it; it is a measurement, not a claim of the paper.',
  ],
  aligned: true,
  async run(p, ctx) {
    const steps = stepsFor(p.tEnd, p.P, p.N, p.eta);
    const cells = tScaleCells(p.Ts, p.scales);
    type Job = { cs: Case; init: Init; cell: number; seed: number; spec: ArNtkRunSpec };
    const jobs: Job[] = [];
    for (const init of INITS) {
      const nSeeds = init === 'aligned' ? 1 : p.seeds;
      cells.forEach((c, j) => {
        for (let k = 0; k < nSeeds; k++) {
          const spec: ArNtkRunSpec = {
            T: c.T,
            N: p.N,
            Nh: p.Nh,
            D: p.D,
            P: p.P,
            delta: p.delta,
            init,
            sigmaIO: c.sigmaIO,
            sigmaRec: c.sigmaRec,
            eta: p.eta,
            steps,
            seed: ctx.seedFor(`${init}/T=${c.T}/scale=${c.sigmaIO}/seed=${k}`),
            divergenceBound: p.divergenceBound,
            stopFrac: p.stopFrac,
          };
          for (const cs of CASES) jobs.push({ cs, init, cell: j, seed: k, spec });
        }
      });
    }
    ctx.progress('training networks');
    const arJobs = jobs.filter((j) => j.cs === 'T-output');
    const soJobs = jobs.filter((j) => j.cs === 'single-output');
    // heaviest first (T-output NTK cost grows like T⁴), results in job order
    const arRes = await ctx.map(
      AR_NTK_TASK,
      arJobs.map((j) => j.spec),
      'training T-output networks',
      { cost: (s) => s.T },
    );
    const soRes = await ctx.map(
      NTK_TASK,
      soJobs.map((j) => ({ ...j.spec, task: 'constant' as const })),
      'training single-output networks',
      { cost: (s) => s.T },
    );

    const defs: PanelDef[] = INITS.flatMap((init) =>
      CASES.map((cs) => ({
        id: panelId(cs, init),
        title: `${cs}, ${init}${init === 'unaligned' ? ` (mean of ${p.seeds})` : ''}`,
        init,
        Nh: p.Nh,
        xTitle: 'trajectory length T',
        yTitle: 'init scale σ',
        cells,
      })),
    );
    const panels = emptyPanels(defs);
    const at = (j: Job, r: NtkRunResult) => ({
      panel: defs.findIndex((d) => d.id === panelId(j.cs, j.init)),
      cell: j.cell,
      seed: j.seed,
      r,
    });
    const { diverged, unconverged, totalSteps } = collectRuns(
      panels,
      [...arJobs.map((j, i) => at(j, arRes[i])), ...soJobs.map((j, i) => at(j, soRes[i]))],
      p.convFrac,
      (panel, c, seed) => ({ panel: panel.id, T: c.T, scale: c.sigmaIO, seed }),
    );

    ctx.progress('NTK vs explicit Jacobian');
    const { ntkVsJacobian, blockVsSingle, checked } = jacobianCheck(p, ctx);
    // T = 1: the same network in both cases
    let t1Gap: number | null = null;
    if (p.Ts.includes(1)) {
      t1Gap = 0;
      for (const init of INITS) {
        const a = panels.find((q) => q.id === panelId('T-output', init))!,
          b = panels.find((q) => q.id === panelId('single-output', init))!;
        for (const s of p.scales) {
          const ca = cellAt(a, 1, s),
            cb = cellAt(b, 1, s);
          if (ca?.value == null || cb?.value == null) continue;
          t1Gap = Math.max(t1Gap, Math.abs(ca.value - cb.value));
        }
      }
    }
    const comparison = INITS.map((init) => {
      const a = panels.find((q) => q.id === panelId('T-output', init))!,
        b = panels.find((q) => q.id === panelId('single-output', init))!;
      const pairs = a.cells
        .filter((c) => c.T > 1)
        .flatMap((c) => {
          const o = cellAt(b, c.x, c.y);
          return c.value !== null && o?.value != null ? [[c.value, o.value]] : [];
        });
      return {
        init,
        tOutput: mean(pairs.map((x) => x[0])),
        single: mean(pairs.map((x) => x[1])),
        cellsAbove: pairs.filter((x) => x[0] > x[1]).length,
        cells: pairs.length,
      };
    });
    return {
      series: { panels },
      diverged,
      notes: [
        `${jobs.length} networks trained, ${totalSteps} gradient steps; ${diverged.length} diverged, ${unconverged.length} ended unconverged (extra.unconverged).`,
        `T-output vs single-output, mean kernel distance over the T > 1 cells: ${comparison.map((c) => `${c.init} ${round(c.tOutput, 3)} vs ${round(c.single, 3)} (T-output larger in ${c.cellsAbove}/${c.cells} cells)`).join('; ')}.`,
      ],
      extra: { ntkVsJacobian, blockVsSingle, checked, t1Gap, comparison, unconverged, runs: jobs.length, totalSteps },
    };
  },
  claims: claimsOfFigM4,
  spec: specOfFigM4,
});

export default figM4;
