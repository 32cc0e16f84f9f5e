/**
 * Fig. 6 (§3.6, App. P.4.3): sensory integration. Unaligned LRNNs from small random weights learn to
 * output the mean (left) or the sum (right) of each input dimension of Neurogym's multisensory
 * integration task (raw inputs). Top: singular values of W_h and of W_y W_x over training against the
 * constant-dynamics solution (App. F.3.1: b = 1, ac = δ with δ = 1/T for the mean, 1 for the sum).
 * Bottom: the trained networks run on trajectories of length T' ≠ T: the sum extrapolates, the mean
 * does not (its solution ac = 1/T depends on the training length, as for exponential dynamics, App. F.1).
 */
import { claim, maxOf, round, snapValues } from '../src/kit.js';
import { DASHED, lineChart, type LayerPanel, type RuleOptions } from '../src/render/spec.js';
import { type SensoryRunResult, singularValueSeries } from './lib/sensory.js';
import {
  divergedMarker,
  finalSv,
  recordSnapshot,
  sensoryFigure,
  taskDefaults,
  type SensoryParams,
  type SensoryResult,
} from './lib/sensory-figure.js';

export interface Fig6Params extends SensoryParams {
  etaMean: number;
  etaSum: number;
  stepsMean: number;
  stepsSum: number;
  tPrimes: number[];
  testP: number;
  svTol: number;
  extrapTol: number;
  theoryTol: number;
}

const paper: Fig6Params = {
  ...taskDefaults(750),
  etaMean: 0.3,
  etaSum: 0.01,
  stepsMean: 300000,
  stepsSum: 600000,
  points: 160,
  tPrimes: Array.from({ length: 21 }, (_, i) => i + 1),
  testP: 2048,
  svTol: 0.01,
  extrapTol: 1e-3,
  theoryTol: 0.05,
};

const quick: Fig6Params = {
  ...paper,
  stepsMean: 200000,
  stepsSum: 300000,
  points: 60,
  tPrimes: [1, 2, 3, 5, 7, 9, 11, 14, 17, 21],
  testP: 512,
};

type Extra = { noiseSd: number; tau: Record<'mean' | 'sum', number> };
export type Fig6Result = SensoryResult<Extra>;

/** Relative error at T' from a run (null when absent). */
function errAt(r: SensoryRunResult, Tp: number): number | null {
  return r.extrapolation.find((e) => e.T === Tp)?.error ?? null;
}

