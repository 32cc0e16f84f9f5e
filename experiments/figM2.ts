/**
 * figM2 (beyond the paper; App. M.3): the T-output counterpart of Fig. 3's learned solutions. Constant
 * (sweep δ), inverse-exponential and exponential (sweep λ) task dynamics; one aligned T-output network and
 * one single-output network per sweep point, side by side. Rows: learned b, learned ac, and the loss that
 * remains (final loss / loss of the zero network). Dashed: the T-output theory — the zero-loss solution
 * b = λ, ac = δ of M.3 where it exists, otherwise the numerical minimum of eq. 156 — and the single-output
 * zero-loss solutions of App. F.3.
 *
 * This module holds the metadata, parameters, types, run() and snapshot; the claims and spec are in
 * experiments/figM2/ (claims.ts, spec.ts; common.ts: the two network cases).
 */
import type { Figure, FigureResult } from '../src/figure.js';
import { ALIGNED_TASK, type AlignedRunSpec } from '../src/core/aligned.js';
import { AR_ALIGNED_TASK, type ArAlignedRunResult, type ArAlignedRunSpec } from '../src/core/araligned.js';
import { globalSolution, taskDynamics, type DynamicsKind } from '../src/core/tasks.js';
import { arTheory } from '../src/core/armodes.js';
import { lossSettled } from '../src/core/stability.js';
import { snapValues } from '../src/kit.js';
import { tau as timeConstant, stepsFor } from '../src/core/timescale.js';
import { arDynamics } from './lib/autoregressive.js';
import { KINDS, SWEEP_RULES, keyOf, sweepValues, type Kind, type SweepKnobs } from './lib/dynamics-sweep.js';
import { notes } from './notes/figM2.js';
import { CASES, type Case } from './figM2/common.js';
import { claims as claimsOfFigM2 } from './figM2/claims.js';
import { spec as specOfFigM2 } from './figM2/spec.js';

export interface FigM2Params extends SweepKnobs {
  T: number;
  N: number;
  P: number;
  eta: number;
  tEnd: number;
  init: number;
  bRange: number;
  convTol: number;
  agreeTol: number;
  residualTol: number;
  displayFloor: number;
}

const paper: FigM2Params = {
  T: 5,
  N: 2,
  P: 16,
  eta: 0.2,
  tEnd: 100,
  init: 0.1,
  constantDeltas: [0.25, 0.5, 0.75, 1, 1.25, 1.5, 1.75, 2],
  invexpLambdas: [0.5, 0.6, 0.7, 0.8, 0.9, 1, 1.1, 1.2],
  invexpDelta: 1,
  expLambdas: [0.7, 0.8, 0.9, 1.1, 1.2, 1.3, 1.4],
  expDelta: 1,
  bRange: 3,
  convTol: 1e-12,
  agreeTol: 1e-4,
  residualTol: 1e-3,
  displayFloor: 1e-16,
};

const quick: FigM2Params = {
  ...paper,
  tEnd: 40,
  constantDeltas: [0.5, 1, 2],
  invexpLambdas: [0.6, 0.9, 1.2],
  expLambdas: [0.8, 0.9, 1.2],
};

export interface Point {
  kind: Kind;
  case: Case;
  delta: number;
  lambda: number;
  x: number;
  status: 'converged' | 'settled with loss' | 'not converged' | 'diverged';
  b: number | null;
  ac: number | null;
  /** final loss / loss of the zero network (null when diverged) */
  residual: number | null;
  /** theory: zero-loss solution (M.3 / F.3) or, without one, the minimum of the energy */
  bTheory: number;
  acTheory: number;
  residualTheory: number;
  zeroLoss: boolean;
  /** the theory minimiser lies at an end of the b range searched */
  atBound: boolean;
}

export interface FigM2Result extends FigureResult {
  series: { points: Record<Kind, Point[]> };
  extra: { tau: number; steps: number; offDiagonal: number; timingsMs: { training: number } };
}

