/**
 * Shared machinery of the rotation figures A9–A11 (App. N–O): one eigen-aligned real network per
 * configuration (eigendecomposition data of App. P.4.1, one conjugate pair → a 2×2 block), trained by the
 * shared trainer; complex modes recovered (App. P.3) and shown in polar coordinates next to the App. O
 * optima; the reduced Wirtinger dynamics (eq. 182–184) integrated alongside as a check. The claims the
 * three figures share. The figure around it (factory, spec, snapshot): rotation-figure.ts.
 */
import type { RunContext } from '../../src/context.js';
import type { Claim, ParamRule } from '../../src/figure.js';
import { type C, polar, mul, abs, arg, sub, conj, cvecFrom, unwrapAngles, nearestBranch, angleDistance } from '../../src/core/complex.js';
import {
  complexTaskDynamics,
  complexGlobalSolution,
  simulateComplexModes,
  stackComplex,
  EIG_ALIGNED_TASK,
  type EigAlignedRunSpec,
} from '../../src/core/complexmodes.js';
import type { DynamicsKind } from '../../src/core/tasks.js';
import { claim, maxOf, recordInterval, round, stepsFor } from '../../src/kit.js';

/** trainEigAligned (src/core/complexmodes.ts): one eigen-aligned network, trained, with recovered complex modes. */

/** Parameters every rotation figure has. */
export interface RotationCommon {
  T: number;
  P: number;
  N: number;
  eta: number;
  tEnd: number;
  points: number;
  a0: number;
  b0: number;
  c0: number;
  convFrac: number;
  optTol: number;
}

export const COMMON_DEFAULTS = {
  T: 8,
  P: 32,
  N: 2,
  eta: 0.25,
  tEnd: 10,
  points: 300,
  a0: 0.1,
  b0: 0.1,
  c0: 0.1,
  convFrac: 0.01,
  optTol: 1e-3,
} as const;

export const COMMON_QUICK = { eta: 0.5, points: 100 } as const;

export const COMMON_RULES: Record<keyof RotationCommon, ParamRule> = {
  T: { min: 2, max: 40, integer: true, cost: 1, help: 'trajectory length' },
  P: { min: 3, max: 100000, integer: true, cost: 1, help: 'trajectories; must be at least N·T + 1 for whitening' },
  N: {
    min: 2,
    max: 16,
    integer: true,
    cost: 3,
    help: 'network width N_x = N_h = N_y (a conjugate pair uses 2; extra dimensions stay zero)',
  },
  eta: { min: 1e-6, max: 100, cost: -1, help: 'learning rate; τ = P·N_y/η' },
  tEnd: { min: 1e-3, max: 1e4, cost: 1, help: 'training time in t_θ/τ' },
  points: { min: 2, max: 5000, integer: true, help: 'recorded points per training curve' },
  a0: { min: -10, max: 10, help: 'initial input mode a(0) (real)' },
  b0: { min: -10, max: 10, help: 'initial recurrent mode b(0) (real)' },
  c0: { min: -10, max: 10, help: 'initial output mode c(0) (real)' },
  convFrac: { min: 1e-9, max: 1, help: 'convergence: relative distance of b and ac to the optimum stays below this' },
  optTol: { min: 0, max: 1, help: 'final relative distance to the App. O optimum counted as converged' },
};

