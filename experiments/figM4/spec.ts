/**
 * figM4 spec (beyond the paper; App. M.5, eq. 160–162): the NTK heatmap grid of the factory (ntk-figure.ts),
 * one row per initialisation (aligned, unaligned), T-output and single-output side by side.
 */
import type { NtkFigureDef } from '../lib/ntk-figure.js';
import type { FigM4Params, FigM4Result } from './types.js';
import { CASES, INITS, panelId } from './common.js';

export const spec: NtkFigureDef<FigM4Params, FigM4Result>['spec'] = {
  title: 'figM4 (beyond the paper, App. M.5) — NTK kernel distance, T-output vs single-output networks',
  subtitle: (p) =>
    `constant task (δ = ${p.delta}), width ${p.Nh}; T-output: the NTK over all P·T·N_y outputs; D = 1 − ⟨K(0), K(end)⟩ / (‖K(0)‖ ‖K(end)‖)`,
  rows: (r) => INITS.map((init) => CASES.map((cs) => r.series.panels.find((q) => q.id === panelId(cs, init))!)),
};
