/**
 * Fig. A8 (App. L): early- vs late-importance integration on the multisensory task, T = 6, unaligned
 * LRNNs from small random weights, raw inputs. Late importance y = 0.1 Σ_t t·x_t (weights grow along the
 * trajectory: solution b < 1, stable), early importance y = Σ_t x_t / t (weights shrink: solution b > 1,
 * unstable, §3.3). Top: singular values over training against the reduced theory (the best single mode
 * per input direction); middle and bottom: the hidden-layer gradient over training, in the two senses the
 * paper's words allow (∂L/∂H and dH_T/dt_θ).
 */
import { claim, maxOf, round, snapValues } from '../src/kit.js';
import { DASHED, lineChart, type LayerPanel, type RuleOptions } from '../src/render/spec.js';
import { type SensoryRunResult, singularValueSeries } from './lib/sensory.js';
import {
  divergedMarker,
  finalSv,
  last,
  recordSnapshot,
  sensoryFigure,
  taskDefaults,
  type SensoryParams,
  type SensoryResult,
} from './lib/sensory-figure.js';

export interface FigA8Params extends SensoryParams {
  eta: number;
  steps: number;
  svTol: number;
  smallGrad: number;
  tailFraction: number;
}

const paper: FigA8Params = {
  ...taskDefaults(600),
  eta: 0.08,
  steps: 600000,
  points: 160,
  svTol: 0.02,
  smallGrad: 1e-3,
  tailFraction: 0.25,
};

const quick: FigA8Params = { ...paper, steps: 150000, points: 60 };

type Target = 'late' | 'early';
const LABEL: Record<Target, string> = { late: 'late importance, y = 0.1 Σ_t t·x_t', early: 'early importance, y = Σ_t x_t / t' };

type Extra = {
  tau: Record<Target, number>;
  sharpnessTimesLr: Record<Target, number | null>;
  lastSteps: Record<Target, SensoryRunResult['lastSteps']>;
  supplementary: { finalDLdH: Record<Target, number | null>; finalLoss: Record<Target, number | null> };
};
export type FigA8Result = SensoryResult<Extra>;

function finalOrNull(xs: number[]): number | null {
  return xs.length ? xs[xs.length - 1] : null;
}

/** Values of the last `fraction` of the records (at least one). */
function tail(xs: number[], fraction: number): number[] {
  const n = Math.max(1, Math.ceil(xs.length * fraction));
  return xs.slice(xs.length - n);
}

/** Sorted final singular values against the sorted theory values: max relative deviation. */
function deviation(sv: number[], theory: number[]): number {
  const a = [...sv].sort((x, y) => y - x),
    b = [...theory].map(Math.abs).sort((x, y) => y - x);
  return maxOf(b.map((v, i) => Math.abs(a[i] - v) / v));
}

function spread(xs: number[]): number {
  const m = xs.reduce((s, x) => s + x, 0) / xs.length;
  return (maxOf(xs) - Math.min(...xs)) / m;
}

