/**
 * The catalog of every figure of the paper (../shared/FIGURES.md). A figure is implemented when its
 * entry has `load`; adding a figure means one module under experiments/ and one `load` line here.
 */
import type { CatalogEntry, Figure, Group } from './figure.js';
import { GROUPS } from './figure.js';
import { UsageError, closest } from './errors.js';

export const CATALOG: readonly CatalogEntry[] = [
  { id: 'fig2', group: 'modes', paper: 'Fig. 2, App. C–D', title: 'Learning of input-output (ac) and recurrent (b) modes: simulation vs theory',
    load: async () => (await import('../experiments/fig2.js')).default },
  { id: 'figA1', group: 'modes', paper: 'Fig. A1, App. E', title: 'Ordering of learning: larger and later singular values are learned faster',
    load: async () => (await import('../experiments/figA1.js')).default },
  { id: 'fig3', group: 'stability', paper: 'Fig. 3, §3.3, App. F', title: 'Learned solutions for constant / inverse-exp / exp dynamics; stability; extrapolation',
    load: async () => (await import('../experiments/fig3.js')).default },
  { id: 'fig4', group: 'phase', paper: 'Fig. 4, §3.4, eq. 10–11', title: 'Phase transition between feedforward and recurrent solutions', load: async () => (await import('../experiments/fig4.js')).default },
  { id: 'figA2', group: 'phase', paper: 'Fig. A2, App. G', title: 'Energy landscape: data-driven term, effective regularisation, total', load: async () => (await import('../experiments/figA2.js')).default },
  { id: 'figA3', group: 'phase', paper: 'Fig. A3, App. H', title: 'Landau analysis: minimisers b*, u*, E* vs β', load: async () => (await import('../experiments/figA3.js')).default },
  { id: 'fig5', group: 'ntk', paper: 'Fig. 5, §3.5, App. I–J', title: 'NTK kernel distance vs trajectory length and init scale, aligned and unaligned', load: async () => (await import('../experiments/fig5.js')).default },
  { id: 'figA4', group: 'ntk', paper: 'Fig. A4', title: 'NTK kernel distance, rotational task λ = e^{iπ/12}', load: async () => (await import('../experiments/figA4.js')).default },
  { id: 'figA5', group: 'ntk', paper: 'Fig. A5', title: 'NTK kernel distance, unaligned, hidden width 300', load: async () => (await import('../experiments/figA5.js')).default },
  { id: 'figA6', group: 'ntk', paper: 'Fig. A6', title: 'NTK kernel distance, large init scales (diverged cells missing)', load: async () => (await import('../experiments/figA6.js')).default },
  { id: 'figA7', group: 'ntk', paper: 'Fig. A7', title: 'NTK kernel distance, input-output vs recurrent init scale', load: async () => (await import('../experiments/figA7.js')).default },
  { id: 'fig6', group: 'sensory', paper: 'Fig. 6, §3.6, App. P.4.3', title: 'Sensory integration (mean vs sum): singular values and extrapolation', load: async () => (await import('../experiments/fig6.js')).default },
  { id: 'figA8', group: 'sensory', paper: 'Fig. A8, App. L', title: 'Late- vs early-importance integration: stability and hidden gradient', load: async () => (await import('../experiments/figA8.js')).default },
  { id: 'figA9', group: 'rotation', paper: 'Fig. A9, App. N–O', title: 'Complex task dynamics learned in polar coordinates', load: async () => (await import('../experiments/figA9.js')).default },
  { id: 'figA10', group: 'rotation', paper: 'Fig. A10', title: 'Inverse-exponential rotations with different angles', load: async () => (await import('../experiments/figA10.js')).default },
  { id: 'figA11', group: 'rotation', paper: 'Fig. A11', title: 'Inverse-exponential rotations with different radii', load: async () => (await import('../experiments/figA11.js')).default },
  // Beyond the paper: App. M derives the autoregressive T-output case and simulates none of it.
  { id: 'figM1', group: 'autoregressive', paper: 'App. M, eq. 152–158', beyondPaper: true, title: 'T-output modes: ac and b learning, simulation vs eq. 152–158',
    load: async () => (await import('../experiments/figM1.js')).default },
  { id: 'figM2', group: 'autoregressive', paper: 'App. M.3', beyondPaper: true, title: 'T-output learned solutions: zero loss only for s_{t,i} = δλ^{t−i}',
    load: async () => (await import('../experiments/figM2.js')).default },
  { id: 'figM3', group: 'autoregressive', paper: 'App. M.4, eq. 159', beyondPaper: true, title: 'T-output energy landscape and effective regularisation (eq. 159)',
    load: async () => (await import('../experiments/figM3.js')).default },
  { id: 'figM4', group: 'autoregressive', paper: 'App. M.5, eq. 160–162', beyondPaper: true, title: 'T-output NTK and its kernel distance vs single-output networks',
    load: async () => (await import('../experiments/figM4.js')).default },
];

export const FIGURE_IDS: readonly string[] = CATALOG.map((e) => e.id);

export function isImplemented(e: CatalogEntry): boolean {
  return typeof e.load === 'function';
}

/** Figures of the paper that are not regenerated, with the reason (FIGURES.md). */
export const NOT_REGENERATED: Readonly<Record<string, string>> = {
  fig1: 'Figure 1 is a schematic of the model (an LRNN and its data correlations), not a result; it is not regenerated',
};

/** The catalog entry of an id (case-insensitive), or a usage error naming the closest ids and groups. */
export function entryFor(id: string): CatalogEntry {
  const e = CATALOG.find((x) => x.id.toLowerCase() === id.toLowerCase());
  if (!e) {
    const skipped = NOT_REGENERATED[id.toLowerCase()];
    if (skipped) throw new UsageError(`${id}: ${skipped} (\`lrnn list\` shows the ${FIGURE_IDS.length} figures that are)`);
    throw new UsageError(
      `unknown figure '${id}'; did you mean ${closest(id, [...FIGURE_IDS, ...GROUPS, 'all']).map((c) => `'${c}'`).join(', ')}? ` +
        `(\`lrnn list\` shows all ${FIGURE_IDS.length}; groups: ${GROUPS.join(', ')}, or 'all')`,
    );
  }
  return e;
}

/**
 * Expand user arguments (figure ids, group names, 'all'; all case-insensitive) into catalog entries,
 * in catalog order, without duplicates. Unimplemented figures named explicitly are a usage error;
 * 'all' and group names select the implemented ones.
 */
export function selectFigures(args: readonly string[]): CatalogEntry[] {
  if (args.length === 0) throw new UsageError(`name at least one figure id, group or 'all' (\`lrnn list\` shows them)`);
  const chosen = new Set<string>();
  for (const arg of args) {
    const word = arg.toLowerCase();
    if (word === 'all') {
      CATALOG.filter(isImplemented).forEach((e) => chosen.add(e.id));
    } else if ((GROUPS as readonly string[]).includes(word)) {
      CATALOG.filter((e) => e.group === (word as Group) && isImplemented(e)).forEach((e) => chosen.add(e.id));
    } else {
      const e = entryFor(arg);
      if (!isImplemented(e)) {
        throw new UsageError(`figure '${e.id}' (${e.paper}) is not implemented yet; implemented: ${CATALOG.filter(isImplemented).map((x) => x.id).join(', ')}`);
      }
      chosen.add(e.id);
    }
  }
  return CATALOG.filter((e) => chosen.has(e.id));
}

export async function loadFigure(e: CatalogEntry): Promise<Figure<any, any>> {
  if (!e.load) throw new UsageError(`figure '${e.id}' is not implemented yet`);
  return e.load();
}