const fig6 = sensoryFigure<Fig6Params, Extra>({
  id: 'fig6',
  title: 'Sensory integration (mean vs sum): singular values and extrapolation',
  paper: 'Fig. 6, §3.6, App. P.4.3',
  caption: 'Theory predicts learned solutions and extrapolation ability in sensory-integration task.',
  params: { paper, quick },
  stimulusHelp: 'stimulus period in ms; T = ⌊stimulus/dt⌋',
  rules: {
    etaMean: { min: 1e-6, max: 100, help: 'learning rate of the mean-integration network' },
    etaSum: { min: 1e-6, max: 100, help: 'learning rate of the sum-integration network' },
    stepsMean: { min: 1, max: 1e8, integer: true, cost: 1, help: 'gradient steps of the mean-integration network' },
    stepsSum: { min: 1, max: 1e8, integer: true, cost: 1, help: 'gradient steps of the sum-integration network' },
    tPrimes: { min: 1, max: 1000, integer: true, minLength: 2, help: "test lengths T' of the extrapolation panel (must include T and 2T)" },
    testP: { min: 1, max: 100000, integer: true, help: 'test trials per extrapolation length' },
    svTol: { min: 0, max: 10, help: 'relative tolerance of the singular values against 1 and 1/T' },
    extrapTol: { min: 0, max: 10, help: 'relative extrapolation error below which the sum network counts as exact' },
    theoryTol: { min: 0, max: 10, help: 'relative gap of the mean network to its extrapolation theory' },
  },
  notes: [
    "Task (App. P.4.3): Neurogym's MultiSensoryIntegration without the fixation input, re-implemented in src/core/multisensory.ts from Neurogym's source: 2 modalities × 2 ring units (θ ∈ {0, π}), stimulus cos(θ − θ_choice)·coh·p/200 + 0.5 (modality 1) and cos(θ − θ_choice)·coh·(1−p)/200 + 0.5 (modality 2), coh uniform in {5, 15, 50}, p ~ U(0, 1), independent Gaussian noise of sd sigma/√dt per input and step (Neurogym divides by √dt with dt in ms: sigma = 1, dt = 100 ms → 0.1). Neurogym rounds the 750 ms stimulus down to whole steps: T = ⌊750/100⌋ = 7. Only the stimulus period is used (fixation carries no stimulus, the decision period is zero). Inputs are raw (not whitened).",
    'Targets: y = (1/T)Σ_t x_t (mean) and y = Σ_t x_t (sum), per input dimension (N_y = N_x = 4).',
    'Network: unaligned (App. P.1.2), N_h = 4 = N_x so that every singular value of W_h has a target (with N_h > N_x the extra ones are unconstrained), entries N(0, σ²/N_in) with σ = initScale = 0.1. Full-batch gradient descent through train.ts on P = 1024 trials (exact correlation-space gradient, τ = P·N_y/η).',
    'Learning rates: the sum solution is T² times sharper than the mean solution along the constant 0.5-offset direction of the inputs (∂ŷ/∂b grows with ac·Σ_k k), so gradient descent oscillates at the edge of stability for η ≳ 0.015 on the sum (measured) and η ≳ 0.5 on the mean; η = 0.01 (sum) and 0.3 (mean) are stable. Training time is shown as t_θ/τ, which absorbs η.',
    'Which singular values carry the task: the target map Σ_t w_t x_t is the identity in every input direction, including the direction (1,1,−1,−1)/2 that carries only noise, so all four singular values have the theory value once learned. They are learned in order of the input-output correlation along the eigen-directions v of E[m mᵀ] (src/core/multisensory.ts inputStatistics; trial second moments μ_v = 1, 0.023, 0.0076, 0): the trial-constant stimulus adds up coherently over the T steps and the noise does not, so the 0.5 offset (1,1,1,1)/2 comes first (through a transient with b < 1: the offset alone only fixes ac·Σ_k b^k, and only the noise, σ² = 0.01 per step, selects b = 1), then the two choice directions, and last the direction (1,1,−1,−1)/2, which carries noise only. The claims use all min(N_x, N_h) singular values at the end of training.',
    'Extrapolation error: relative error Σ_p||ŷ_p − y_p||²/Σ_p||y_p||² on fresh test trials of length T′ (same test inputs for both targets). Theory (dashed): the constant-dynamics solution run for T′ steps outputs Σ_{t≤T′} δ x_t, i.e. (T′/T)·y for the mean (relative error ((T′−T)/T)²) and exactly y for the sum (error 0).',
  ],
  targets: ['mean', 'sum'],
  validate(p, T) {
    if (!p.tPrimes.includes(T) || !p.tPrimes.includes(2 * T))
      return `tPrimes must include the training length T = ${T} and 2T = ${2 * T} (the claims use them); got ${p.tPrimes.join(',')}`;
    return null;
  },
  training: (p, target) => ({
    eta: target === 'mean' ? p.etaMean : p.etaSum,
    steps: target === 'mean' ? p.stepsMean : p.stepsSum,
    tPrimes: [...new Set(p.tPrimes)].sort((a, b) => a - b),
    testP: p.testP,
    sharpness: false,
  }),
  extra: (runs, p) => ({ noiseSd: p.sigma / Math.sqrt(p.dt), tau: { mean: runs[0].tau, sum: runs[1].tau } }),
  claims(r, p) {
    const T = r.extra.T;
    const [mean, sum] = r.series.runs;
    const k = Math.min(4, p.Nh);
    const finalH = (x: SensoryRunResult) => finalSv(x, 'svH', k);
    const finalIO = (x: SensoryRunResult) => finalSv(x, 'svIO', k);
    const dev = (xs: number[], target: number) => (xs.length ? maxOf(xs.map((s) => Math.abs(s - target) / target)) : Infinity);
    const fmt = (xs: number[]) => xs.map((x) => round(x, 5)).join(', ');
    const recDev = Math.max(dev(finalH(mean), 1), dev(finalH(sum), 1));
    const ioMeanDev = dev(finalIO(mean), 1 / T);
    const ioSumDev = dev(finalIO(sum), 1);

    const e2Sum = errAt(sum, 2 * T);
    const e2Mean = errAt(mean, 2 * T);
    const sumAll = sum.extrapolation.map((e) => e.error);
    const sumMax = sumAll.some((e) => e === null) ? null : maxOf(sumAll as number[]);
    // monotone growth with |T' − T| on each side of T
    const sorted = [...mean.extrapolation].sort((a, b) => a.T - b.T);
    const below = sorted.filter((e) => e.T <= T).reverse(); // from T downwards
    const above = sorted.filter((e) => e.T >= T);
    const increasing = (xs: typeof sorted) =>
      xs.every((e, i) => i === 0 || (e.error !== null && xs[i - 1].error !== null && e.error > xs[i - 1].error!));
    const grows = increasing(below) && increasing(above);
    const theoryGap = maxOf(
      mean.extrapolation
        .filter((e) => e.T !== T)
        .map((e) => (e.error === null || e.theory === null ? Infinity : Math.abs(e.error - e.theory) / e.theory)),
    );
    const profile = sorted.map((e) => `T'=${e.T}: ${e.error === null ? 'n/a' : round(e.error, 3)}`).join('; ');
    return [
      claim(
        'recurrent-to-one',
        'The singular values of the recurrent weights converge to 1 (constant task dynamics, App. F.3.1), for the mean and the sum.',
        `mean: ${fmt(finalH(mean))}; sum: ${fmt(finalH(sum))} (max |σ − 1| = ${round(recDev, 3)})`,
        `every σ_i(W_h), i ≤ ${k}, within ${p.svTol} of 1 (relative) at the end of training`,
        recDev < p.svTol,
      ),
      claim(
        'io-mean-one-over-T',
        `For the mean, the input-output singular values converge to 1/T = ${round(1 / T, 4)}.`,
        `${fmt(finalIO(mean))} (max relative deviation ${round(ioMeanDev, 3)})`,
        `every σ_i(W_yW_x) within ${p.svTol} of 1/T (relative)`,
        ioMeanDev < p.svTol,
      ),
      claim(
        'io-sum-one',
        'For the sum, the input-output singular values converge to 1.',
        `${fmt(finalIO(sum))} (max relative deviation ${round(ioSumDev, 3)})`,
        `every σ_i(W_yW_x) within ${p.svTol} of 1`,
        ioSumDev < p.svTol,
      ),
      claim(
        'sum-extrapolates',
        'Networks trained on sum-integration extrapolate to other trajectory lengths perfectly (~0 error).',
        `relative error at T' = 2T = ${2 * T}: ${e2Sum === null ? 'n/a' : e2Sum.toExponential(2)}; max over all T': ${sumMax === null ? 'n/a' : sumMax.toExponential(2)}`,
        `relative error < ${p.extrapTol} at every tested T' (1…${maxOf(p.tPrimes)})`,
        sumMax !== null && sumMax < p.extrapTol,
      ),
      claim(
        'mean-error-grows',
        'Networks trained on mean-integration accumulate error as a function of |T′ − T|.',
        profile,
        `error strictly increasing in |T′ − T| on both sides of T = ${T}, and ≥ 100× the sum's at T' = 2T`,
        grows && e2Mean !== null && e2Sum !== null && e2Mean > 100 * e2Sum,
      ),
      claim(
        'mean-error-theory',
        "The mean network's extrapolation error is the one predicted by the constant-dynamics solution, ((T′−T)/T)² (equal to 1 at T′ = 2T).",
        `${round(theoryGap, 3)} (at T' = 2T: ${e2Mean === null ? 'n/a' : round(e2Mean, 4)})`,
        `max relative gap to theory over T' ≠ T < ${p.theoryTol}`,
        theoryGap < p.theoryTol,
      ),
    ];
  },
  spec: {
    title: 'Fig. 6 — sensory integration: learned solutions and extrapolation',
    subtitle: (p) => `unaligned LRNN (N_h = ${p.Nh}) on raw multisensory inputs; simulations solid, theory dashed`,
    rows: (r, p) => {
      const T = r.extra.T;
      const svPanel = (x: SensoryRunResult): LayerPanel => {
        const { series, palette } = singularValueSeries(x, p.Nh);
        const io = x.target === 'mean' ? 1 / T : 1;
        // Labels on the left, over a halo: the curves reach their theory values on the right, and rise through the labels' left ends early on.
        const at = { labelAt: 'start' as const, halo: true };
        const rules: RuleOptions[] =
          x.target === 'mean'
            ? [
                { y: 1, label: 'theory: W_h → 1', dash: DASHED, color: '#08306b', ...at },
                { y: io, label: `theory: W_yW_x → 1/T = ${round(io, 3)}`, dash: DASHED, color: '#7f2704', ...at },
              ]
            : [{ y: 1, label: 'theory: W_h, W_yW_x → 1', dash: DASHED, color: '#333333', ...at }];
        return lineChart({
          title: `${x.target} integration: singular values (T = ${T})`,
          x: { title: 't_θ/τ (log scale)', scale: 'log', format: '~g', tickCount: 6 },
          y: { title: 'singular value', zero: true },
          series,
          palette,
          colorTitle: 'singular values',
          rules,
          markers: divergedMarker(x),
        });
      };
      const errors = r.series.runs.flatMap((x) => x.extrapolation.flatMap((e) => [e.error ?? 0, e.theory ?? 0]));
      const yMax = Math.max(1e-12, ...errors.filter((v) => Number.isFinite(v)));
      const errPanel = (x: SensoryRunResult): LayerPanel => {
        const Ts = x.extrapolation.map((e) => e.T);
        return lineChart({
          title: `${x.target} integration: run at other lengths T′${x.diverged ? ' (training diverged: no network)' : ''}`,
          x: { title: 'trajectory length T′', tickCount: 8 },
          y: { title: 'relative error Σ‖ŷ−y‖²/Σ‖y‖²', domain: [0, yMax * 1.05], nice: false },
          series: [
            { name: x.target, kind: 'simulation', x: Ts, y: x.extrapolation.map((e) => e.error) },
            { name: x.target, kind: 'theory', x: Ts, y: x.extrapolation.map((e) => e.theory) },
          ],
          palette: [x.target === 'mean' ? '#2171b5' : '#d94801'],
          colorTitle: 'trained on',
          kindLabels: { simulation: 'network', theory: x.target === 'mean' ? 'theory: ((T′−T)/T)²' : 'theory: 0 (exact integrator)' },
          showPoints: true,
          rules: [{ x: T, label: `training T = ${T}` }],
        });
      };
      const [mean, sum] = r.series.runs;
      return [
        [svPanel(mean), svPanel(sum)],
        [errPanel(mean), errPanel(sum)],
      ];
    },
  },
  snapshot(r) {
    const values: Record<string, number> = {};
    for (const x of r.series.runs) {
      const n = x.t.length;
      recordSnapshot(values, x);
      if (n) values[`${x.target}.loss.final`] = x.loss[n - 1];
      for (const e of x.extrapolation) {
        values[`${x.target}.error@T'=${e.T}`] = e.error ?? NaN;
        values[`${x.target}.theory@T'=${e.T}`] = e.theory ?? NaN;
      }
    }
    return snapValues(values, { abs: 1e-9, rel: 1e-6 });
  },
});

export default fig6;
