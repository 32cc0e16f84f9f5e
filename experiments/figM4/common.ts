/**
 * figM4 shared constants (beyond the paper; App. M.5, eq. 160–162): the two output cases and two
 * initialisations of the NTK grid, and the id of each of their panels; used by run() and the spec.
 */
import type { Init } from '../lib/ntk-grid.js';

export type Case = 'T-output' | 'single-output';
export const CASES: readonly Case[] = ['T-output', 'single-output'];
export const INITS: readonly Init[] = ['aligned', 'unaligned'];
export const panelId = (cs: Case, init: Init) => `${cs === 'T-output' ? 'ar' : 'so'}-${init}`;