const figM2: Figure<FigM2Params, FigM2Result> = {
  id: 'figM2',
  group: 'autoregressive',
  title: 'T-output learned solutions: zero loss only for s_{t,i} = δλ^{t−i}',
  paper: 'App. M.3',
  caption: 'Beyond the paper (App. M.3): only inverse-exponential task dynamics are learned with zero loss in the T-output case.',
  beyondPaper: true,
  params: { paper, quick },
  rules: {
    T: { min: 2, max: 20, integer: true, cost: 1, help: 'trajectory length (outputs at every t = 1..T)' },
    N: { min: 1, max: 8, integer: true, cost: 3, help: 'network width N_x = N_h = N_y (the task uses one SV dimension)' },
    P: { min: 2, max: 100000, integer: true, cost: 1, help: 'trajectories; at least N·T + 1 (whitening)' },
    eta: { min: 1e-6, max: 10, cost: -1, help: 'learning rate; τ = P·N/η' },
    tEnd: { min: 1e-3, max: 1e4, cost: 1, help: 'training time t_θ/τ' },
    init: { min: 1e-6, max: 10, help: 'a(0) = b(0) = c(0)' },
    ...SWEEP_RULES,
    bRange: { min: 0.1, max: 100, help: 'the minimum of eq. 156 is searched over b ∈ [−bRange, bRange]' },
    convTol: { min: 0, max: 1, help: 'converged: final loss / zero-network loss ≤ convTol' },
    agreeTol: { min: 0, max: 10, help: 'relative tolerance of learned b and ac against b = λ, ac = δ' },
    residualTol: { min: 0, max: 1, help: 'a remaining loss counts as non-zero above this fraction of the zero-network loss' },
    displayFloor: { min: 1e-300, max: 1, help: 'remaining losses below this are drawn at it (log axis)' },
  },
  notes,
  validate(p) {
    if (p.P < p.N * p.T + 1) return `P=${p.P} is too small: whitening needs P ≥ N·T + 1 = ${p.N * p.T + 1}`;
    return null;
  },
  async run(p, ctx) {
    const T = p.T;
    const steps = stepsFor(p.tEnd, p.P, p.N, p.eta);
    const tau = timeConstant(p.P, p.N, p.eta); // App. P.2
    const half = Math.ceil(steps / 2);
    const cfgs = KINDS.flatMap((kind) => sweepValues(p, kind).map((v) => ({ kind, ...v })));
    const key = (c: { kind: Kind; delta: number; lambda: number }) => keyOf(c.kind, c.delta, c.lambda);
    // the same training for the T-output and the single-output network of each configuration
    const common = {
      D: 1,
      T,
      N: p.N,
      P: p.P,
      a0: [p.init],
      b0: [p.init],
      c0: [p.init],
      eta: p.eta,
      steps,
      recordEvery: half,
    };
    const arSpecs: ArAlignedRunSpec[] = cfgs.map((c) => ({
      s: Array.from(arDynamics(c.kind, c.delta, c.lambda, T)),
      ...common,
      recordAt: [steps - 1],
      seed: ctx.seedFor(key(c)),
    }));
    const soSpecs: AlignedRunSpec[] = cfgs.map((c) => ({
      s: Array.from(taskDynamics(c.kind as DynamicsKind, c.delta, c.lambda, T)),
      ...common,
      seed: ctx.seedFor(key(c)),
    }));
    const clock = performance.now();
    ctx.progress('training networks');
    const ar = await ctx.map(AR_ALIGNED_TASK, arSpecs, 'training T-output networks');
    const so = await ctx.map(ALIGNED_TASK, soSpecs, 'training single-output networks');
    const training = Math.round(performance.now() - clock);

    const points: Record<Kind, Point[]> = { constant: [], invexp: [], exp: [] };
    const diverged: unknown[] = [];
    let offDiagonal = 0;
    cfgs.forEach((c, i) => {
      for (const cs of CASES) {
        const run = cs === 'T-output' ? ar[i] : so[i];
        const zero =
          cs === 'T-output'
            ? (run as ArAlignedRunResult).lossZero
            : 0.5 * Array.from(taskDynamics(c.kind as DynamicsKind, c.delta, c.lambda, T)).reduce((s, v) => s + v * v, 0);
        const th =
          cs === 'T-output'
            ? arTheory(c.kind, c.delta, c.lambda, T, p.bRange)
            : {
                ...(() => {
                  const g = globalSolution(c.kind as DynamicsKind, c.delta, c.lambda, T);
                  return { b: g.b, ac: g.ac };
                })(),
                residual: 0,
                zeroLoss: true,
                atBound: false,
              };
        const last = run.loss.length - 1;
        const residual = run.diverged ? null : run.loss[last] / zero;
        // settled: the loss no longer changes, neither over the second half (records at steps/2 and at the end)
        // nor from step to step (records at steps − 1 and steps, which tell a gradient-descent 2-cycle apart)
        const settled = cs === 'T-output' && !run.diverged && lossSettled(run.loss);
        const status: Point['status'] = run.diverged
          ? 'diverged'
          : residual! <= p.convTol
            ? 'converged'
            : settled
              ? 'settled with loss'
              : 'not converged';
        const ok = status === 'converged' || status === 'settled with loss';
        if (ok) offDiagonal = Math.max(offDiagonal, run.offDiagonal);
        const pt: Point = {
          kind: c.kind,
          case: cs,
          delta: c.delta,
          lambda: c.lambda,
          x: c.x,
          status,
          b: ok ? run.b[last][0] : null,
          ac: ok ? run.a[last][0] * run.c[last][0] : null,
          residual,
          bTheory: th.b,
          acTheory: th.ac,
          residualTheory: th.residual,
          zeroLoss: th.zeroLoss,
          atBound: th.atBound,
        };
        points[c.kind].push(pt);
        if (!ok) diverged.push({ key: `${cs}/${key(c)}`, status, residual, ...(run.diverged ?? {}) });
      }
    });
    return { series: { points }, diverged, extra: { tau, steps, offDiagonal, timingsMs: { training } } };
  },
  claims: claimsOfFigM2,
  spec: specOfFigM2,
  snapshot(r) {
    const values: Record<string, number> = {};
    for (const k of KINDS) {
      for (const x of r.series.points[k]) {
        const key = `${x.case}/${x.kind}/δ=${x.delta}/λ=${x.lambda}`;
        values[`${key}.b`] = x.b ?? NaN;
        values[`${key}.ac`] = x.ac ?? NaN;
        // zero-loss residuals are round-off (~1e-25): compare them on the absolute tolerance only
        values[`${key}.residual`] = x.residual ?? NaN;
        values[`${key}.residualTheory`] = x.residualTheory;
      }
    }
    return snapValues(values, { abs: 1e-9, rel: 1e-6 });
  },
};

export default figM2;
