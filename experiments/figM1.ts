/**
 * figM1 (beyond the paper; App. M, eq. 152–158): the T-output counterpart of Fig. 2. Full aligned T-output
 * LRNNs trained by gradient descent on eq. 144, against the theory of App. M:
 *  - left: b frozen, balanced a = c; ac against the exact u(t) of eq. 157;
 *  - middle: ac frozen; b against the local Taylor approximation of App. D with the T-output field (eq. 154,
 *    whose derivatives are eq. 158), window by window;
 *  - right: every mode trained; b and ac against the reduced dynamics of eq. 152–155 (Euler, same τ).
 */
import type { Figure } from '../src/figure.js';
import { arExactU, arBRatePoly, arEnergyBDerivative, arSimulateModes, arModeRates, arEnergy } from '../src/core/armodes.js';
import { AR_ALIGNED_TASK, type ArAlignedRunSpec } from '../src/core/araligned.js';
import { taylorBField } from '../src/core/theory.js';
import { polyDerivative, seriesEval } from '../src/core/series.js';
import { maxOf, recordInterval, spreadIndices, stepsFor } from '../src/kit.js';
import { AGREE_RULE, LEFT_RULES, PANEL_PAPER, RIGHT_RULES, column, panelSnapshot, validateRightPanel } from './lib/panels.js';
import { AR_KINDS, AR_NOTE, arDynamics, stackAr } from './lib/autoregressive.js';
import type { FigM1Params, FigM1Result, Series } from './figM1/types.js';
import { claims as claimsOfFigM1 } from './figM1/claims.js';
import { spec as specOfFigM1 } from './figM1/spec.js';

export type { FigM1Params, FigM1Result } from './figM1/types.js';

const paper: FigM1Params = {
  ...PANEL_PAPER,
  leftTEnd: 2,
  rightTEnd: 0.6,
  taylorWindow: 0.02,
  fullDynamics: 'invexp',
  fullDeltas: [1.5, 1],
  fullLambdas: [0.6, 0.9],
  fullInit: 0.1,
  fullTEnd: 3,
  agreeTol: 0.01,
};