export const COMMON_NOTES = [
  'Data: eigendecomposition form of App. P.4.1. Each configuration is one complex eigenvalue trajectory d_t = δ f(λ, t) (App. O) with its conjugate: a 2×2 block [[μ, −ν], [ν, μ]] (μ = Re d_t, ν = Im d_t) of a real block-diagonal H_t, Σ^{YX_t} = Q H_t Qᵀ with a Haar-random orthogonal Q, Y_T = Σ_t Q H_t Qᵀ x_t on whitened inputs.',
  'Network: eigen-aligned real LRNN (App. P.1.1) W_x = Q Ā Qᵀ, W_h = Q B̄ Qᵀ, W_y = Q C̄ Qᵀ, whose 2×2 blocks [[Re z, −Im z], [Im z, Re z]] carry the complex modes a, b, c; trained by full-batch gradient descent (shared trainer, exact correlation-space gradient, τ = P·N_y/η); modes recovered as Qᵀ W Q (App. P.3). One network per configuration (N_x = N_h = N_y = N = 2), each with its own seed.',
  'Normalisation: the full real network follows eq. 182–184 exactly, with no extra factor (checked step by step: extra.wirtingerGap; test/complexmodes.test.ts). The energy form eq. 187–189 is off by a factor 2: τ da/dt_θ = −2 ∂(τE)/∂a* = −(∂_{Re a} + i ∂_{Im a})(τE) with τE = ½ Σ_i |d_i − c b^{T−i} a|² (eq. 186); a conjugate pair contributes 2·τE to the network loss of eq. 4 because it occupies two real dimensions.',
  'Parameters the paper leaves open: T = 8 (all configurations reach their zero-loss optimum from small initial modes; at T = 12 gradient descent from b(0) = 0.1 stalls in a non-global stationary point for R = 1, e.g. arg b = 0.117π instead of π/8 with τE = 0.16, so the optimum claims would fail), P = 32 trajectories (≥ N·T + 1), η = 0.25 (τ = 256 steps per unit of t_θ/τ; quick scale η = 1), a(0) = b(0) = c(0) = 0.1 real (b(0) = 0.1 as in Fig. A10; small initial weights as in the main text), training to t_θ/τ = tEnd = 6 (Fig. A9, A10) or 10 (Fig. A11, whose R = 0.4 configuration learns slowest and needs t_θ/τ ≈ 6.1 to get within optTol = 1e-3 of its optimum). Where δ is not given (inverse-exponential and exponential dynamics), δ = 1 as App. O uses for Fig. A10–A11.',
  'Angles are unwrapped over training (continuous, not reduced to (−π, π]); each dashed optimum angle is drawn on the branch φ* + 2πk nearest the final angle. Radii are |b|, |ac|; angles arg b, arg ac in radians.',
  'Metrics. Convergence time t_conv: the first recorded t_θ/τ after which both |b − b*|/|b*| and |ac − (ac)*|/|(ac)*| stay below convFrac = 1%. "The angle adapts before the radius": for each of b and ac, the angular progress 1 − d_φ(t)/d_φ(0) (d_φ = angular distance to the optimum angle, in [0, π]) and the radial progress 1 − |R(t) − R*|/|R(0) − R*|; t½ is the first time a progress reaches ½. The claim holds when t½(angle) < t½(radius) wherever both gaps are non-trivial (initial angular gap ≥ 0.05 rad and radial gap ≥ 1e-3 |R*|); for real targets reached from a real start (e.g. ac → δ = 1) the angle has no gap and is reported as n/a.',
];

/** One configuration: a task d_t = δ f(λ, t) in polar form. */
export interface RotationConfig {
  label: string;
  kind: DynamicsKind;
  deltaR: number;
  /** φ_δ in units of π */
  deltaPhi: number;
  lambdaR: number;
  /** φ_λ in units of π */
  lambdaPhi: number;
}

/** φ/π as a fraction of π for labels: 0.125 → 'π/8', −0.75 → '−3π/4', 0 → '0'. */
export function piLabel(x: number): string {
  if (x === 0) return '0';
  for (let q = 1; q <= 24; q++) {
    const p = Math.round(x * q);
    if (Math.abs(p / q - x) < 1e-9) {
      const sign = p < 0 ? '−' : '';
      const n = Math.abs(p);
      return `${sign}${n === 1 ? '' : n}π${q === 1 ? '' : `/${q}`}`;
    }
  }
  return `${round(x * Math.PI, 3)}`;
}

/** R e^(iφ) for labels, φ in units of π: '0.9·e^(iπ/6)', or just 'R' when φ = 0. */
export function polarLabel(R: number, phiOverPi: number): string {
  return phiOverPi === 0 ? `${R}` : `${R}·e^(i${piLabel(phiOverPi)})`;
}

/** Progress metrics of one polar component. */
export interface Half {
  /** t½ of the angle (null: no angular gap, or never reached) */
  angle: number | null;
  radius: number | null;
  /** whether the angular gap is non-trivial */
  angleGap: boolean;
  radiusGap: boolean;
}

export interface RotationRun {
  config: string;
  kind: DynamicsKind;
  delta: C;
  lambda: C;
  /** task dynamics d_t, t = 1..T */
  d: { re: number[]; im: number[] };
  t: number[];
  bRadius: number[];
  bAngle: number[];
  acRadius: number[];
  acAngle: number[];
  /** imaginary parts (for the sign / size of the ac deviation) */
  bIm: number[];
  acIm: number[];
  optimum: { bRadius: number; bAngle: number; acRadius: number; acAngle: number };
  /** final relative distance to the optimum: max(|b − b*|/|b*|, |ac − (ac)*|/|(ac)*|) */
  finalError: number;
  tConv: number | null;
  half: { b: Half; ac: Half };
  diverged: null | { step: number; reason: string };
  /** t_θ/τ of the divergence (null when the run did not diverge) */
  tDiverged: number | null;
}

export interface RotationData {
  runs: RotationRun[];
  extra: { wirtingerGap: number; offBlock: number; tau: number; steps: number };
  diverged: Array<{ config: string; step: number; reason: string }>;
}

