/**
 * Fig. 4 (§3.4, eq. 10–11): phase transition between feedforward and recurrent solutions.
 *
 * Three task families, one SV dimension each, colour = κ (the feedforward computation s_T):
 *  - constant (eq. 10, f = 1): s_t = δ for t < T, s_T = κ; x-axis δ;
 *  - exponential (eq. 10, f = λ^t): s_t = δλ^t for t < T, s_T = κ; x-axis λ (δ fixed);
 *  - Dirac delta (eq. 11): s_1 = β, s_T = κ, 0 otherwise; x-axis β.
 * Simulation (solid): gradient descent on the connectivity modes, i.e. the reduced dynamics eq. 5–7 (exactly
 * one step of an aligned network per Euler step), run to the end of training; every (panel, T) sweep is one
 * vectorised simulation, and a subset is re-run as full aligned networks (trainAligned) to check it.
 * Theory (dashed): the global minimum of the energy over (u = ac, b) — u at its optimum (eq. 101), b by the
 * certified branch and bound of src/core/landau.ts over [−bMax, bMax].
 * Dotted: the 0-loss solution of the unmodified dynamics (App. F.3; none exists for the Dirac task).
 * Transitions are located on the learned b with src/core/transition.ts (steepest step, maximum-slope width),
 * after refining the steepest interval of every sweep.
 * This module holds the metadata, params, rules, validate, run and snapshot; the folder fig4/ holds the types
 * (types.ts), what they share (common.ts: panels, ranges, the 0-loss solution), the claims and the spec.
 */
import type { Figure } from '../src/figure.js';
import { ALIGNED_TASK, type AlignedRunSpec } from '../src/core/aligned.js';
import type { ModePoint } from '../src/core/sweep.js';
import { gdStabilityRatio } from '../src/core/sweep.js';
import { diracDelta, taskDynamics, withLastValue } from '../src/core/tasks.js';
import { minimiseProfile } from '../src/core/landau.js';
import { locateTransition, refinedTransition } from '../src/core/transition.js';
import { endState, twoCycle as twoCycleOf, settledModes } from '../src/core/settle.js';
import { etaFor } from '../src/core/timescale.js';
import { linspace, maxOf, round, snapValues, spreadIndices } from '../src/kit.js';
import { notes } from './notes/fig4.js';
import { refinedSweeps, type PhasePointOutput, type SweepGroup } from './lib/phase.js';
import { PANELS, PANEL_TITLE, X_SYMBOL, rangeOf, type Panel } from './fig4/common.js';
import type { B0ScanEntry, Fig4Params, Fig4Result, Sweep, SweepPoint, Verification } from './fig4/types.js';
import { claims as claimsOfFig4 } from './fig4/claims.js';
import { spec as specOfFig4 } from './fig4/spec.js';

export type { Fig4Params, Fig4Result } from './fig4/types.js';

const paper: Fig4Params = {
  Ts: [3, 6, 12],
  kappas: [0.5, 1, 1.5],
  points: 41,
  zoom: 9,
  constantRange: [0, 1],
  expRange: [0.1, 1.1],
  expDelta: 1,
  diracRange: [0, 3],
  a0: 0.1,
  b0: 0.8,
  tEnd: 100,
  tauPerT3: 1,
  tauMin: 50,
  bMax: 3,
  oscTol: 1e-7,
  rhoEdge: 1.5,
  minJump: 0.05,
  ffTol: 0.05,
  recTol: 0.1,
  sharpTol: 0.1,
  verifyT: 6,
  verifyP: 64,
  b0Scan: [0.5, 0.8, 0.95],
};

const quick: Fig4Params = { ...paper, Ts: [3, 12], points: 21, zoom: 5, tEnd: 60, verifyT: 3, b0Scan: [0.5, 0.95] };

function tauFor(p: Fig4Params, T: number): number {
  return Math.max(p.tauMin, p.tauPerT3 * T ** 3);
}

/** The task of eq. (10) / (11) at one sweep point. */
function taskAt(p: Fig4Params, panel: Panel, x: number, kappa: number, T: number): Float64Array {
  if (panel === 'constant') return withLastValue(taskDynamics('constant', x, 1, T), kappa); // eq. (10), λ = 1
  if (panel === 'exp') return withLastValue(taskDynamics('exp', p.expDelta, x, T), kappa); // eq. (10)
  return diracDelta(x, kappa, T); // eq. (11)
}

const twoCycle = (r: PhasePointOutput, tol: number) => twoCycleOf(r, r.prev, r.prev2, tol);

const key = (panel: string, T: number, kappa: number, x: number) => `${panel}/T=${T}/κ=${kappa}/x=${x}`;

