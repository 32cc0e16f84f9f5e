/**
 * Fig. A10 (App. O): inverse-exponential rotations d_t = δ λ^{T−t}, λ = R e^{iφ} with R = 1 and
 * φ ∈ {π/8, −π/8, π/4, −3π/4}, b(0) = 0.1: conjugate angles rotate in opposite directions and give mirrored
 * learning trajectories; the solution furthest from b(0) converges slowest.
 */
import { claim, maxOf, round } from '../src/kit.js';
import { unwrapAngles } from '../src/core/complex.js';
import {
  type RotationCommon,
  type RotationConfig,
  type RotationRun,
  COMMON_DEFAULTS,
  convergeClaim,
  angleFirstClaim,
  wirtingerClaims,
  polarLabel,
  piLabel,
  mirrorGap,
} from './lib/rotation.js';
import { rotationFigure, type RotationResult } from './lib/rotation-figure.js';

export interface FigA10Params extends RotationCommon {
  Rlambda: number;
  phisOverPi: number[];
  Rdelta: number;
  phiDeltaOverPi: number;
}

const paper: FigA10Params = {
  ...COMMON_DEFAULTS,
  tEnd: 6,
  Rlambda: 1,
  phisOverPi: [1 / 8, -1 / 8, 1 / 4, -3 / 4],
  Rdelta: 1,
  phiDeltaOverPi: 0,
};

type Extra = {
  distance: number[];
  maxImAc: number[];
  imSignAgree: boolean[];
  rotation: number[];
  mirror: Array<{ phi: number; gap: number }>;
};
export type FigA10Result = RotationResult<Extra>;

function configs(p: FigA10Params): RotationConfig[] {
  return p.phisOverPi.map((phi) => ({
    label: `φ = ${piLabel(phi)}`,
    kind: 'invexp',
    deltaR: p.Rdelta,
    deltaPhi: p.phiDeltaOverPi,
    lambdaR: p.Rlambda,
    lambdaPhi: phi,
  }));
}

/** Index of the record with the largest |Im ac|, and whether Im b has the same sign there. */
function imagDeviation(r: RotationRun): { max: number; agree: boolean } {
  let k = 0;
  r.acIm.forEach((v, i) => {
    if (Math.abs(v) > Math.abs(r.acIm[k])) k = i;
  });
  return { max: Math.abs(r.acIm[k]), agree: Math.sign(r.acIm[k]) === Math.sign(r.bIm[k]) && r.acIm[k] !== 0 };
}

