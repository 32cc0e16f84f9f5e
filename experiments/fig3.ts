/**
 * Fig. 3 (§3.3, App. F): task dynamics determine solution stability and extrapolation ability.
 *
 * Columns: constant dynamics swept over δ; inverse-exponential and exponential dynamics swept over λ.
 * Rows: the learned recurrent mode b and input-output mode ac of full aligned networks (one independent,
 * seeded network per sweep point, modes recovered as in App. P.3) against the zero-loss global solutions
 * of App. F.3 (dashed). Learned solutions with b > 1 are marked unstable; runs that diverge or never settle
 * are marked at their sweep value and listed, never drawn as numbers. Bottom: the error of trained networks
 * run on fresh trajectories of length T′ ≠ T against the task dynamics re-generated at T′ (App. F.1).
 *
 * This module holds the metadata, parameters, run() and snapshot; the types, claims and spec are in
 * experiments/fig3/ (types.ts, claims.ts, spec.ts).
 */
import type { Figure } from '../src/figure.js';
import { globalSolution, taskDynamics } from '../src/core/tasks.js';
import { sweepModes, sweepNetworks, type NetworkPoint } from '../src/core/sweep.js';
import { extrapolationCurve, networkExtrapolationCurve } from '../src/core/extrapolate.js';
import { round, snapValues } from '../src/kit.js';
import { tau as timeConstant, stepsFor } from '../src/core/timescale.js';
import { modeResidual } from '../src/core/energy.js';
import { balancedGlobalModes, earlyImportance, gdEdges, rhoAtGlobalSolution, runStatus, stillFalling } from '../src/core/stability.js';
import { KINDS, SWEEP_RULES, keyOf, sweepValues, type Kind } from './lib/dynamics-sweep.js';
import { notes } from './notes/fig3.js';
import { claims as claimsOfFig3 } from './fig3/claims.js';
import { spec as specOfFig3 } from './fig3/spec.js';
import type { ExtrapSeries, Fig3Params, Fig3Result, Point, Status } from './fig3/types.js';

export type { ExtrapSeries, Fig3Params, Fig3Result, Point, Status } from './fig3/types.js';

const range = (lo: number, hi: number, step: number): number[] => {
  const out: number[] = [];
  for (let k = 0; lo + k * step <= hi + 1e-9; k++) out.push(Math.round((lo + k * step) * 1e6) / 1e6);
  return out;
};

const paper: Fig3Params = {
  T: 5,
  N: 3,
  P: 32,
  eta: 0.75,
  tEnd: 150,
  a0: 0.1,
  b0: 0.1,
  c0: 0.1,
  constantDeltas: range(0.25, 5, 0.25),
  invexpLambdas: range(0.5, 1.5, 0.1),
  invexpDelta: 1,
  expLambdas: range(0.6, 1.5, 0.1),
  expDelta: 1,
  divergenceBound: 1e6,
  convTol: 1e-12,
  agreeTol: 1e-4,
  unstableTol: 1e-3,
  extrapKinds: ['constant', 'invexp', 'exp'],
  extrapDeltas: [1, 1, 1],
  extrapLambdas: [1, 0.8, 1.2],
  extrapTMax: 10,
  extrapTol: 1e-6,
};

const quick: Fig3Params = {
  ...paper,
  tEnd: 60,
  constantDeltas: [0.5, 1, 2, 3, 5],
  invexpLambdas: [0.6, 0.9, 1.2, 1.5],
  expLambdas: [0.7, 0.9, 1.2, 1.5],
};

const SHORT: Record<Kind, string> = { constant: 'constant', invexp: 'inv.-exp.', exp: 'exp.' };

/** Sweep values in the range of the sweep where ρ at the F.3 solution crosses 2: the predicted edge of convergent GD. */
function edgesOf(kind: Kind, p: Fig3Params, tau: number): number[] {
  const xs = sweepValues(p, kind).map((v) => v.x);
  if (xs.length < 2) return [];
  const delta = kind === 'invexp' ? p.invexpDelta : p.expDelta;
  return gdEdges(
    (x) => (kind === 'constant' ? rhoAtGlobalSolution(kind, x, 1, p.T, tau) : rhoAtGlobalSolution(kind, delta, x, p.T, tau)),
    Math.min(...xs),
    Math.max(...xs),
  );
}