/** validate(): sizes for whitening. */
export function validateCommon(p: RotationCommon): string | null {
  if (p.P < p.N * p.T + 1) return `P=${p.P} is too small: whitening needs P ≥ N·T + 1 = ${p.N * p.T + 1}`;
  return null;
}

function halfTime(t: number[], progress: number[]): number | null {
  const i = progress.findIndex((x) => x >= 0.5);
  return i >= 0 ? t[i] : null;
}

/** Train every configuration (one network each, in workers), recover the modes, compute the metrics. */
export async function runRotation(configs: RotationConfig[], p: RotationCommon, ctx: RunContext): Promise<RotationData> {
  const T = p.T;
  const steps = stepsFor(p.tEnd, p.P, p.N, p.eta);
  const every = recordInterval(steps, p.points);
  const tasks = configs.map((cf) => {
    const delta = polar(cf.deltaR, cf.deltaPhi * Math.PI);
    const lambda = polar(cf.lambdaR, cf.lambdaPhi * Math.PI);
    return { delta, lambda, d: complexTaskDynamics(cf.kind, delta, lambda, T) };
  });
  const one = (v: number) => ({ re: [v], im: [0] });
  const specs: EigAlignedRunSpec[] = configs.map((cf, k) => ({
    modes: [tasks[k].d],
    T,
    N: p.N,
    P: p.P,
    a0: one(p.a0),
    b0: one(p.b0),
    c0: one(p.c0),
    eta: p.eta,
    steps,
    recordEvery: every,
    seed: ctx.seedFor(cf.label),
  }));
  ctx.progress('training');
  const nets = await ctx.map(EIG_ALIGNED_TASK, specs, 'training networks');

  ctx.progress('reduced dynamics');
  // Reduced Wirtinger dynamics (eq. 182–184) from the same initial modes: all configurations at once.
  const red = simulateComplexModes(
    {
      a: cvecFrom(configs.map(() => ({ re: p.a0, im: 0 }))),
      b: cvecFrom(configs.map(() => ({ re: p.b0, im: 0 }))),
      c: cvecFrom(configs.map(() => ({ re: p.c0, im: 0 }))),
    },
    stackComplex(
      tasks.map((x) => x.d),
      T,
    ),
    T,
    { tau: nets[0].tau, steps, recordEvery: every },
  );
  let wirtingerGap = 0;
  nets.forEach((net, k) => {
    net.t.forEach((_, r) => {
      const rec = red.records[r];
      for (const [n, v] of [
        [net.a[r], rec.a],
        [net.b[r], rec.b],
        [net.c[r], rec.c],
      ] as const) {
        // a real (1×1-block) configuration has no imaginary part in the network
        wirtingerGap = Math.max(wirtingerGap, Math.abs(n.re[0] - v.re[k]), Math.abs(n.im[0] - v.im[k]));
      }
    });
  });

  const runs: RotationRun[] = configs.map((cf, k) => {
    const net = nets[k];
    const { delta, lambda, d } = tasks[k];
    const opt = complexGlobalSolution(cf.kind, delta, lambda, T);
    const b: C[] = net.b.map((x) => ({ re: x.re[0], im: x.im[0] }));
    const ac: C[] = net.a.map((x, r) => mul({ re: x.re[0], im: x.im[0] }, { re: net.c[r].re[0], im: net.c[r].im[0] }));
    const bAngle = unwrapAngles(b.map(arg));
    const acAngle = unwrapAngles(ac.map(arg));
    const err = b.map((x, r) => Math.max(abs(sub(x, opt.b)) / abs(opt.b), abs(sub(ac[r], opt.ac)) / abs(opt.ac)));
    let tConv: number | null = null;
    for (let r = err.length - 1; r >= 0; r--) {
      if (!(err[r] <= p.convFrac)) {
        tConv = r + 1 < err.length ? net.t[r + 1] : null;
        break;
      }
      if (r === 0) tConv = net.t[0];
    }
    const halfOf = (z: C[], target: C): Half => {
      const R0 = abs(z[0]),
        Rs = abs(target);
      const a0 = angleDistance(arg(z[0]), arg(target));
      const angleGap = a0 >= 0.05;
      const radiusGap = Math.abs(R0 - Rs) >= 1e-3 * Rs;
      return {
        angle: angleGap
          ? halfTime(
              net.t,
              z.map((x) => 1 - angleDistance(arg(x), arg(target)) / a0),
            )
          : null,
        radius: radiusGap
          ? halfTime(
              net.t,
              z.map((x) => 1 - Math.abs(abs(x) - Rs) / Math.abs(R0 - Rs)),
            )
          : null,
        angleGap,
        radiusGap,
      };
    };
    const bLast = bAngle[bAngle.length - 1],
      acLast = acAngle[acAngle.length - 1];
    return {
      config: cf.label,
      kind: cf.kind,
      delta,
      lambda,
      d,
      t: net.t,
      bRadius: b.map(abs),
      bAngle,
      acRadius: ac.map(abs),
      acAngle,
      bIm: b.map((x) => x.im),
      acIm: ac.map((x) => x.im),
      optimum: {
        bRadius: abs(opt.b),
        bAngle: nearestBranch(arg(opt.b), bLast),
        acRadius: abs(opt.ac),
        acAngle: nearestBranch(arg(opt.ac), acLast),
      },
      finalError: err[err.length - 1],
      tConv,
      half: { b: halfOf(b, opt.b), ac: halfOf(ac, opt.ac) },
      diverged: net.diverged,
      tDiverged: net.diverged ? net.diverged.step / net.tau : null,
    };
  });
  return {
    runs,
    extra: { wirtingerGap, offBlock: maxOf(nets.map((n) => n.offBlock)), tau: nets[0].tau, steps },
    diverged: runs.flatMap((r) => (r.diverged ? [{ config: r.config, ...r.diverged }] : [])),
  };
}