const figA8 = sensoryFigure<FigA8Params, Extra>({
  id: 'figA8',
  title: 'Late- vs early-importance integration: stability and hidden gradient',
  paper: 'Fig. A8, App. L',
  caption: 'Early-importance task dynamics yield unstable solutions.',
  params: { paper, quick },
  stimulusHelp: 'stimulus period in ms; T = ⌊stimulus/dt⌋ (600 ms → T = 6, as in App. L)',
  rules: {
    eta: { min: 1e-6, max: 100, help: 'learning rate of both networks' },
    steps: { min: 3, max: 1e8, integer: true, cost: 1, help: 'gradient steps of each network' },
    svTol: { min: 0, max: 10, help: 'relative tolerance of the singular values against the per-direction theory' },
    smallGrad: { min: 0, max: 1e6, help: 'a hidden-layer gradient below this counts as vanished' },
    tailFraction: { min: 0.01, max: 1, help: 'fraction of the records (last ones) that make the "tail" of training' },
  },
  notes: [
    "Task as in fig6 (Neurogym's MultiSensoryIntegration without fixation, raw inputs; src/core/multisensory.ts) with T = 6 (App. L) obtained from a 600 ms stimulus at dt = 100 ms. Targets (App. L, P.4.3): late importance y = 0.1 Σ_t t·x_t, early importance y = Σ_t x_t / t, per input dimension.",
    'Network and training as in fig6: unaligned, N_h = 4, entries N(0, σ²/N_in) with σ = 0.1, full-batch gradient descent on P = 1024 trials through train.ts. One learning rate for both targets, η = 0.08 (not given in the paper): the late-importance solution is then well inside the stable range (sharpness·lr ≈ 0.75 at the end, reported in extra), while the early-importance solution is too sharp for it. At η = 0.05 the early run also settles at sharpness·lr ≈ 2 but its oscillation dies out within 300k steps (measured), so the instability shown here depends on the learning rate: what does not depend on it is that the early solution has b* > 1 and is far sharper.',
    'Theory (dashed, top): the targets are not constant dynamics, so there is no closed form in the paper. Because E[x_t x_t′ᵀ] = M + σ²δ_tt′ I shares the eigenvectors v of the stimulus second moment M = E[m mᵀ] and the targets are isotropic, the population loss decouples along v; one connectivity mode per direction contributes u·b^{T−t} to the weight of x_t and its best (b*, u* = ac*) minimises ½[μ_v(Σ_t e_t)² + σ²Σ_t e_t²], e_t = u b^{T−t} − w_t (src/core/multisensory.ts bestModeFit; μ_v = vᵀMv). The four directions give nearly equal values (late b* ≈ 0.76, early b* ≈ 1.58–1.60 > 1: unstable, as §3.3 predicts for early importance). This theory assumes one mode per direction, i.e. N_h = N_x = 4; with a wider network (--set Nh=8, measured) the late run spreads each direction over several modes, lowers its loss and its singular values leave the single-mode values.',
    'Hidden-layer gradient: App. L defines the quantity it plots as dH_T/dt_θ ("we plot the gradient of the hidden layer (dH_T/dt_θ)"), and the paper\'s claims are checked on it. The loss gradient with respect to the hidden states, ∂ℓ/∂H, came from an earlier wording of our own figure catalog; it is kept as a supplementary panel and measurement (extra.supplementary), not as a claim of the paper: at the late-importance optimum it stays near 2·10⁻² because the target 0.1 Σ t·x_t cannot be fit with zero loss. ‖∂ℓ/∂H‖ = sqrt((1/P)Σ_p Σ_{t=2}^{T+1} ||∂ℓ_p/∂h_{p,t}||²) with ℓ_p = ½||ŷ_p − y_p||² (root-mean-square over trajectories); it does not vanish at the optimum when the target cannot be fit exactly (neither target is a single exponential per direction, so the loss floor is > 0). ‖dH_T/dt_θ‖ = RMS over trajectories of the rate of change of the last hidden state h_{T+1} per gradient step (dt_θ = 1, τ dW/dt_θ = −∂L/∂W), computed exactly by forward-mode differentiation of eq. 1 (src/core/unaligned.ts hiddenVelocity); it vanishes when the weights stop moving.',
    "Convergence and fluctuation measures: 'final' = last record; 'tail' = the last tailFraction = 25% of the records (log-spaced in steps). The run's last three steps are kept: a period-2 oscillation has ||W(end) − W(end−2)|| ≪ ||W(end) − W(end−1)||. Sharpness = largest Hessian eigenvalue of the summed loss at the final weights (finite differences of the exact gradient) times the step 1/τ; gradient descent cannot settle in a minimum where it exceeds 2.",
  ],
  targets: ['late', 'early'],
  training: (p) => ({ eta: p.eta, steps: p.steps, tPrimes: [], testP: 1, sharpness: true }),
  extra: (runs) => ({
    tau: { late: runs[0].tau, early: runs[1].tau },
    sharpnessTimesLr: { late: runs[0].sharpness, early: runs[1].sharpness },
    // Supplementary (not a claim of the paper): the final RMS loss gradient w.r.t. the hidden states.
    supplementary: {
      finalDLdH: { late: finalOrNull(runs[0].hiddenGrad), early: finalOrNull(runs[1].hiddenGrad) },
      finalLoss: { late: finalOrNull(runs[0].loss), early: finalOrNull(runs[1].loss) },
    },
    lastSteps: { late: runs[0].lastSteps, early: runs[1].lastSteps },
  }),
  claims(r, p) {
    const [late, early] = r.series.runs;
    const k = Math.min(4, p.Nh);
    const fin = (x: SensoryRunResult, key: 'svH' | 'svIO') => finalSv(x, key, k);
    const theoryB = (x: SensoryRunResult) => x.theory.map((f) => f.b);
    const theoryU = (x: SensoryRunResult) => x.theory.map((f) => f.u);
    const fmt = (xs: number[]) => xs.map((v) => round(v, 4)).join(', ');
    const lateDevH = deviation(fin(late, 'svH'), theoryB(late));
    const lateDevIO = deviation(fin(late, 'svIO'), theoryU(late));
    const earlyDevH = deviation(fin(early, 'svH'), theoryB(early));
    const earlyDevIO = deviation(fin(early, 'svIO'), theoryU(early));
    const finalOf = (xs: number[]) => (xs.length ? last(xs) : NaN);
    const gLate = finalOf(late.hiddenGrad),
      gEarly = finalOf(early.hiddenGrad);
    const vLate = finalOf(late.hiddenVel),
      vEarly = finalOf(early.hiddenVel);
    const vEarlyTailMin = Math.min(...tail(early.hiddenVel, p.tailFraction));
    const gEarlyTail = tail(early.hiddenGrad, p.tailFraction);
    const ls = early.lastSteps;
    const period2 = ls !== null && ls.oneStep > 1e-8 && ls.twoStep < 0.01 * ls.oneStep;
    const e = (x: number) => (Number.isFinite(x) ? x.toExponential(2) : String(x));
    const noDiv = !late.diverged && !early.diverged;
    return [
      claim(
        'late-converges-same',
        'Late importance: all of the network singular values converge to the same solution in each dimension.',
        `σ(W_h): ${fmt(fin(late, 'svH'))} (spread ${round(spread(fin(late, 'svH')), 3)}, max deviation from theory b* ${round(lateDevH, 3)}); σ(W_yW_x): ${fmt(fin(late, 'svIO'))} (spread ${round(spread(fin(late, 'svIO')), 3)}, max deviation from u* ${round(lateDevIO, 3)})`,
        `every final singular value within ${p.svTol} (relative) of the per-direction theory (b* ${fmt(theoryB(late))}; u* ${fmt(theoryU(late))})`,
        noDiv && lateDevH < p.svTol && lateDevIO < p.svTol,
      ),
      claim(
        'late-small-dH-dt',
        'Late importance: the hidden-layer gradient dH_T/dt_θ converges smoothly to 0 and stays small (< 10⁻³).',
        `final ‖dH_T/dt_θ‖ = ${e(vLate)}; max over the tail ${e(maxOf(tail(late.hiddenVel, p.tailFraction)))}`,
        `final and tail values < ${p.smallGrad}`,
        noDiv && maxOf(tail(late.hiddenVel, p.tailFraction)) < p.smallGrad,
      ),
      claim(
        'early-solution-unstable',
        'Early importance drives the recurrent mode to an unstable solution b > 1, late importance to b < 1 (§3.3, App. L).',
        `theory b*: early ${fmt(theoryB(early))}, late ${fmt(theoryB(late))}; network max σ(W_h): early ${round(maxOf(fin(early, 'svH')), 4)}, late ${round(maxOf(fin(late, 'svH')), 4)}`,
        'every early b* > 1 and every late b* < 1, and the networks follow (largest σ(W_h) > 1 for early, < 1 for late)',
        Math.min(...theoryB(early)) > 1 && maxOf(theoryB(late)) < 1 && maxOf(fin(early, 'svH')) > 1 && maxOf(fin(late, 'svH')) < 1,
      ),
      claim(
        'early-larger-gradient',
        'Early importance: the hidden-layer gradient is larger than for late importance (paper: ~0.3 vs < 10⁻³).',
        `final ‖dH_T/dt_θ‖ early ${e(vEarly)} vs late ${e(vLate)}; final ‖∂ℓ/∂H‖ early ${e(gEarly)} vs late ${e(gLate)}`,
        'early > late for dH_T/dt_θ (the quantity App. L plots); ∂ℓ/∂H is shown for reference',
        noDiv && vEarly > vLate,
      ),
      claim(
        'early-fluctuates',
        'Early importance: the hidden-layer gradient fluctuates throughout training instead of converging (optimisation is unstable).',
        `min ‖dH_T/dt_θ‖ over the tail ${e(vEarlyTailMin)}; ‖∂ℓ/∂H‖ over the tail ${e(Math.min(...gEarlyTail))}…${e(maxOf(gEarlyTail))}; last steps ||ΔW|| one step ${ls ? e(ls.oneStep) : 'n/a'}, two steps ${ls ? e(ls.twoStep) : 'n/a'}; sharpness·lr ${r.extra.sharpnessTimesLr.early === null ? 'n/a' : round(r.extra.sharpnessTimesLr.early, 3)} (late ${r.extra.sharpnessTimesLr.late === null ? 'n/a' : round(r.extra.sharpnessTimesLr.late, 3)})`,
        `‖dH_T/dt_θ‖ never falls below ${p.smallGrad} over the tail, and the weights end in a period-2 oscillation (two-step change < 1% of the one-step change)`,
        noDiv && vEarlyTailMin >= p.smallGrad && period2,
      ),
      claim(
        'early-not-all-converge',
        'Early importance: only some of the network singular values converge to the solution; others stay at other values.',
        `σ(W_h): ${fmt(fin(early, 'svH'))} vs b* ${fmt(theoryB(early))} (max deviation ${round(earlyDevH, 3)}); σ(W_yW_x): ${fmt(fin(early, 'svIO'))} vs u* ${fmt(theoryU(early))} (max deviation ${round(earlyDevIO, 3)})`,
        `some final singular value farther than ${p.svTol} (relative) from the per-direction theory`,
        noDiv && Math.max(earlyDevH, earlyDevIO) > p.svTol,
      ),
    ];
  },
  spec: {
    title: 'Fig. A8 — early-importance task dynamics yield unstable solutions',
    subtitle: (p) => `unaligned LRNN (N_h = ${p.Nh}), raw multisensory inputs, η = ${p.eta}; simulations solid, theory dashed`,
    rows: (r, p) => {
      const T = r.extra.T;
      // Log axes: the data's own range (a nice domain ran a decade past the data), ticks at the decades
      // only and one format ('1e-3') on every log axis.
      const decades = (lo: number, hi: number, most = 6) => {
        const k0 = Math.ceil(Math.log10(lo) - 1e-9),
          k1 = Math.floor(Math.log10(hi) + 1e-9);
        const step = Math.max(1, Math.ceil((k1 - k0 + 1) / most));
        const out: number[] = [];
        for (let k = k0; k <= k1; k += step) out.push(Number(`1e${k}`));
        return out;
      };
      const positive = (v: ArrayLike<number | null>) => Array.from(v).filter((x): x is number => x !== null && Number.isFinite(x) && x > 0);
      const ts = r.series.runs.flatMap((x) => positive(x.t));
      const tLo = Math.min(...ts),
        tHi = Math.max(...ts);
      const xAxis = {
        title: 't_θ/τ (log scale)',
        scale: 'log' as const,
        domain: [tLo, tHi] as const,
        nice: false,
        values: decades(tLo, tHi),
        format: '.0e',
      };
      const logY = (x: SensoryRunResult, key: 'hiddenGrad' | 'hiddenVel') => {
        const v = positive(x[key]);
        const lo = Math.min(...v, key === 'hiddenVel' ? p.smallGrad : Infinity),
          hi = Math.max(...v);
        const [a, b] = [10 ** Math.floor(Math.log10(lo)), 10 ** Math.ceil(Math.log10(hi))];
        return { domain: [a, b] as const, nice: false, values: decades(a, b) };
      };
      const svPanel = (x: SensoryRunResult): LayerPanel => {
        const { series, palette } = singularValueSeries(x, p.Nh);
        const rules: RuleOptions[] = [
          // Labels on the left, over a halo: the curves converge onto the theory lines on the right.
          ...x.theory.map((f, i) => ({
            y: Math.abs(f.b),
            dash: DASHED,
            color: '#08306b',
            ...(i === 0 ? { label: `theory b* ≈ ${round(f.b, 3)}`, labelAt: 'start' as const, halo: true } : {}),
          })),
          ...x.theory.map((f, i) => ({
            y: Math.abs(f.u),
            dash: DASHED,
            color: '#7f2704',
            ...(i === 0 ? { label: `theory ac* ≈ ${round(f.u, 3)}`, labelAt: 'start' as const, halo: true } : {}),
          })),
        ];
        return lineChart({
          title: `${LABEL[x.target as Target]} (T = ${T})`,
          x: xAxis,
          y: { title: 'singular value', zero: true },
          series,
          palette,
          colorTitle: 'singular values',
          rules,
          markers: divergedMarker(x),
        });
      };
      const gradPanel = (x: SensoryRunResult, key: 'hiddenGrad' | 'hiddenVel'): LayerPanel =>
        lineChart({
          title: key === 'hiddenGrad' ? `${x.target}: loss gradient w.r.t. hidden states` : `${x.target}: change of the last hidden state`,
          x: xAxis,
          y: { title: key === 'hiddenGrad' ? 'RMS ‖∂ℓ/∂H‖' : 'RMS ‖dH_T/dt_θ‖', scale: 'log', format: '.0e', ...logY(x, key) },
          series: [{ name: x.target === 'late' ? 'late importance' : 'early importance', x: x.t, y: x[key] }],
          palette: [x.target === 'late' ? '#1b7837' : '#762a83'],
          colorTitle: 'task',
          rules:
            key === 'hiddenVel'
              ? [
                  {
                    y: p.smallGrad,
                    label: `${p.smallGrad.toExponential(0).replace('+', '')} (paper: late importance stays below)`,
                    labelAt: 'start',
                    halo: true,
                  },
                ]
              : [],
        });
      const [late, early] = r.series.runs;
      return [
        [svPanel(late), svPanel(early)],
        [gradPanel(late, 'hiddenGrad'), gradPanel(early, 'hiddenGrad')],
        [gradPanel(late, 'hiddenVel'), gradPanel(early, 'hiddenVel')],
      ];
    },
  },
  snapshot(r) {
    const values: Record<string, number> = {};
    for (const x of r.series.runs) {
      recordSnapshot(values, x, ['hiddenGrad', 'loss']);
      x.theory.forEach((f, j) => {
        values[`${x.target}.theory.b${j + 1}`] = f.b;
        values[`${x.target}.theory.u${j + 1}`] = f.u;
      });
    }
    return snapValues(values, { abs: 1e-9, rel: 1e-6 });
  },
});

export default figA8;
