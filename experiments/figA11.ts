/**
 * Fig. A11 (App. O): inverse-exponential rotations d_t = δ λ^{T−t}, λ = R e^{iφ} with φ = π/6 and
 * R ∈ {0.4, 0.9, 1, 1.05}: spiral sources (R < 1), a limit cycle (R = 1) and a spiral sink (R > 1, early
 * importance), whose optimum |b| = R > 1 is unstable; larger radii are learned faster.
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
  piLabel,
  convergenceTimes,
} from './lib/rotation.js';
import { rotationFigure, type RotationResult } from './lib/rotation-figure.js';

export interface FigA11Params extends RotationCommon {
  phiOverPi: number;
  radii: number[];
  Rdelta: number;
  phiDeltaOverPi: number;
}

const paper: FigA11Params = {
  ...COMMON_DEFAULTS,
  phiOverPi: 1 / 6,
  radii: [0.4, 0.9, 1, 1.05],
  Rdelta: 1,
  phiDeltaOverPi: 0,
};

type Extra = { finalB: number[]; radiusTrend: number[] };
export type FigA11Result = RotationResult<Extra>;

function configs(p: FigA11Params): RotationConfig[] {
  return p.radii.map((R) => ({
    label: `R = ${R}`,
    kind: 'invexp',
    deltaR: p.Rdelta,
    deltaPhi: p.phiDeltaOverPi,
    lambdaR: R,
    lambdaPhi: p.phiOverPi,
  }));
}

const figA11 = rotationFigure<FigA11Params, Extra>({
  id: 'figA11',
  title: 'Inverse-exponential rotations with different radii',
  paper: 'Fig. A11',
  defaults: paper,
  caption: 'Learning of inverse-exponential task dynamics with different radii.',
  rules: {
    phiOverPi: { min: -2, max: 2, help: 'angle φ of λ in units of π (1/6 = π/6)' },
    radii: { min: 1e-3, max: 2, minLength: 1, cost: 0, help: 'radii R of λ' },
    Rdelta: { min: 1e-3, max: 10, help: 'radius of δ (the paper sets δ = 1)' },
    phiDeltaOverPi: { min: -2, max: 2, help: 'angle of δ in units of π' },
  },
  notes: [
    'Fig. A11 configurations as in the caption: inverse-exponential d_t = δ λ^{T−t}, δ = 1, λ = R e^{iπ/6}, R ∈ {0.4, 0.9, 1, 1.05}.',
    'Spiral source / limit cycle / spiral sink: the trend of |d_t| along the trajectory, measured as |d_T| − |d_1| (> 0 source, = 0 cycle, < 0 sink). "Larger radius learns faster": t_conv (notes above) decreases as R increases.',
  ],
  configs,
  extra: (runs, p) => ({
    finalB: runs.map((r) => r.bRadius[r.bRadius.length - 1]),
    radiusTrend: runs.map((r) => Math.hypot(r.d.re[p.T - 1], r.d.im[p.T - 1]) - Math.hypot(r.d.re[0], r.d.im[0])),
  }),
  claims(r, p) {
    const runs = r.series.runs;
    const x = r.extra;
    const R = p.radii;
    const geomOk = R.every((Rk, i) => (Rk < 1 ? x.radiusTrend[i] > 0 : Rk > 1 ? x.radiusTrend[i] < 0 : Math.abs(x.radiusTrend[i]) < 1e-12));
    const stabOk =
      R.every((Rk, i) => !runs[i].diverged && (Rk > 1 ? x.finalB[i] > 1 : Rk < 1 ? x.finalB[i] < 1 : true)) && R.some((Rk) => Rk > 1);
    const order = R.map((Rk, i) => ({ R: Rk, t: runs[i].tConv ?? Infinity })).sort((a, b) => a.R - b.R);
    let faster = order.length >= 2;
    for (let i = 1; i < order.length; i++) if (!(order[i].R > order[i - 1].R && order[i].t < order[i - 1].t)) faster = false;
    const lo = order[0],
      hi = order[order.length - 1];
    return [
      convergeClaim(runs, p),
      claim(
        'spiral-geometry',
        'Radii R < 1 give spiral sources (|d_t| grows along the trajectory: late importance), R = 1 a limit cycle, R > 1 spiral sinks (early importance).',
        runs.map((run, i) => `${run.config}: |d_T| − |d_1| = ${round(x.radiusTrend[i], 3)}`).join('; '),
        'sign of |d_T| − |d_1| as stated',
        geomOk,
      ),
      claim(
        'sink-unstable',
        'Early-importance dynamics (spiral sink, R > 1) have their global solution at |b| > 1: an unstable solution.',
        runs.map((run, i) => `${run.config}: final |b| = ${run.diverged ? 'diverged' : round(x.finalB[i])}`).join('; '),
        'final |b| > 1 for every R > 1 (and < 1 for R < 1)',
        stabOk,
      ),
      claim(
        'larger-radius-faster',
        `Larger radii are learned faster (R = ${lo.R} vs R = ${hi.R}).`,
        convergenceTimes(runs),
        't_conv decreases strictly as R increases',
        faster,
      ),
      angleFirstClaim(runs),
      ...wirtingerClaims(r),
    ];
  },
  spec: {
    title: 'Fig. A11 — inverse-exponential rotations with different radii R',
    subtitle: (p) =>
      `λ = R·e^(i${piLabel(p.phiOverPi)}), δ = ${polarLabel(p.Rdelta, p.phiDeltaOverPi)}, T = ${p.T}, a(0) = ${p.a0}, b(0) = ${p.b0}, c(0) = ${p.c0}`,
  },
});

export default figA11;
