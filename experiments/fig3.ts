/**
 * Fig. 3 (§3.3, App. F): task dynamics determine solution stability and extrapolation ability.
 *
 * Columns: constant dynamics swept over δ; inverse-exponential and exponential dynamics swept over λ.
 * Rows: the learned recurrent mode b and input-output mode ac of full aligned networks (one independent,
 * seeded network per sweep point, modes recovered as in App. P.3) against the zero-loss global solutions
 * of App. F.3 (dashed). Learned solutions with b > 1 are marked unstable; runs that diverge or never settle
 * are marked at their sweep value and listed, never drawn as numbers. Bottom: the error of trained networks
 * run on fresh trajectories of length T′ ≠ T against the task dynamics re-generated at T′ (App. F.1).
 */
import type { Figure, FigureResult } from '../src/figure.js';
import { globalSolution, taskDynamics } from '../src/core/tasks.js';
import { sweepModes, sweepNetworks, type NetworkPoint } from '../src/core/sweep.js';
import { extrapolationCurve, networkExtrapolationCurve } from '../src/core/extrapolate.js';
import { claim, maxOf, noGaps, round, snapValues } from '../src/kit.js';
import { tau as timeConstant, stepsFor } from '../src/core/timescale.js';
import { modeResidual } from '../src/core/energy.js';
import {
  balancedGlobalModes,
  earlyImportance,
  gdEdges,
  growsAwayFrom,
  rhoAtGlobalSolution,
  runStatus,
  stillFalling,
  type RunStatus,
} from '../src/core/stability.js';
import {
  figureSpec,
  hconcat,
  lineChart,
  vconcat,
  type LineChartOptions,
  type MarkerSet,
  type RuleOptions,
  type LineSeries,
} from '../src/render/spec.js';
import { KINDS, SWEEP_RULES, keyOf, modeRelError, sweepValues, type Kind, type SweepKnobs } from './lib/dynamics-sweep.js';
import { notes } from './notes/fig3.js';
import { padded } from './lib/plots.js';

export interface Fig3Params extends SweepKnobs {
  T: number;
  N: number;
  P: number;
  eta: number;
  tEnd: number;
  a0: number;
  b0: number;
  c0: number;
  divergenceBound: number;
  convTol: number;
  agreeTol: number;
  unstableTol: number;
  extrapKinds: string[];
  extrapDeltas: number[];
  extrapLambdas: number[];
  extrapTMax: number;
  extrapTol: number;
}

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

const LABEL: Record<Kind, string> = { constant: 'constant', invexp: 'inverse-exponential', exp: 'exponential' };
const SHORT: Record<Kind, string> = { constant: 'constant', invexp: 'inv.-exp.', exp: 'exp.' };
const COLOUR: Record<Kind, string> = { constant: '#4c78a8', invexp: '#f58518', exp: '#54a24b' };

export type Status = RunStatus;

export interface Point {
  key: string;
  kind: Kind;
  delta: number;
  lambda: number;
  /** the swept value: δ (constant) or λ */
  x: number;
  status: Status;
  /** learned modes; null unless converged (diverged or oscillating runs are never numbers) */
  b: number | null;
  ac: number | null;
  /** App. F.3 global solution */
  bTheory: number;
  acTheory: number;
  /** final loss / initial loss (null when diverged) */
  lossRatio: number | null;
  /** GD stability ratio λ_max(∇²E)/τ at the F.3 solution (balanced a = c); GD can settle there only if < 2 */
  rho: number;
  /** learned b > 1 + unstableTol (null unless converged) */
  unstable: boolean | null;
  /** s_t > s_{t+1} for all t (true), s_t < s_{t+1} (false), flat (null) */
  earlyImportance: boolean | null;
  /** the reduced dynamics (eq. 5–7) from the same initial modes, same τ and steps */
  reduced: { status: Status; b: number | null; ac: number | null };
  offDiagonal: number;
  failure: null | { step: number | null; reason: string };
}