const figA10 = rotationFigure<FigA10Params, Extra>({
  id: 'figA10',
  title: 'Inverse-exponential rotations with different angles',
  paper: 'Fig. A10',
  defaults: paper,
  caption: 'Learning of inverse-exponential task dynamics with different rotational angles.',
  rules: {
    Rlambda: { min: 1e-3, max: 2, help: 'radius R of λ' },
    phisOverPi: { min: -2, max: 2, minLength: 1, cost: 0, help: 'angles φ of λ in units of π (0.125 = π/8)' },
    Rdelta: { min: 1e-3, max: 10, help: 'radius of δ (the paper sets δ = 1)' },
    phiDeltaOverPi: { min: -2, max: 2, help: 'angle of δ in units of π' },
  },
  notes: [
    'Fig. A10 configurations as in the caption: inverse-exponential d_t = δ λ^{T−t}, δ = 1, λ = e^{iφ} (R = 1), φ ∈ {π/8, −π/8, π/4, −3π/4} (−3π/4 ≡ 5π/4 of the caption text), b(0) = 0.1.',
    'Observed with --set b0=-0.2 --set phisOverPi=0.25,-0.25,0.75,-0.75: the speed ordering reverses as App. O says (the ±3π/4 solutions, now nearer b(0), converge faster than ±π/4), and the imaginary deviation of ac then has the sign opposite to Im b, so the io-imag-sign relation holds for b(0) > 0 only.',
    '"Clockwise": the angle of d_t decreases along the trajectory (t = 1..T); measured as the mean unwrapped angular step of d_t. "The solution further from b(0) converges slowest": the configuration with the largest |b* − b(0)| has the largest t_conv. The imaginary deviation of ac: its largest |Im ac| over training, and whether Im b has the same sign at that moment.',
  ],
  configs,
  extra(runs, p) {
    const dev = runs.map(imagDeviation);
    const mirror: Array<{ phi: number; gap: number }> = [];
    p.phisOverPi.forEach((phi, i) => {
      const j = p.phisOverPi.indexOf(-phi);
      if (phi > 0 && j >= 0) mirror.push({ phi, gap: mirrorGap(runs[i], runs[j]) });
    });
    return {
      distance: runs.map((r) => Math.hypot(r.lambda.re - p.b0, r.lambda.im)),
      maxImAc: dev.map((x) => x.max),
      imSignAgree: dev.map((x) => x.agree),
      rotation: runs.map((r) => {
        const a = unwrapAngles(r.d.re.map((x, i) => Math.atan2(r.d.im[i], x)));
        return (a[a.length - 1] - a[0]) / (a.length - 1);
      }),
      mirror,
    };
  },
  claims(r, p) {
    const runs = r.series.runs;
    const x = r.extra;
    const phis = p.phisOverPi;
    // rotation direction
    const dirOk = runs.every((_run, i) => {
      const s = Math.sin(phis[i] * Math.PI);
      return Math.abs(s) < 1e-12 || Math.sign(x.rotation[i]) === -Math.sign(s);
    });
    // furthest solution slowest
    const far = x.distance.indexOf(maxOf(x.distance));
    const times = runs.map((run) => run.tConv ?? Infinity);
    const slowest = times.indexOf(maxOf(times));
    // imaginary deviation of ac grows with |φ| among |φ| ≤ π/2
    const small = phis.map((f, i) => ({ f: Math.abs(f), m: x.maxImAc[i] })).filter((q) => q.f <= 0.5 && q.f > 0);
    let magOk = small.length >= 2 && new Set(small.map((q) => q.f)).size >= 2;
    for (const a of small) for (const b of small) if (a.f < b.f && !(a.m < b.m)) magOk = false;
    const rotating = phis.flatMap((f, i) => (Math.abs(Math.sin(f * Math.PI)) > 1e-12 ? [i] : []));
    const finalImAc = maxOf(runs.map((run) => Math.abs(run.acIm[run.acIm.length - 1])));
    return [
      convergeClaim(runs, p),
      claim(
        'rotation-direction',
        'Positive imaginary parts (R sin φ > 0) produce clockwise rotations of the task dynamics, negative ones counter-clockwise.',
        runs.map((run, i) => `${run.config}: ${round(x.rotation[i], 3)} rad/step`).join('; '),
        'mean angular step of d_t has the sign of −sin φ',
        dirOk,
      ),
      claim(
        'conjugates-mirror',
        'Complex-conjugate angles (φ, −φ) give mirrored (complex-conjugate) learning dynamics.',
        x.mirror.length ? x.mirror.map((m) => `±${piLabel(m.phi)}: ${m.gap.toExponential(2)}`).join('; ') : 'no ±φ pair in phisOverPi',
        'max |z(φ) − conj z(−φ)| over b and ac < 1e-9',
        x.mirror.length > 0 && x.mirror.every((m) => m.gap < 1e-9),
      ),
      claim(
        'io-imag-sign',
        'Although δ is real, the input-output modes adapt along a small imaginary part before converging to a real solution; its sign is that of the imaginary part of the recurrent mode.',
        `${runs.map((run, i) => `${run.config}: max |Im ac| ${round(x.maxImAc[i], 3)}, same sign as Im b: ${x.imSignAgree[i]}`).join('; ')}; final max |Im ac| ${finalImAc.toExponential(2)}`,
        'same sign in every configuration with sin φ ≠ 0, max |Im ac| > 1e-3 there, final |Im ac| < optTol',
        rotating.length > 0 && rotating.every((i) => x.imSignAgree[i] && x.maxImAc[i] > 1e-3) && finalImAc < p.optTol,
      ),
      claim(
        'io-imag-magnitude',
        'The magnitude of the imaginary deviation of the input-output modes depends on the magnitude of the angle (larger for φ = π/4 than π/8).',
        phis.map((f, i) => `${piLabel(f)}: ${round(x.maxImAc[i], 3)}`).join('; '),
        'max |Im ac| increases with |φ| among 0 < |φ| ≤ π/2',
        magOk,
      ),
      claim(
        'further-slowest',
        'The mode whose optimum lies furthest from the initialisation b(0) converges slowest.',
        runs
          .map(
            (run, i) =>
              `${run.config}: |b* − b(0)| = ${round(x.distance[i], 3)}, t_conv = ${run.tConv === null ? 'not converged' : round(run.tConv, 3)}`,
          )
          .join('; '),
        `the largest t_conv belongs to the largest distance (${runs[far].config})`,
        far === slowest && Number.isFinite(times[far]),
      ),
      angleFirstClaim(runs),
      ...wirtingerClaims(r),
    ];
  },
  spec: {
    title: 'Fig. A10 — inverse-exponential rotations with different angles φ',
    subtitle: (p) =>
      `λ = ${p.Rlambda === 1 ? '' : `${p.Rlambda}·`}e^(iφ), δ = ${polarLabel(p.Rdelta, p.phiDeltaOverPi)}, T = ${p.T}, b(0) = ${p.b0}, a(0) = ${p.a0}, c(0) = ${p.c0}`,
  },
});

export default figA10;
