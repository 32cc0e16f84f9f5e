/**
 * Fig. 2 (§3.2, App. C–D): learning of the input-output modes ac with the recurrent mode frozen
 * (left; theory: the exact u(t) of eq. 47) and of the recurrent mode b with ac frozen (right; theory:
 * the local Taylor expansion of App. D, eq. 48–60, applied window by window).
 * Simulations are full aligned LRNNs trained by gradient descent; modes recovered as in App. P.3.
 */
import type { Figure, FigureResult } from '../src/figure.js';
import { ALIGNED_TASK, type AlignedRunSpec } from '../src/core/aligned.js';
import { taskDynamics, stackDims, type DynamicsKind } from '../src/core/tasks.js';
import { bFixedPoint, exactU, taylorB, uFixedPoint } from '../src/core/theory.js';
import { maxOf, recordInterval, stepsFor } from '../src/kit.js';
import {
  AGREE_RULE,
  LEFT_RULES,
  PANEL_PAPER,
  RIGHT_RULES,
  column,
  panelSnapshot,
  trainingRules,
  validateRightPanel,
  type PanelParams,
  type PanelSeries,
} from './lib/panels.js';
import { claims as claimsOfFig2 } from './fig2/claims.js';
import { spec as specOfFig2 } from './fig2/spec.js';

const KINDS = ['constant', 'invexp', 'exp'] as const;

export interface Fig2Params extends PanelParams {
  earlyT: number;
}

const paper: Fig2Params = {
  ...PANEL_PAPER,
  earlyT: 0.05,
  agreeTol: 0.01,
};

export interface Series extends PanelSeries {
  /** Number of leading theory points that are finite; the Taylor theory can diverge (window too wide). */
  theoryValid: number;
}

/**
 * The first index where the theory leaves the plausible range (not finite, or |value| > 1e6): past
 * it the local Taylor series has diverged and is reported as such, not drawn.
 */
function validPrefix(theory: readonly number[]): number {
  const i = theory.findIndex((x) => !Number.isFinite(x) || Math.abs(x) > 1e6);
  return i < 0 ? theory.length : i;
}

/** Largest |simulation − theory| over the valid theory points; Infinity when the theory diverged. */
function gapOf(sim: readonly number[], theory: readonly number[], valid: number): number {
  return valid < theory.length ? Infinity : maxOf(sim.map((x, i) => Math.abs(x - theory[i])));
}

export interface Fig2Result extends FigureResult {
  series: { left: Series[]; right: Series[] };
  extra: { offDiagonal: number; tau: number; earlySpeed: number[]; steps: { left: number; right: number } };
}