export interface ExtrapSeries {
  config: string;
  kind: Kind;
  delta: number;
  lambda: number;
  key: string;
  status: Status;
  Tp: number[];
  /** full network on fresh whitened data of length T′ (null when the network did not converge) */
  network: Array<number | null>;
  /** the learned modes' prediction Σ_t (s_t − c b^{T′−t} a)² */
  modes: Array<number | null>;
  /** the App. F.3 solution's error at T′ */
  theory: number[];
  /** errors relative to Σ_t s_t(T′)² */
  networkRel: Array<number | null>;
  theoryRel: number[];
  targetEnergy: number[];
}

export interface Fig3Result extends FigureResult {
  series: { points: Record<Kind, Point[]>; extrapolation: ExtrapSeries[]; gdEdges: Record<Kind, number[]> };
  extra: {
    tau: number;
    steps: number;
    reducedGap: number;
    statusMismatches: string[];
    extrapNetworkVsModes: number;
    offDiagonal: number;
    /** wall-clock time of the stages (not snapshotted) */
    timingsMs: { training: number; reduced: number; extrapolation: number };
  };
}

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
  claims(r, p) {
    const all = KINDS.flatMap((k) => r.series.points[k]);
    const conv = all.filter((x) => x.status === 'converged');
    const failed = all.filter((x) => x.status !== 'converged');
    const matchErr = conv.length ? maxOf(conv.map(modeRelError)) : NaN;
    const perPanel = KINDS.map(
      (k) => `${k}: ${r.series.points[k].filter((x) => x.status === 'converged').length}/${r.series.points[k].length}`,
    ).join(', ');
    const everyPanel = KINDS.every((k) => r.series.points[k].some((x) => x.status === 'converged'));

    // early importance ⇔ b > 1 among converged runs with λ ≠ 1
    const dyn = conv.filter((x) => x.kind !== 'constant' && x.earlyImportance !== null);
    const wrong = dyn.filter((x) => x.unstable !== x.earlyImportance);
    const early = (k: Kind) => dyn.filter((x) => x.kind === k && x.earlyImportance);
    const listB = (k: Kind) =>
      r.series.points[k]
        .filter((x) => x.unstable)
        .map((x) => `λ=${x.lambda}: b=${round(x.b!)}`)
        .join(', ') || 'none';

    // constant: ρ grows with δ; failures only above every converged δ
    const cst = r.series.points.constant;
    const rhoMonotone = cst.every((x, i) => i === 0 || x.rho > cst[i - 1].rho);
    const cConv = cst.filter((x) => x.status === 'converged'),
      cFail = cst.filter((x) => x.status !== 'converged');
    const maxConv = cConv.length ? Math.max(...cConv.map((x) => x.delta)) : -Infinity;
    const minFail = cFail.length ? Math.min(...cFail.map((x) => x.delta)) : Infinity;

    // the GD edge ρ = 2 separates converged from failed runs
    const edgeExceptions = all
      .filter((x) => x.rho < 2 !== (x.status === 'converged'))
      .map((x) => `${x.key} (ρ=${round(x.rho)}, ${x.status})`);

    // extrapolation
    const ex = r.series.extrapolation;
    const expEx = ex.filter((e) => e.kind === 'exp');
    const stableEx = ex.filter((e) => e.kind !== 'exp');
    const T = p.T;
    const expChecks = expEx.map((e) => {
      const v = e.networkRel;
      if (!noGaps(v)) return { ok: false, text: `${e.config}: network ${e.status}` };
      const iT = e.Tp.indexOf(T);
      const grows = growsAwayFrom(e.Tp, v, T); // on each side of T, the error increases with |T′ − T|
      const atT = iT >= 0 ? v[iT] : NaN;
      const off = v.filter((_, j) => e.Tp[j] !== T);
      const minOff = off.length ? Math.min(...off) : NaN;
      const ok = grows && atT <= p.extrapTol && minOff > p.extrapTol;
      return {
        ok,
        text: `${e.config}: relative error ${round(atT)} at T′ = T, min ${round(minOff)} at T′ ≠ T, ${round(v[0])} at T′ = ${e.Tp[0]}, ${round(v[v.length - 1])} at T′ = ${e.Tp[e.Tp.length - 1]}; grows with |T′ − T|: ${grows}`,
      };
    });
    const stableChecks = stableEx.map((e) => {
      const v = e.networkRel;
      if (!noGaps(v)) return { ok: false, text: `${e.config}: network ${e.status}` };
      const worst = maxOf(v);
      return { ok: worst <= p.extrapTol, text: `${e.config}: max relative error ${worst.toExponential(2)} over T′ = 1..${p.extrapTMax}` };
    });

    const noNumbers =
      failed.every((x) => x.b === null && x.ac === null) &&
      failed.length === (r.diverged ?? []).filter((d) => all.some((x) => x.key === (d as { key: string }).key)).length;
    const divList = failed.map((x) => `${x.key}: ${x.status}`).join('; ') || 'none';

    return [
      claim(
        'match-F3',
        `Learned solutions match the global solutions of App. F.3 (constant b = 1, ac = δ; inverse-exp b = λ, ac = δ; exp b = 1/λ, ac = δλ^T). Converged runs per panel: ${perPanel}.`,
        Number.isFinite(matchErr) ? matchErr : null,
        `max relative error of b and ac over converged runs < ${p.agreeTol}, and every panel has a converged run`,
        everyPanel && matchErr < p.agreeTol,
      ),
      claim(
        'early-importance-unstable',
        'Inverse-exponential dynamics with λ > 1 and exponential dynamics with λ < 1 (early importance, s_t > s_{t+1}) give unstable solutions b > 1; the others b < 1.',
        `b > 1 at inverse-exp ${listB('invexp')}; exp ${listB('exp')}; ${wrong.length} mismatches`,
        `learned b > 1 + ${p.unstableTol} exactly for early-importance runs (converged runs, λ ≠ 1), with at least one early-importance converged run in each of the two panels`,
        wrong.length === 0 && early('invexp').length > 0 && early('exp').length > 0,
      ),
      claim(
        'constant-delta-stability',
        'Constant dynamics: solutions are stable for δ → 0 and less stable for δ ≫ 0 (optimisation harder near b = 1 with large input-output modes).',
        `sharpness ratio ρ at F.3 from ${round(cst[0]?.rho ?? NaN)} (δ=${cst[0]?.delta}) to ${round(cst[cst.length - 1]?.rho ?? NaN)} (δ=${cst[cst.length - 1]?.delta}), increasing: ${rhoMonotone}; largest converged δ = ${maxConv}, smallest failed δ = ${Number.isFinite(minFail) ? minFail : 'none'}`,
        'ρ = λ_max(∇²E)/τ at the solution increases with δ, and every run that failed to converge has a larger δ than every converged run',
        rhoMonotone && maxConv < minFail,
      ),
      claim(
        'gd-edge',
        "Which runs fail is predicted by the solution's sharpness: gradient descent with step 1/τ settles only where ρ = λ_max(∇²E)/τ < 2.",
        edgeExceptions.length ? edgeExceptions.join('; ') : `0 exceptions over ${all.length} runs (${failed.length} failed)`,
        'converged ⇔ ρ < 2 for every run',
        edgeExceptions.length === 0,
      ),
      claim(
        'exp-no-extrapolation',
        'The exponential solution (ac = δλ^T) does not extrapolate to other trajectory lengths, and its error grows with |T′ − T| (App. F.1).',
        expChecks.map((c) => c.text).join('; ') || 'no exponential configuration',
        `relative error ≤ ${p.extrapTol} at T′ = T, > ${p.extrapTol} at every T′ ≠ T, increasing with |T′ − T| on both sides`,
        expChecks.length > 0 && expChecks.every((c) => c.ok),
      ),
      claim(
        'stable-extrapolate',
        'Inverse-exponential and constant dynamics extrapolate to other trajectory lengths.',
        stableChecks.map((c) => c.text).join('; ') || 'no such configuration',
        `relative error ≤ ${p.extrapTol} at every T′`,
        stableChecks.length > 0 && stableChecks.every((c) => c.ok),
      ),
      claim(
        'network-equals-modes',
        'A trained network run on fresh data of length T′ makes exactly the error its modes predict, Σ_t (s_t(T′) − c b^{T′−t} a)².',
        r.extra.extrapNetworkVsModes,
        'max |error_network − error_modes| / Σ_t s_t(T′)² < 1e-9',
        r.extra.extrapNetworkVsModes < 1e-9,
      ),
      claim(
        'reduced-matches-network',
        'The reduced dynamics (eq. 5–7) reach the same converged values as the full networks, and fail on the same runs.',
        `max gap ${r.extra.reducedGap.toExponential(2)}; status mismatches: ${r.extra.statusMismatches.length ? r.extra.statusMismatches.join('; ') : 'none'}`,
        'max |network − reduced| < 1e-9 on b and ac, and no status mismatch',
        r.extra.reducedGap < 1e-9 && r.extra.statusMismatches.length === 0,
      ),
      claim(
        'diverged-reported',
        'Runs that diverge (or never settle) are reported as such, never as numbers.',
        divList,
        'every failed run is listed in `diverged` and has no learned values',
        noNumbers,
      ),
      claim(
        'stays-aligned',
        'Aligned networks stay aligned during training (converged runs).',
        r.extra.offDiagonal,
        'largest off-diagonal entry of the recovered W̄ < 1e-8',
        r.extra.offDiagonal < 1e-8,
      ),
    ];
  },
  spec(r, p) {
    const tau = r.extra.tau;
    const xTitle: Record<Kind, string> = { constant: 'δ', invexp: 'λ', exp: 'λ' };
    const panelTitle: Record<Kind, string> = {
      constant: 'constant: s_t = δ',
      invexp: `inverse-exponential: s_t = δλ^(T−t), δ = ${p.invexpDelta}`,
      exp: `exponential: s_t = δλ^t, δ = ${p.expDelta}`,
    };
    const kindLabels = { simulation: 'network (learned)', theory: 'global solution, App. F.3' };
    const panel = (k: Kind, q: 'b' | 'ac', legends: boolean) => {
      const pts = r.series.points[k];
      const name = LABEL[k];
      const theoryY = (x: Point) => (q === 'b' ? x.bTheory : x.acTheory);
      const series: LineSeries[] = [
        { name, kind: 'simulation', x: pts.map((x) => x.x), y: pts.map((x) => x[q]) },
        { name, kind: 'theory', x: pts.map((x) => x.x), y: pts.map(theoryY) },
      ];
      // Every panel carries the same three marker sets (possibly empty), so the shape legend is the same everywhere.
      const markers: MarkerSet[] = [
        {
          label: 'unstable solution (b > 1)',
          shape: 'triangle-up',
          points: pts.filter((x) => x.unstable).map((x) => ({ x: x.x, y: x[q]! })),
        },
        {
          label: 'not converged',
          shape: 'diamond',
          points: pts.filter((x) => x.status === 'not converged').map((x) => ({ x: x.x, y: theoryY(x) })),
        },
        { label: 'diverged', shape: 'x', points: pts.filter((x) => x.status === 'diverged').map((x) => ({ x: x.x, y: theoryY(x) })) },
      ];
      // the labels go left of the rule, inside the plot (the edge often sits near the right border)
      const rules: RuleOptions[] = r.series.gdEdges[k].map((x) => ({ x, label: 'GD edge', labelAt: 'start' }));
      // Left, over a halo: on the right the markers of failed runs sit on the line b = 1.
      if (q === 'b') rules.push({ y: 1, label: 'b = 1', labelAt: 'start', halo: true });
      // y from 0 (or below) with headroom; round-off around a constant value must not set the scale
      const ys = [...pts.map((x) => x[q]), ...pts.map(theoryY)].filter((v): v is number => v !== null && Number.isFinite(v));
      const top = Math.max(q === 'b' ? 1 : 0, ...ys);
      const bottom = Math.min(0, ...ys);
      // The panel title names the dynamics (no colour legend); solid/dashed and marker legends once per figure.
      return lineChart({
        title: q === 'b' ? panelTitle[k] : undefined,
        x: { title: xTitle[k], domain: padded(pts.map((x) => x.x)) },
        y: { title: q, domain: [bottom, top + 0.15 * (top - bottom || 1)], nice: true },
        series,
        palette: [COLOUR[k]],
        kindTitle: 'line',
        kindLabels,
        showPoints: true,
        markers,
        rules,
        hideLegends: legends ? ['color'] : ['color', 'strokeDash', 'shape'],
        width: 230,
        height: 160,
      });
    };
    const ex = r.series.extrapolation;
    // On the log panel a relative error below ROUND_OFF is an exact zero computed in floating point
    // (float64 round-off of O(1) outputs accumulated over T′ steps), not a measurement: not drawn.
    const ROUND_OFF = 1e-12;
    const exSeries = (rel: 'networkRel' | 'theoryRel', e: ExtrapSeries, log = false) =>
      log ? e[rel].map((v) => (v !== null && v < ROUND_OFF ? null : v)) : e[rel];
    const extrapPanel = (log: boolean, hideLegends: LineChartOptions['hideLegends'] = []) =>
      lineChart({
        title: log ? 'the same, log scale (errors < 1e-12, round-off, not drawn)' : `extrapolation: trained at T = ${p.T}, run at T′`,
        x: { title: 'T′ (trajectory length)', tickCount: p.extrapTMax },
        y: { title: 'relative error at T′', ...(log ? { scale: 'log' as const, format: '.0e' } : {}) },
        series: ex.flatMap((e) => [
          { name: e.config, kind: 'simulation' as const, x: e.Tp, y: exSeries('networkRel', e, log) },
          { name: e.config, kind: 'theory' as const, x: e.Tp, y: exSeries('theoryRel', e, log) },
        ]),
        colorTitle: 'trained on',
        palette: ex.map((e) => COLOUR[e.kind]),
        kindTitle: 'line',
        kindLabels: { simulation: 'trained network, fresh data', theory: 'F.3 solution at T′' },
        showPoints: true,
        rules: [{ x: p.T, label: 'T' }],
        markers: ex.some((e) => e.status !== 'converged')
          ? [
              {
                label: 'network did not converge',
                shape: 'x',
                points: ex.filter((e) => e.status !== 'converged').map((e) => ({ x: p.T, y: log ? 1 : 0, series: e.config })),
              },
            ]
          : undefined,
        hideLegends,
        width: 300,
        height: 170,
      });
    return figureSpec(
      'Fig. 3 — task dynamics determine solution stability and extrapolation ability',
      vconcat(
        [
          hconcat(
            KINDS.map((k, i) => panel(k, 'b', i === KINDS.length - 1)),
            { independentLegends: true },
          ),
          hconcat(
            KINDS.map((k) => panel(k, 'ac', false)),
            { independentLegends: true },
          ),
          hconcat([extrapPanel(false, ['color', 'strokeDash', 'shape']), extrapPanel(true)], { independentLegends: true }),
        ],
        { spacing: 22 },
      ),
      {
        subtitle: `T = ${p.T}; one aligned network (N = ${p.N}) per point, a(0) = b(0) = c(0) = ${p.a0}, gradient descent with η = ${p.eta} (τ = ${round(tau)}) for t_θ/τ = ${p.tEnd}; failed runs are marked on the F.3 line`,
      },
    );
  },
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