const figM1: Figure<FigM1Params, FigM1Result> = {
  id: 'figM1',
  group: 'autoregressive',
  title: 'T-output modes: ac and b learning, simulation vs eq. 152–158',
  paper: 'App. M, eq. 152–158',
  caption: 'Beyond the paper (App. M): learning of input-output and recurrent modes when every timestep is supervised.',
  beyondPaper: true,
  params: { paper, quick: { ...paper, points: 60, eta: 0.2 } },
  rules: {
    T: { min: 2, max: 30, integer: true, cost: 1, help: 'trajectory length (outputs at every t = 1..T)' },
    P: { min: 2, max: 100000, integer: true, cost: 1, help: 'trajectories; at least N·T + 1 for whitening' },
    eta: { min: 1e-6, max: 100, cost: -1, help: 'learning rate; τ = P·N_y/η' },
    points: { min: 2, max: 5000, integer: true, help: 'records per run' },
    leftDynamics: { choices: AR_KINDS, help: 'task dynamics of the left panel (input-output modes, b frozen)' },
    rightDynamics: { choices: AR_KINDS, help: 'task dynamics of the right panel (recurrent modes, ac frozen)' },
    fullDynamics: { choices: AR_KINDS, help: 'task dynamics of the all-modes panel' },
    leftLambda: { min: 0, max: 10, help: 'λ of the left-panel task dynamics' },
    deltas: { min: 1e-3, max: 100, minLength: 1, cost: 0, help: 'δ of each left-panel configuration (one SVD dimension each)' },
    ...LEFT_RULES,
    rightDeltas: { min: 1e-3, max: 100, minLength: 1, cost: 0, help: 'δ of each right-panel configuration (ac frozen at δ)' },
    rightLambdas: { min: 0, max: 10, minLength: 1, help: 'λ of each right-panel configuration (as many as rightDeltas)' },
    ...RIGHT_RULES,
    taylorOrder: { min: 1, max: 20, integer: true, help: 'order of the local Taylor theory of b(t)' },
    taylorWindow: { min: 1e-5, max: 10, help: 'time window t_θ/τ of each Taylor expansion' },
    fullDeltas: { min: 1e-3, max: 100, minLength: 1, cost: 0, help: 'δ of each all-modes configuration' },
    fullLambdas: { min: 0, max: 10, minLength: 1, help: 'λ of each all-modes configuration (as many as fullDeltas)' },
    fullInit: { min: 1e-6, max: 10, help: 'a(0) = b(0) = c(0) of the all-modes panel' },
    fullTEnd: { min: 1e-3, max: 1000, cost: 1, help: 'training time t_θ/τ of the all-modes panel' },
    agreeTol: AGREE_RULE,
  },
  notes: [
    AR_NOTE,
    'App. M gives no configuration; the choices mirror Fig. 2 (fig2) so the two can be read side by side: T = 5, P = 64, η = 0.1 (quick: 0.2; at η = 1, as fig2 quick, the Euler error O(1/τ) of gradient descent against the flow reaches 3% here, because the T-output rates are larger), a(0) = c(0) = 0.1, inverse-exponential dynamics s_{t,i} = δ·0.8^{t−i} with b frozen at 0.8 on the left (u → δ), and s_{t,i} = δλ^{t−i} with ac frozen at δ (a = c = √δ) and b(0) = 0.1 in the middle (b → λ). Training times are shorter than fig2 (left 2, middle 0.6 in t_θ/τ): every output contributes to the gradient, so the sums of eq. 157 (A = Σ_t Σ_i b^{t−i} s_{t,i}, B = Σ_t Σ_i b^{2(t−i)}) are about (T + 1)/2 times those of eq. 47 and learning is that much faster.',
    'Right panel: every mode trained from a(0) = b(0) = c(0) = 0.1 on two inverse-exponential configurations, the network against the reduced dynamics eq. 152–155 integrated with the same Euler step 1/τ (so the two must agree to round-off, not to O(1/τ)).',
    'Taylor approximation (App. M.2): the power-series engine of App. D (src/core/theory.ts taylorBField) with the T-output vector field G(b) = τ db/dt_θ of eq. 154 (src/core/armodes.ts arBRatePoly), order 5, restarted every 0.02 t_θ/τ (fig2 uses 0.05; b moves faster here). As in eq. 49, the paper\'s "d^nE/db^n" of eq. 158 is G^{(n−1)}(b) (the sign-flipped, τ-scaled derivative); eq. 158 printed literally is checked against the derivatives of G at the middle panel\'s initial points (claim eq158-is-field). Its upper limit (2t − n)/2 is fractional for odd n; the floor is used (the dropped terms vanish).',
    'Each panel is one aligned network whose SVD dimensions carry the configurations (N_x = N_h = N_y = number of configurations); staying aligned is checked (extra.offDiagonal). Theory is the continuous-time flow and the simulation gradient descent with step 1/τ: they differ by O(1/τ).',
  ],
  validate(p) {
    const right = validateRightPanel(p);
    if (right) return right;
    if (p.fullDeltas.length !== p.fullLambdas.length)
      return `fullDeltas (${p.fullDeltas.length} values) and fullLambdas (${p.fullLambdas.length} values) must have the same length`;
    const N = Math.max(p.deltas.length, p.rightDeltas.length, p.fullDeltas.length);
    if (p.P < N * p.T + 1) return `P=${p.P} is too small: whitening needs P ≥ N·T + 1 = ${N * p.T + 1}`;
    return null;
  },
  async run(p, ctx) {
    const T = p.T;
    const sLeft = p.deltas.map((d) => arDynamics(p.leftDynamics, d, p.leftLambda, T));
    const sRight = p.rightDeltas.map((d, k) => arDynamics(p.rightDynamics, d, p.rightLambdas[k], T));
    const sFull = p.fullDeltas.map((d, k) => arDynamics(p.fullDynamics, d, p.fullLambdas[k], T));
    const nL = p.deltas.length,
      nR = p.rightDeltas.length,
      nF = p.fullDeltas.length;
    const steps = {
      left: stepsFor(p.leftTEnd, p.P, nL, p.eta),
      right: stepsFor(p.rightTEnd, p.P, nR, p.eta),
      full: stepsFor(p.fullTEnd, p.P, nF, p.eta),
    };
    const fill = (n: number, x: number) => Array.from({ length: n }, () => x);
    const specs: ArAlignedRunSpec[] = [
      {
        s: Array.from(stackAr(sLeft, T)),
        D: nL,
        T,
        N: nL,
        P: p.P,
        a0: fill(nL, p.leftA0),
        c0: fill(nL, p.leftA0),
        b0: fill(nL, p.leftB),
        eta: p.eta,
        steps: steps.left,
        freeze: ['Wh'],
        recordEvery: recordInterval(steps.left, p.points),
        seed: ctx.seedFor('left'),
      },
      {
        s: Array.from(stackAr(sRight, T)),
        D: nR,
        T,
        N: nR,
        P: p.P,
        a0: p.rightDeltas.map(Math.sqrt),
        c0: p.rightDeltas.map(Math.sqrt),
        b0: fill(nR, p.rightB0),
        eta: p.eta,
        steps: steps.right,
        freeze: ['Wx', 'Wy'],
        recordEvery: recordInterval(steps.right, p.points),
        seed: ctx.seedFor('right'),
      },
      {
        s: Array.from(stackAr(sFull, T)),
        D: nF,
        T,
        N: nF,
        P: p.P,
        a0: fill(nF, p.fullInit),
        c0: fill(nF, p.fullInit),
        b0: fill(nF, p.fullInit),
        eta: p.eta,
        steps: steps.full,
        recordEvery: recordInterval(steps.full, p.points),
        seed: ctx.seedFor('full'),
      },
    ];
    ctx.progress('training networks');
    const [L, R, F] = await ctx.map(AR_ALIGNED_TASK, specs, 'training networks');

    ctx.progress('theory');
    const gapOf = (a: number[], b: number[]) => maxOf(a.map((x, i) => Math.abs(x - b[i])));
    const left: Series[] = p.deltas.map((d, k) => {
      const sim = L.a.map((a, r) => a[k] * L.c[r][k]);
      const theory = L.t.map((t) => arExactU(t, p.leftA0 * p.leftA0, p.leftB, sLeft[k], T)); // eq. 157
      return { config: `δ = ${d}`, t: L.t, simulation: sim, theory, target: d, gap: gapOf(sim, theory) };
    });
    const right: Series[] = p.rightDeltas.map((d, k) => {
      const sim = column(R.b, k);
      const G = arBRatePoly(d, sRight[k], T); // eq. 154 with u = ac = δ frozen
      const theory = taylorBField(G, p.rightB0, { order: p.taylorOrder, window: p.taylorWindow, tEnd: p.rightTEnd, samples: R.t }).b;
      return {
        config: `δ = ${d}, λ = ${p.rightLambdas[k]}`,
        t: R.t,
        simulation: sim,
        theory,
        target: p.rightLambdas[k],
        gap: gapOf(sim, theory),
      };
    });
    // eq. 158 literally vs the derivatives of the field, at b(0) and along the middle panel's trajectories
    let eq158Gap = 0;
    p.rightDeltas.forEach((d, k) => {
      for (const b of [p.rightB0, R.b[Math.floor(R.b.length / 2)][k], R.b[R.b.length - 1][k]]) {
        let G = arBRatePoly(d, sRight[k], T);
        for (let n = 1; n <= p.taylorOrder + 1; n++) {
          const lit = arEnergyBDerivative(n, b, d, sRight[k], T);
          const poly = seriesEval(G, b);
          eq158Gap = Math.max(eq158Gap, Math.abs(lit - poly) / Math.max(1, Math.abs(poly)));
          G = polyDerivative(G);
        }
      }
    });
    // all modes: the reduced dynamics eq. 152–155, same τ and steps, recorded at the same steps
    const sF = stackAr(sFull, T);
    const m0 = {
      a: Float64Array.from(fill(nF, p.fullInit)),
      b: Float64Array.from(fill(nF, p.fullInit)),
      c: Float64Array.from(fill(nF, p.fullInit)),
    };
    const red = arSimulateModes(m0, sF, T, { tau: F.tau, steps: steps.full, recordEvery: recordInterval(steps.full, p.points) });
    let reducedGap = 0;
    F.t.forEach((_, r) => {
      for (let k = 0; k < nF; k++) {
        reducedGap = Math.max(
          reducedGap,
          Math.abs(F.a[r][k] - red.records[r].a[k]),
          Math.abs(F.b[r][k] - red.records[r].b[k]),
          Math.abs(F.c[r][k] - red.records[r].c[k]),
        );
      }
    });
    // the rates descend eq. 156: compare with central differences of the energy at a few recorded states
    let energyGradGap = 0;
    const h = 1e-6;
    for (const r of spreadIndices(F.t.length, 5)) {
      for (let k = 0; k < nF; k++) {
        const a = F.a[r][k],
          b = F.b[r][k],
          c = F.c[r][k];
        const rates = arModeRates({ a: Float64Array.of(a), b: Float64Array.of(b), c: Float64Array.of(c) }, sFull[k], T);
        const E = (aa: number, bb: number, cc: number) => arEnergy(aa * cc, bb, sFull[k], T);
        const fd = [
          -(E(a + h, b, c) - E(a - h, b, c)) / (2 * h),
          -(E(a, b + h, c) - E(a, b - h, c)) / (2 * h),
          -(E(a, b, c + h) - E(a, b, c - h)) / (2 * h),
        ];
        [rates.da[0], rates.db[0], rates.dc[0]].forEach((v, q) => {
          energyGradGap = Math.max(energyGradGap, Math.abs(v - fd[q]) / Math.max(1, Math.abs(fd[q])));
        });
      }
    }
    const full: Series[] = p.fullDeltas.flatMap((d, k) => {
      const cfg = `δ = ${d}, λ = ${p.fullLambdas[k]}`;
      const bSim = column(F.b, k),
        bTh = red.records.map((q) => q.b[k]);
      const uSim = F.a.map((a, r) => a[k] * F.c[r][k]),
        uTh = red.records.map((q) => q.a[k] * q.c[k]);
      return [
        { config: `b: ${cfg}`, t: F.t, simulation: bSim, theory: bTh, target: p.fullLambdas[k], gap: gapOf(bSim, bTh) },
        { config: `ac: ${cfg}`, t: F.t, simulation: uSim, theory: uTh, target: d, gap: gapOf(uSim, uTh) },
      ];
    });
    const diverged = [L, R, F].flatMap((x, i) => (x.diverged ? [{ panel: ['left', 'middle', 'right'][i], ...x.diverged }] : []));
    return {
      series: { left, right, full },
      diverged,
      extra: {
        offDiagonal: Math.max(L.offDiagonal, R.offDiagonal, F.offDiagonal),
        tau: { left: L.tau, right: R.tau, full: F.tau },
        steps,
        reducedGap,
        eq158Gap,
        energyGradGap,
        fullLossRatio: F.loss[F.loss.length - 1] / F.loss[0],
      },
    };
  },
  claims: claimsOfFigM1,
  spec: specOfFigM1,
  snapshot(r) {
    return panelSnapshot(r.series);
  },
};

export default figM1;
