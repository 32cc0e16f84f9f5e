/**
 * figM2 (beyond the paper; App. M.3): the two network cases trained side by side at every sweep point, the
 * T-output network (an output at every step) and the single-output network of Fig. 3; run() and the spec use them.
 */
export type Case = 'T-output' | 'single-output';
export const CASES: readonly Case[] = ['T-output', 'single-output'];