const fig2: Figure<Fig2Params, Fig2Result> = {
  id: 'fig2',
  group: 'modes',
  title: 'Learning of input-output (ac) and recurrent (b) modes: simulation vs theory',
  paper: 'Fig. 2, App. C–D',
  caption: 'Learning dynamics of input-output and recurrent connectivity modes in a linear RNN.',
  params: { paper, quick: { ...paper, points: 60, eta: 1 } },
  rules: {
    ...trainingRules('configurations'),
    leftDynamics: { choices: KINDS, help: 'task dynamics of the left panel (input-output modes)' },
    leftLambda: { min: 0, max: 10, help: 'λ of the left-panel task dynamics s_t = δ f(λ, t)' },
    deltas: { min: 1e-3, max: 100, cost: 0, help: 'δ of each left-panel configuration (one SVD dimension each)' },
    ...LEFT_RULES,
    rightDynamics: { choices: KINDS, help: 'task dynamics of the right panel (recurrent modes)' },
    rightDeltas: { min: 1e-3, max: 100, cost: 0, help: 'δ of each right-panel configuration (ac frozen at δ)' },
    rightLambdas: { min: 0, max: 10, help: 'λ of each right-panel configuration (as many as rightDeltas)' },
    ...RIGHT_RULES,
    taylorOrder: { min: 1, max: 20, integer: true, help: 'order of the local Taylor theory of b(t) (App. D)' },
    taylorWindow: { min: 1e-5, max: 10, help: 'time window t_θ/τ of each Taylor expansion (App. D)' },
    earlyT: { min: 1e-4, max: 1000, help: 'time t_θ/τ at which the initial speed of b is measured' },
    agreeTol: AGREE_RULE,
  },
  notes: [
    'The paper does not give T, P, η, the initial modes or the configurations of Fig. 2; these are chosen to show its qualitative content: T = 5, P = 64 whitened trajectories, η = 0.1 at paper scale, 1 at quick scale (τ = P·N_y/η), a(0) = c(0) = 0.1.',
    'Left: inverse-exponential dynamics s_t = δ·0.8^{T−t} with b frozen at 0.8, so that the input-output modes converge to δ (the scaling component). Right: the same dynamics with ac frozen at δ (a = c = √δ) and b(0) = 0.1, so that b converges to λ (the dynamic component).',
    'Each panel is one aligned network whose SVD dimensions α carry the configurations (N_x = N_h = N_y = number of configurations): the dimensions decouple (App. B), and staying aligned is checked (extra.offDiagonal).',
    "Right-panel configurations pair a larger last singular value s_T = δ with a smaller λ, so the paper's ordering claim (faster at first, smaller final value) can be checked; initial speed = (b(earlyT) − b(0))/earlyT in t_θ/τ units.",
    'Theory is the continuous-time flow; the simulation is gradient descent with step 1/τ, so they differ by the Euler discretisation error O(1/τ).',
  ],
  validate(p) {
    const right = validateRightPanel(p);
    if (right) return right;
    const N = Math.max(p.deltas.length, p.rightDeltas.length);
    if (p.P < N * p.T + 1) return `P=${p.P} is too small: whitening needs P ≥ N·T + 1 = ${N * p.T + 1}`;
    return null;
  },
  async run(p, ctx) {
    const T = p.T;
    const sLeft = p.deltas.map((d) => taskDynamics(p.leftDynamics as DynamicsKind, d, p.leftLambda, T));
    const sRight = p.rightDeltas.map((d, k) => taskDynamics(p.rightDynamics as DynamicsKind, d, p.rightLambdas[k], T));
    const stepsL = stepsFor(p.leftTEnd, p.P, p.deltas.length, p.eta);
    const stepsR = stepsFor(p.rightTEnd, p.P, p.rightDeltas.length, p.eta);
    const left: AlignedRunSpec = {
      s: Array.from(stackDims(sLeft)),
      D: p.deltas.length,
      T,
      N: p.deltas.length,
      P: p.P,
      a0: p.deltas.map(() => p.leftA0),
      c0: p.deltas.map(() => p.leftA0),
      b0: p.deltas.map(() => p.leftB),
      eta: p.eta,
      steps: stepsL,
      freeze: ['Wh'],
      recordEvery: recordInterval(stepsL, p.points),
      seed: ctx.seedFor('left'),
    };
    const right: AlignedRunSpec = {
      s: Array.from(stackDims(sRight)),
      D: p.rightDeltas.length,
      T,
      N: p.rightDeltas.length,
      P: p.P,
      a0: p.rightDeltas.map((d) => Math.sqrt(d)),
      c0: p.rightDeltas.map((d) => Math.sqrt(d)),
      b0: p.rightDeltas.map(() => p.rightB0),
      eta: p.eta,
      steps: stepsR,
      freeze: ['Wx', 'Wy'],
      recordEvery: recordInterval(stepsR, p.points),
      seed: ctx.seedFor('right'),
    };
    ctx.progress('training');
    const [L, R] = await ctx.map(ALIGNED_TASK, [left, right], 'training networks');

    ctx.progress('theory');
    const leftSeries: Series[] = p.deltas.map((d, k) => {
      const sim = L.a.map((a, r) => a[k] * L.c[r][k]);
      const theory = L.t.map((t) => exactU(t, p.leftA0 * p.leftA0, p.leftB, sLeft[k]));
      // The fixed point of the left-panel flow (eq. 47 as t → ∞): δ when b is frozen at the task's λ.
      const valid = validPrefix(theory);
      return {
        config: `δ = ${d}`,
        t: L.t,
        simulation: sim,
        theory,
        target: uFixedPoint(p.leftB, sLeft[k]),
        gap: gapOf(sim, theory, valid),
        theoryValid: valid,
      };
    });
    const rightSeries: Series[] = p.rightDeltas.map((d, k) => {
      const sim = column(R.b, k);
      const raw = taylorB(p.rightB0, d, sRight[k], { order: p.taylorOrder, window: p.taylorWindow, tEnd: p.rightTEnd, samples: R.t }).b;
      const valid = validPrefix(raw);
      const theory = raw.map((x, i) => (i < valid ? x : NaN)); // NaN is written as null and never drawn
      // The fixed point that b reaches from b(0) with ac frozen at δ (eq. 6): λ for inverse-exponential tasks.
      const target = bFixedPoint(p.rightB0, d, sRight[k]) ?? NaN;
      return {
        config: `δ = ${d}, λ = ${p.rightLambdas[k]}`,
        t: R.t,
        simulation: sim,
        theory,
        target,
        gap: gapOf(sim, theory, valid),
        theoryValid: valid,
      };
    });
    const iEarly = R.t.findIndex((t) => t >= p.earlyT);
    const earlySpeed = rightSeries.map((s) => (s.simulation[iEarly] - p.rightB0) / R.t[iEarly]);
    const diverged = [
      ...(L.diverged ? [{ panel: 'left', ...L.diverged }] : []),
      ...(R.diverged ? [{ panel: 'right', ...R.diverged }] : []),
      ...[...leftSeries.map((x) => ({ panel: 'left', x })), ...rightSeries.map((x) => ({ panel: 'right', x }))]
        .filter(({ x }) => x.theoryValid < x.theory.length)
        .map(({ panel, x }) => ({
          panel,
          config: x.config,
          theory: panel === 'left' ? 'exact u(t), eq. 47' : `Taylor order ${p.taylorOrder}, window ${p.taylorWindow}`,
          reason: `theory diverged (not finite or |value| > 1e6) from t = ${x.t[x.theoryValid]}`,
        })),
    ];
    return {
      series: { left: leftSeries, right: rightSeries },
      diverged,
      extra: { offDiagonal: Math.max(L.offDiagonal, R.offDiagonal), tau: L.tau, earlySpeed, steps: { left: stepsL, right: stepsR } },
    };
  },
  claims: claimsOfFig2,
  spec: specOfFig2,
  snapshot(r) {
    return panelSnapshot(r.series);
  },
};

export default fig2;