const fig4: Figure<Fig4Params, Fig4Result> = {
  id: 'fig4',
  group: 'phase',
  title: 'Phase transition between feedforward and recurrent solutions',
  paper: 'Fig. 4, §3.4, eq. 10–11',
  caption: 'Task dynamics modulate phase transitions of network connectivity modes.',
  params: { paper, quick },
  rules: {
    Ts: { min: 3, max: 20, integer: true, minLength: 2, cost: 3, help: 'trajectory lengths, at least two (the claim is about T growing)' },
    kappas: { min: 0.05, max: 5, minLength: 1, cost: 0, help: 'target last singular value κ = s_T of each sweep (one colour each)' },
    points: { min: 5, max: 401, integer: true, cost: 1, help: 'sweep points per panel, T and κ' },
    zoom: { min: 0, max: 50, integer: true, help: 'extra points refining the steepest step of each sweep (0: none)' },
    constantRange: { min: 0, max: 5, minLength: 2, help: 'δ range lo,hi of the constant-dynamics panel (λ = 1)' },
    expRange: {
      min: 0.01,
      max: 1.3,
      minLength: 2,
      help: 'λ range lo,hi of the exponential panel; above ~1.2 s_t = δλ^t is large and gradient descent unstable at the default τ',
    },
    expDelta: { min: 0.05, max: 5, help: 'δ of the exponential panel' },
    diracRange: { min: 0, max: 10, minLength: 2, help: 'β range lo,hi of the Dirac panel (s_1 = β)' },
    a0: { min: 1e-4, max: 2, help: 'initial a(0) = c(0)' },
    b0: { min: 0, max: 1.5, help: 'initial recurrent mode b(0)' },
    tEnd: { min: 1, max: 2000, cost: 1, help: 'training time t_θ/τ' },
    tauPerT3: { min: 0.01, max: 100, cost: 1, help: 'τ = max(tauMin, tauPerT3·T³) steps per unit of t_θ/τ' },
    tauMin: { min: 1, max: 1e5, help: 'smallest τ (steps per unit of t_θ/τ)' },
    bMax: { min: 0.5, max: 100, help: 'the theory minimises the energy over b ∈ [−bMax, bMax]' },
    oscTol: { min: 0, max: 1, help: 'a final period-2 oscillation of b larger than this is reported as a 2-cycle' },
    rhoEdge: { min: 0.1, max: 2, help: 'verification points with ρ = λ_max(∇²E)/τ at or above this are reported, not counted' },
    minJump: { min: 0, max: 10, help: 'a change of b smaller than this across a sweep is no transition' },
    ffTol: { min: 0, max: 1, help: 'feedforward solution: |b| < ffTol and |ac − κ|/κ < ffTol at the first sweep point' },
    recTol: { min: 0, max: 5, help: 'recurrent solution: |b − b₀|/b₀ < recTol at the last sweep point' },
    sharpTol: { min: 0, max: 1, help: 'the transition width at the largest T must be below this fraction of the sweep range' },
    verifyT: { min: 3, max: 20, integer: true, help: 'T of the full-network verification points; must be one of Ts' },
    verifyP: { min: 8, max: 4096, integer: true, help: 'trajectories of the full-network verification (≥ N·T + 1)' },
    b0Scan: { min: 0, max: 1.5, cost: 0, help: 'extra b(0) values whose Dirac transition is reported in extra.b0Scan' },
  },
  notes,
  validate(p) {
    if (!p.Ts.includes(p.verifyT)) return `verifyT=${p.verifyT} must be one of Ts (${p.Ts.join(', ')})`;
    if (p.verifyP < p.kappas.length * p.verifyT + 1)
      return `verifyP=${p.verifyP} is too small: whitening needs P ≥ N·T + 1 = ${p.kappas.length * p.verifyT + 1}`;
    for (const [name, r] of [
      ['constantRange', p.constantRange],
      ['expRange', p.expRange],
      ['diracRange', p.diracRange],
    ] as const) {
      if (r.length !== 2 || !(r[0] < r[1])) return `${name} must be two increasing numbers lo,hi (got ${r.join(',')})`;
    }
    if (new Set(p.Ts).size !== p.Ts.length || p.Ts.some((T, i) => i > 0 && T <= p.Ts[i - 1]))
      return `Ts must be increasing without repeats (got ${p.Ts.join(',')})`;
    return null;
  },
  async run(p, ctx) {
    const modePoint = (panel: Panel, T: number, kappa: number, x: number, b0 = p.b0): ModePoint => ({
      key: key(panel, T, kappa, x) + (b0 === p.b0 ? '' : `/b0=${b0}`),
      s: Array.from(taskAt(p, panel, x, kappa, T)),
      a0: p.a0,
      b0,
      c0: p.a0,
    });
    const stepsFor = (T: number) => Math.ceil(p.tEnd * tauFor(p, T));

    // One task per (T, panel): a coarse grid per κ (plus the b(0) scan of the Dirac task), then its steepest step refined.
    const coarse = new Map<string, number[]>();
    const groups: SweepGroup[] = p.Ts.flatMap((T) =>
      PANELS.map((panel) => {
        const [lo, hi] = rangeOf(p, panel);
        const xs = linspace(lo, hi, p.points);
        for (const kappa of p.kappas) coarse.set(`${panel}/${T}/${kappa}`, xs);
        const kMid = p.kappas[Math.floor(p.kappas.length / 2)];
        return {
          T,
          tau: tauFor(p, T),
          steps: stepsFor(T),
          curves: p.kappas.map((kappa) => ({ id: `${panel}/${T}/${kappa}`, xs, point: (x: number) => modePoint(panel, T, kappa, x) })),
          extra:
            panel === 'dirac' ? p.b0Scan.filter((b0) => b0 !== p.b0).flatMap((b0) => xs.map((x) => modePoint(panel, T, kMid, x, b0))) : [],
        };
      }),
    );
    const learnedB = (r: PhasePointOutput): number | null => (r.diverged ? null : settledModes(r, r.prev, twoCycle(r, p.oscTol).cycle).b);
    const { results, added: extraXs } = await refinedSweeps(ctx, groups, learnedB, { zoom: p.zoom, minJump: p.minJump });
    const bSeries = (panel: Panel, T: number, kappa: number, xs: number[], b0 = p.b0) =>
      xs.map((x) => learnedB(results.get(key(panel, T, kappa, x) + (b0 === p.b0 ? '' : `/b0=${b0}`))!));

    // Assemble sweeps with theory.
    ctx.progress('global minima of the energy');
    const sweeps: Sweep[] = [];
    const diverged: unknown[] = [];
    for (const T of p.Ts) {
      for (const panel of PANELS) {
        for (const kappa of p.kappas) {
          const xs = [...coarse.get(`${panel}/${T}/${kappa}`)!, ...extraXs.get(`${panel}/${T}/${kappa}`)!].sort((u, v) => u - v);
          const points: SweepPoint[] = xs.map((x) => {
            const r = results.get(key(panel, T, kappa, x))!;
            const s = taskAt(p, panel, x, kappa, T);
            const th = minimiseProfile(s, [-p.bMax, p.bMax], { tolB: 1e-8 }); // b* to 1e-8 is plenty for a plot
            if (r.diverged)
              diverged.push({
                panel,
                T,
                kappa,
                x,
                step: r.diverged.step,
                reason: r.diverged.reason,
                what: `${PANEL_TITLE[panel]}, T = ${T}, κ = ${kappa}, ${X_SYMBOL[panel]} = ${x}`,
              });
            return { x, ...endState(r, s, tauFor(p, T), p.oscTol), bTheory: th.b, acTheory: th.u, theoryAtBound: th.atBound };
          });
          // The theory's own transition, on the sweep grid refined inside its steepest interval (no simulation needed).
          const bStar = (x: number) => minimiseProfile(taskAt(p, panel, x, kappa, T), [-p.bMax, p.bMax], { tolB: 1e-8 }).b;
          const theoryTransition = refinedTransition(
            xs,
            points.map((q) => q.bTheory),
            bStar,
            p.zoom,
            { minJump: p.minJump },
          );
          sweeps.push({
            panel,
            T,
            kappa,
            tau: tauFor(p, T),
            steps: stepsFor(T),
            points,
            transition: locateTransition(
              xs,
              points.map((q) => q.b),
              { minJump: p.minJump },
            ),
            theoryTransition,
          });
        }
      }
    }

    // The Dirac transition of gradient descent for several b(0) (coarse grid, middle κ).
    const b0Scan: B0ScanEntry[] = [];
    const kMid = p.kappas[Math.floor(p.kappas.length / 2)];
    for (const T of p.Ts) {
      for (const b0 of p.b0Scan) {
        const xs = coarse.get(`dirac/${T}/${kMid}`)!;
        const tr = locateTransition(xs, bSeries('dirac', T, kMid, xs, b0), { minJump: p.minJump });
        b0Scan.push({ T, kappa: kMid, b0, location: tr ? tr.location : null, width: tr ? tr.width : null });
      }
    }

    // Full aligned networks at a few points: all κ as the dimensions of one network per (panel, x).
    ctx.progress('full networks');
    const T = p.verifyT;
    const tau = tauFor(p, T);
    const N = p.kappas.length;
    const specs: AlignedRunSpec[] = [];
    const verifyAt: Array<{ panel: Panel; x: number }> = [];
    for (const panel of PANELS) {
      const xs = coarse.get(`${panel}/${T}/${p.kappas[0]}`)!;
      const sw = sweeps.find((s) => s.panel === panel && s.T === T && s.kappa === kMid)!;
      const loc = sw.transition ? sw.transition.location : xs[Math.floor(xs.length / 2)];
      const near = xs.reduce((best, x) => (Math.abs(x - loc) < Math.abs(best - loc) ? x : best), xs[0]);
      for (const x of [...new Set([xs[0], near, xs[xs.length - 1]])]) {
        const s: number[] = [];
        for (const kappa of p.kappas) s.push(...taskAt(p, panel, x, kappa, T));
        specs.push({
          s,
          D: N,
          T,
          N,
          P: p.verifyP,
          a0: p.kappas.map(() => p.a0),
          b0: p.kappas.map(() => p.b0),
          c0: p.kappas.map(() => p.a0),
          eta: etaFor(p.verifyP, N, tau),
          steps: stepsFor(T),
          recordEvery: stepsFor(T),
          seed: ctx.seedFor(`network/${panel}/x=${x}`),
        });
        verifyAt.push({ panel, x });
      }
    }
    const nets = await ctx.map(ALIGNED_TASK, specs, 'networks');
    const verification: Verification[] = nets.map((net, i) => {
      const { panel, x } = verifyAt[i];
      const last = net.t.length - 1;
      let gap = 0;
      let cycle = false;
      let rho = 0;
      p.kappas.forEach((kappa, k) => {
        const r = results.get(key(panel, T, kappa, x))!;
        cycle ||= twoCycle(r, p.oscTol).cycle;
        rho = Math.max(rho, gdStabilityRatio(r.a, r.b, r.c, taskAt(p, panel, x, kappa, T), tau));
        gap = Math.max(gap, Math.abs(net.b[last][k] - r.b), Math.abs(net.a[last][k] * net.c[last][k] - r.a * r.c));
      });
      if (net.diverged) {
        diverged.push({
          what: `full network, ${PANEL_TITLE[panel]}, T = ${T}, ${X_SYMBOL[panel]} = ${x} (all κ)`,
          panel,
          T,
          x,
          network: true,
          ...net.diverged,
        });
      }
      return {
        panel,
        T,
        x,
        gap: net.diverged ? Infinity : gap,
        offDiagonal: net.offDiagonal,
        diverged: Boolean(net.diverged),
        edge: cycle || !(rho < p.rhoEdge),
        rho,
      };
    });

    const oscillating = sweeps
      .map((s) => ({ panel: s.panel, T: s.T, kappa: s.kappa, xs: s.points.filter((q) => q.cycle).map((q) => q.x) }))
      .filter((o) => o.xs.length > 0)
      .map((o) => ({ ...o, count: o.xs.length }));
    const maxDrift = Object.fromEntries(
      PANELS.map((panel) => [
        panel,
        maxOf(sweeps.filter((s) => s.panel === panel).flatMap((s) => s.points.filter((q) => !q.cycle).map((q) => q.drift))),
      ]),
    ) as Record<Panel, number>;
    return {
      series: { sweeps },
      diverged,
      extra: {
        b0Scan,
        verification,
        maxNetworkGap: maxOf(verification.filter((v) => !v.edge).map((v) => v.gap)),
        oscillating,
        locations: sweeps.map((s) => ({
          panel: s.panel,
          T: s.T,
          kappa: s.kappa,
          gradientDescent: s.transition?.location ?? null,
          globalMinimum: s.theoryTransition?.location ?? null,
        })),
        maxDrift,
        taus: Object.fromEntries(p.Ts.map((T) => [`T=${T}`, tauFor(p, T)])),
      },
    };
  },
  claims: claimsOfFig4,
  spec: specOfFig4,
  snapshot(r) {
    const values: Record<string, number> = {};
    for (const s of r.series.sweeps) {
      const k = `${s.panel}.T=${s.T}.κ=${s.kappa}`;
      values[`${k}.location`] = s.transition?.location ?? NaN;
      values[`${k}.width`] = s.transition?.width ?? NaN;
      values[`${k}.theoryLocation`] = s.theoryTransition?.location ?? NaN;
      for (const i of spreadIndices(s.points.length, 5)) {
        const q = s.points[i];
        values[`${k}.b@${round(q.x, 4)}`] = q.b ?? NaN;
        values[`${k}.ac@${round(q.x, 4)}`] = q.ac ?? NaN;
        values[`${k}.bTheory@${round(q.x, 4)}`] = q.bTheory;
      }
    }
    return snapValues(values, { abs: 1e-9, rel: 1e-6 });
  },
};

export default fig4;