const fig3: Figure<Fig3Params, Fig3Result> = {
  id: 'fig3',
  group: 'stability',
  title: 'Learned solutions for constant / inverse-exp / exp dynamics; stability; extrapolation',
  paper: 'Fig. 3, §3.3, App. F',
  caption: 'Task dynamics determine solution stability and extrapolation ability.',
  params: { paper, quick },
  rules: {
    T: { min: 2, max: 30, integer: true, cost: 1, help: 'trajectory length trained on' },
    N: { min: 1, max: 16, integer: true, cost: 3, help: 'network width N_x = N_h = N_y (the task uses one SV dimension)' },
    P: { min: 2, max: 100000, integer: true, cost: 1, help: 'trajectories; at least N·T + 1 (whitening)' },
    eta: { min: 1e-6, max: 100, cost: -1, help: 'learning rate η; τ = P·N/η' },
    tEnd: { min: 1e-3, max: 1e4, cost: 1, help: 'training time t_θ/τ' },
    a0: { min: 1e-6, max: 10, help: 'initial input mode a(0)' },
    b0: { min: -10, max: 10, help: 'initial recurrent mode b(0)' },
    c0: { min: 1e-6, max: 10, help: 'initial output mode c(0)' },
    ...SWEEP_RULES,
    divergenceBound: { min: 1, max: 1e100, help: 'a run diverges when a weight exceeds this or turns non-finite' },
    convTol: { min: 0, max: 1, help: 'converged = final loss ≤ convTol × initial loss' },
    agreeTol: { min: 0, max: 10, help: 'relative tolerance of learned b and ac against the App. F solutions' },
    unstableTol: { min: 0, max: 1, help: 'a learned b counts as unstable when b > 1 + unstableTol' },
    extrapKinds: { choices: KINDS, minLength: 1, help: 'dynamics of the extrapolation runs' },
    extrapDeltas: { min: 1e-3, max: 100, minLength: 1, help: 'δ of each extrapolation run (as many as extrapKinds)' },
    extrapLambdas: { min: 0.05, max: 10, minLength: 1, help: 'λ of each extrapolation run (as many as extrapKinds)' },
    extrapTMax: { min: 2, max: 60, integer: true, help: 'longest trajectory T′ the trained networks are run on' },
    extrapTol: { min: 0, max: 1, help: 'relative error below which extrapolation counts as exact' },
  },
  notes,
  validate(p) {
    if (p.P < p.N * p.T + 1) return `P=${p.P} is too small: whitening needs P ≥ N·T + 1 = ${p.N * p.T + 1}`;
    if (p.extrapDeltas.length !== p.extrapKinds.length || p.extrapLambdas.length !== p.extrapKinds.length) {
      return `extrapKinds (${p.extrapKinds.length}), extrapDeltas (${p.extrapDeltas.length}) and extrapLambdas (${p.extrapLambdas.length}) must have the same length`;
    }
    for (const k of KINDS) {
      const xs = sweepValues(p, k).map((v) => v.x);
      if (new Set(xs).size !== xs.length) return `the ${k} sweep has repeated values`;
    }
    return null;
  },
  async run(p, ctx) {
    const T = p.T;
    const tau = timeConstant(p.P, p.N, p.eta); // App. P.2
    const steps = stepsFor(p.tEnd, p.P, p.N, p.eta);

    // Points: every sweep value, plus the extrapolation configurations (the same key = the same network).
    type Cfg = { key: string; kind: Kind; delta: number; lambda: number; x: number; keep: boolean };
    const cfgs = new Map<string, Cfg>();
    for (const kind of KINDS) {
      for (const v of sweepValues(p, kind))
        cfgs.set(keyOf(kind, v.delta, v.lambda), { key: keyOf(kind, v.delta, v.lambda), kind, ...v, keep: false });
    }
    p.extrapKinds.forEach((k, i) => {
      const kind = k as Kind,
        delta = p.extrapDeltas[i],
        lambda = kind === 'constant' ? 1 : p.extrapLambdas[i];
      const key = keyOf(kind, delta, lambda);
      const c = cfgs.get(key);
      if (c) c.keep = true;
      else cfgs.set(key, { key, kind, delta, lambda, x: kind === 'constant' ? delta : lambda, keep: true });
    });
    const list = [...cfgs.values()];
    const sOf = (c: Cfg) => taskDynamics(c.kind, c.delta, c.lambda, T);
    const netPoints: NetworkPoint[] = list.map((c) => ({
      key: c.key,
      s: Array.from(sOf(c)),
      D: 1,
      a0: [p.a0],
      b0: [p.b0],
      c0: [p.c0],
      ...(c.keep ? { keepNetwork: true } : {}),
    }));

    const clock = performance.now();
    ctx.progress('training networks');
    const nets = await sweepNetworks(ctx, netPoints, {
      T,
      N: p.N,
      P: p.P,
      eta: p.eta,
      steps,
      recordEvery: Math.max(1, Math.ceil(steps / 2)),
      divergenceBound: p.divergenceBound,
    });

    const tTrain = performance.now();
    ctx.progress('reduced dynamics');
    const reduced = sweepModes(
      list.map((c) => ({ key: c.key, s: sOf(c), a0: p.a0, b0: p.b0, c0: p.c0 })),
      T,
      {
        tau,
        steps,
        divergenceBound: p.divergenceBound,
      },
    );
    const initialEnergy = (s: Float64Array) => modeResidual(s, p.a0 * p.c0, p.b0);

    const points: Record<Kind, Point[]> = { constant: [], invexp: [], exp: [] };
    const byKey = new Map<string, { point: Point; net: (typeof nets)[number]['run'] }>();
    const diverged: unknown[] = [];
    let reducedGap = 0;
    let offDiagonal = 0;
    const statusMismatches: string[] = [];
    list.forEach((c, i) => {
      const run = nets[i].run;
      const last = run.loss.length - 1;
      const lossRatio = run.diverged ? null : run.loss[last] / run.loss[0];
      const status = runStatus(Boolean(run.diverged), lossRatio, p.convTol);
      const ok = status === 'converged';
      const b = ok ? run.b[last][0] : null;
      const ac = ok ? run.a[last][0] * run.c[last][0] : null;
      const g = globalSolution(c.kind, c.delta, c.lambda, T);
      const s = sOf(c);
      // reduced dynamics: same classification, from the energy (eq. 8) = loss / P-independent constant
      const r = reduced[i];
      const rRatio = r.diverged ? null : modeResidual(s, r.a * r.c, r.b) / initialEnergy(s);
      const rStatus = runStatus(Boolean(r.diverged), rRatio, p.convTol);
      const rOk = rStatus === 'converged';
      if (ok && rOk) reducedGap = Math.max(reducedGap, Math.abs(b! - r.b), Math.abs(ac! - r.a * r.c));
      if ((ok || rOk) && ok !== rOk) statusMismatches.push(`${c.key}: network ${status}, reduced ${rStatus}`);
      if (ok) offDiagonal = Math.max(offDiagonal, run.offDiagonal);
      const point: Point = {
        key: c.key,
        kind: c.kind,
        delta: c.delta,
        lambda: c.lambda,
        x: c.x,
        status,
        b,
        ac,
        bTheory: g.b,
        acTheory: g.ac,
        lossRatio,
        rho: rhoAtGlobalSolution(c.kind, c.delta, c.lambda, T, tau),
        unstable: ok ? b! > 1 + p.unstableTol : null,
        earlyImportance: earlyImportance(s),
        reduced: { status: rStatus, b: rOk ? r.b : null, ac: rOk ? r.a * r.c : null },
        offDiagonal: run.offDiagonal,
        failure: run.diverged
          ? { step: run.diverged.step, reason: run.diverged.reason }
          : ok
            ? null
            : {
                step: null,
                reason:
                  `loss/initial loss = ${lossRatio!.toExponential(2)} > convTol after ${steps} steps; ` +
                  (stillFalling(run.loss)
                    ? 'the loss was still falling (slow learning, not oscillation)'
                    : 'the loss did not fall over the second half of training'),
              },
      };
      byKey.set(c.key, { point, net: run });
      const inSweep = sweepValues(p, c.kind).some((v) => keyOf(c.kind, v.delta, v.lambda) === c.key);
      if (inSweep) points[c.kind].push(point);
      if (!ok)
        diverged.push({
          key: c.key,
          status,
          ...point.failure,
          t: point.failure!.step !== null ? point.failure!.step / tau : null,
          rho: point.rho,
        });
    });
    for (const k of KINDS) points[k].sort((u, v) => u.x - v.x);

    const tReduced = performance.now();
    ctx.progress('extrapolation');
    const lengths = Array.from({ length: p.extrapTMax }, (_, i) => i + 1);
    let extrapNetworkVsModes = 0;
    const extrapolation: ExtrapSeries[] = p.extrapKinds.map((k, i) => {
      const kind = k as Kind,
        delta = p.extrapDeltas[i],
        lambda = kind === 'constant' ? 1 : p.extrapLambdas[i];
      const key = keyOf(kind, delta, lambda);
      const { point, net } = byKey.get(key)!;
      const theory = extrapolationCurve(balancedGlobalModes(kind, delta, lambda, T), kind, delta, lambda, lengths);
      let network: Array<number | null> = lengths.map(() => null);
      let modes: Array<number | null> = lengths.map(() => null);
      let networkRel: Array<number | null> = lengths.map(() => null);
      if (point.status === 'converged' && net.network) {
        const last = net.a.length - 1;
        const m = { a: net.a[last][0], b: net.b[last][0], c: net.c[last][0] };
        const nc = networkExtrapolationCurve(net.network, m, kind, delta, lambda, lengths, p.P, p.N, (Tp) =>
          ctx.rng(`extrapolation/${key}/T'=${Tp}`),
        );
        ({ error: network, relError: networkRel, modes } = nc);
        extrapNetworkVsModes = Math.max(extrapNetworkVsModes, nc.networkVsModes);
      }
      return {
        config: `${SHORT[kind]} δ = ${delta}${kind === 'constant' ? '' : `, λ = ${lambda}`}`,
        kind,
        delta,
        lambda,
        key,
        status: point.status,
        Tp: lengths,
        network,
        modes,
        theory: theory.map((q) => q.error),
        networkRel,
        theoryRel: theory.map((q) => q.relError),
        targetEnergy: theory.map((q) => q.targetEnergy),
      };
    });

    const tExtrap = performance.now();
    const edges = { constant: edgesOf('constant', p, tau), invexp: edgesOf('invexp', p, tau), exp: edgesOf('exp', p, tau) };
    return {
      series: { points, extrapolation, gdEdges: edges },
      diverged,
      notes: [
        `τ = ${round(tau)}, ${steps} gradient steps per network; predicted GD edges (ρ = 2): ${KINDS.map((k) => `${k}: ${edges[k].length ? edges[k].map((x) => round(x)).join(', ') : 'none in range'}`).join('; ')}.`,
      ],
      extra: {
        tau,
        steps,
        reducedGap,
        statusMismatches,
        extrapNetworkVsModes,
        offDiagonal,
        timingsMs: {
          training: Math.round(tTrain - clock),
          reduced: Math.round(tReduced - tTrain),
          extrapolation: Math.round(tExtrap - tReduced),
        },
      },
    };
  },
  claims: claimsOfFig3,
  spec: specOfFig3,
  snapshot(r) {
    const values: Record<string, number> = {};
    const code: Record<Status, number> = { converged: 0, 'not converged': 1, diverged: 2 };
    for (const k of KINDS) {
      for (const x of r.series.points[k]) {
        values[`${x.key}.status`] = code[x.status];
        values[`${x.key}.b`] = x.b ?? NaN;
        values[`${x.key}.ac`] = x.ac ?? NaN;
        values[`${x.key}.rho`] = x.rho;
      }
    }
    for (const e of r.series.extrapolation) {
      e.Tp.forEach((Tp, j) => {
        values[`extrapolation.${e.key}.network@T'=${Tp}`] = e.network[j] ?? NaN;
        values[`extrapolation.${e.key}.theory@T'=${Tp}`] = e.theory[j];
      });
    }
    return snapValues(values, { abs: 1e-9, rel: 1e-6 });
  },
};

export default fig3;
