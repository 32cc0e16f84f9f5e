/**
 * Fig. A9 (App. N–O): constant, inverse-exponential and exponential task dynamics with complex
 * eigenvalues, learned by eigen-aligned real networks; b and ac in polar coordinates converge to the
 * App. O optima (constant b = 1, ac = δ; inverse-exp b = λ, ac = δ; exp b = 1/λ, ac = δλ^T).
 */
import { claim, round } from '../src/kit.js';
import {
  type RotationCommon,
  type RotationConfig,
  COMMON_DEFAULTS,
  convergeClaim,
  angleFirstClaim,
  wirtingerClaims,
  polarLabel,
} from './lib/rotation.js';
import { rotationFigure, type RotationResult } from './lib/rotation-figure.js';

export interface FigA9Params extends RotationCommon {
  constRdelta: number;
  constPhiDelta: number;
  invexpRlambda: number;
  invexpPhiLambda: number;
  expRlambda: number;
  expPhiLambda: number;
  dynRdelta: number;
  dynPhiDelta: number;
}

const paper: FigA9Params = {
  ...COMMON_DEFAULTS,
  tEnd: 6,
  constRdelta: 0.7,
  constPhiDelta: 1 / 6,
  invexpRlambda: 0.9,
  invexpPhiLambda: 1 / 6,
  expRlambda: 1.05,
  expPhiLambda: 1 / 6,
  dynRdelta: 1,
  dynPhiDelta: 0,
};

export type FigA9Result = RotationResult;

function configs(p: FigA9Params): RotationConfig[] {
  return [
    {
      label: `constant, δ = ${polarLabel(p.constRdelta, p.constPhiDelta)}`,
      kind: 'constant',
      deltaR: p.constRdelta,
      deltaPhi: p.constPhiDelta,
      lambdaR: 1,
      lambdaPhi: 0,
    },
    {
      label: `inverse-exp, λ = ${polarLabel(p.invexpRlambda, p.invexpPhiLambda)}`,
      kind: 'invexp',
      deltaR: p.dynRdelta,
      deltaPhi: p.dynPhiDelta,
      lambdaR: p.invexpRlambda,
      lambdaPhi: p.invexpPhiLambda,
    },
    {
      label: `exp, λ = ${polarLabel(p.expRlambda, p.expPhiLambda)}`,
      kind: 'exp',
      deltaR: p.dynRdelta,
      deltaPhi: p.dynPhiDelta,
      lambdaR: p.expRlambda,
      lambdaPhi: p.expPhiLambda,
    },
  ];
}

const angleRule = { min: -2, max: 2, help: 'angle φ in units of π (1/6 = π/6)' };

const figA9 = rotationFigure<FigA9Params>({
  id: 'figA9',
  title: 'Complex task dynamics learned in polar coordinates',
  paper: 'Fig. A9, App. N–O',
  defaults: paper,
  caption: 'Learning of different rotational task dynamics in the complex plane.',
  rules: {
    constRdelta: { min: 1e-3, max: 10, help: 'R_δ of the constant task' },
    constPhiDelta: angleRule,
    invexpRlambda: { min: 1e-3, max: 2, help: 'R_λ of the inverse-exponential task' },
    invexpPhiLambda: angleRule,
    expRlambda: { min: 1e-3, max: 2, help: 'R_λ of the exponential task' },
    expPhiLambda: angleRule,
    dynRdelta: { min: 1e-3, max: 10, help: 'R_δ of the inverse-exponential and exponential tasks (not given in the paper)' },
    dynPhiDelta: angleRule,
  },
  notes: [
    'Fig. A9 configurations as in the caption: constant R_δ = 0.7, φ_δ = π/6 (λ = 1); inverse-exponential R_λ = 0.9, φ_λ = π/6; exponential R_λ = 1.05, φ_λ = π/6. Angles are parameters in units of π.',
    "With δ = 1 real, the inverse-exponential optimum ac = δ is real and ac starts real, so its angle has no gap (n/a in the angle-before-radius claim); the constant task's b starts at the optimum angle 0 likewise.",
  ],
  configs,
  claims(r, p) {
    const runs = r.series.runs;
    const exp = runs.find((x) => x.kind === 'exp');
    return [
      convergeClaim(
        runs,
        p,
        'The task dynamics with zero-loss solutions extend to the complex plane: in all cases the modes converge to the predicted global optima (constant b = 1, ac = δ; inverse-exp b = λ, ac = δ; exp b = 1/λ, ac = δλ^T; App. O).',
      ),
      angleFirstClaim(runs),
      ...(exp
        ? [
            claim(
              'exp-solution-depends-on-T',
              'Exponential task dynamics: the learned ac = δλ^T depends on the trajectory length (so the network fails to extrapolate), while |b| = 1/R_λ < 1.',
              `|ac| = ${round(exp.acRadius[exp.acRadius.length - 1])} (R_δ R_λ^T = ${round(exp.optimum.acRadius)}), |b| = ${round(exp.bRadius[exp.bRadius.length - 1])}`,
              '|ac| within optTol of R_δ R_λ^T and |b| < 1',
              Math.abs(exp.acRadius[exp.acRadius.length - 1] / exp.optimum.acRadius - 1) < p.optTol &&
                exp.bRadius[exp.bRadius.length - 1] < 1,
            ),
          ]
        : []),
      ...wirtingerClaims(r),
    ];
  },
  spec: {
    title: 'Fig. A9 — rotational task dynamics learned in polar coordinates',
    subtitle: (p) => `eigen-aligned networks, T = ${p.T}, a(0) = ${p.a0}, b(0) = ${p.b0}, c(0) = ${p.c0}`,
  },
});

export default figA9;