// ---------------------------------------------------------------------------------------------------
// Claims shared by the three figures

export function convergeClaim(
  runs: RotationRun[],
  p: RotationCommon,
  text = 'The connectivity modes converge to the global optima of App. O (b and ac in the complex plane).',
): Claim {
  const worst = maxOf(runs.map((r) => (r.diverged ? Infinity : r.finalError)));
  const per = runs.map((r) => `${r.config}: ${r.diverged ? 'diverged' : round(r.finalError, 3)}`).join('; ');
  return claim(
    'converge-to-optima',
    text,
    `max ${Number.isFinite(worst) ? round(worst, 3) : 'n/a (diverged)'} (${per})`,
    `final max(|b − b*|/|b*|, |ac − (ac)*|/|(ac)*|) < ${p.optTol} for every configuration`,
    worst < p.optTol,
  );
}

export function angleFirstClaim(runs: RotationRun[]): Claim {
  const parts: string[] = [];
  let ok = true,
    n = 0;
  for (const r of runs) {
    for (const key of ['b', 'ac'] as const) {
      const h = r.half[key];
      if (!h.angleGap || !h.radiusGap) {
        parts.push(`${r.config} ${key}: n/a (${!h.angleGap ? 'no angular gap' : 'no radial gap'})`);
        continue;
      }
      n++;
      const fine = h.angle !== null && (h.radius === null || h.angle < h.radius);
      if (!fine) ok = false;
      parts.push(
        `${r.config} ${key}: t½ angle ${h.angle === null ? 'never' : round(h.angle, 3)} vs radius ${h.radius === null ? 'never' : round(h.radius, 3)}`,
      );
    }
  }
  return claim(
    'angle-before-radius',
    'The angle component begins adapting immediately at the onset of training, before the radial component (App. O).',
    parts.join('; '),
    't½(angle) < t½(radius) for b and ac in every configuration where both gaps exist (metric in notes)',
    ok && n > 0,
  );
}

export function wirtingerClaims(d: Pick<RotationData, 'extra'>): Claim[] {
  return [
    claim(
      'network-follows-eq182',
      'The eigen-aligned real network follows the complex mode dynamics of eq. 182–184 (Wirtinger gradients), step for step.',
      d.extra.wirtingerGap,
      'max |network − reduced| over all records < 1e-9',
      d.extra.wirtingerGap < 1e-9,
    ),
    claim(
      'stays-eigen-aligned',
      'An eigen-aligned network stays block-diagonal in the data eigenbasis during training (App. N).',
      d.extra.offBlock,
      'largest deviation of Qᵀ W Q from the 2×2 block structure < 1e-8',
      d.extra.offBlock < 1e-8,
    ),
  ];
}

export function convergenceTimes(runs: RotationRun[]): string {
  return runs.map((r) => `${r.config}: ${r.tConv === null ? 'not converged' : round(r.tConv, 3)}`).join('; ');
}

/** Helper for the conjugate-mirror check: max |z(φ) − conj z(−φ)| over b and ac. */
export function mirrorGap(x: RotationRun, y: RotationRun): number {
  let g = 0;
  for (let i = 0; i < Math.min(x.t.length, y.t.length); i++) {
    const bx = polar(x.bRadius[i], x.bAngle[i]),
      by = polar(y.bRadius[i], y.bAngle[i]);
    const ax = polar(x.acRadius[i], x.acAngle[i]),
      ay = polar(y.acRadius[i], y.acAngle[i]);
    g = Math.max(g, abs(sub(bx, conj(by))), abs(sub(ax, conj(ay))));
  }
  return g;
}
