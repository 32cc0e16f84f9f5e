/**
 * Where every regenerated figure of the paper lives (../shared/FIGURES.md), in the paper's order.
 * A figure's metadata (id, title, paper reference, group, caption) is written once, in its module
 * (see FigureMeta); adding a figure means one module under experiments/ and one line here.
 */
import type { Group, AnyFigure } from './figure.js';
import { GROUPS } from './figure.js';
import { UsageError, closest } from './errors.js';

/** One figure: its id and how to load its module. */
export interface CatalogEntry {
  id: string;
  load: () => Promise<AnyFigure>;
}

const entry = (id: string, load: () => Promise<{ default: AnyFigure }>): CatalogEntry => ({
  id,
  load: async () => (await load()).default,
});

export const CATALOG: readonly CatalogEntry[] = [
  entry('fig2', () => import('../experiments/fig2.js')),
  entry('figA1', () => import('../experiments/figA1.js')),
  entry('fig3', () => import('../experiments/fig3.js')),
  entry('fig4', () => import('../experiments/fig4.js')),
  entry('figA2', () => import('../experiments/figA2.js')),
  entry('figA3', () => import('../experiments/figA3.js')),
  entry('fig5', () => import('../experiments/fig5.js')),
  entry('figA4', () => import('../experiments/figA4.js')),
  entry('figA5', () => import('../experiments/figA5.js')),
  entry('figA6', () => import('../experiments/figA6.js')),
  entry('figA7', () => import('../experiments/figA7.js')),
  entry('fig6', () => import('../experiments/fig6.js')),
  entry('figA8', () => import('../experiments/figA8.js')),
  entry('figA9', () => import('../experiments/figA9.js')),
  entry('figA10', () => import('../experiments/figA10.js')),
  entry('figA11', () => import('../experiments/figA11.js')),
  // Beyond the paper: App. M derives the autoregressive T-output case and simulates none of it.
  entry('figM1', () => import('../experiments/figM1.js')),
  entry('figM2', () => import('../experiments/figM2.js')),
  entry('figM3', () => import('../experiments/figM3.js')),
  entry('figM4', () => import('../experiments/figM4.js')),
];

export const FIGURE_IDS: readonly string[] = CATALOG.map((e) => e.id);

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
      `unknown figure '${id}'; did you mean ${closest(id, [...FIGURE_IDS, ...GROUPS, 'all'])
        .map((c) => `'${c}'`)
        .join(', ')}? ` + `(\`lrnn list\` shows all ${FIGURE_IDS.length}; groups: ${GROUPS.join(', ')}, or 'all')`,
    );
  }
  return e;
}

/** Load one figure's module; its metadata is checked against the catalog id. */
export async function loadFigure(e: CatalogEntry): Promise<AnyFigure> {
  const fig = await e.load();
  if (fig.id !== e.id) throw new Error(`experiments/${e.id}.ts exports figure '${fig.id}'`);
  return fig;
}

/** Every figure, in catalog order (loading all modules takes a fraction of a second). */
export async function loadAllFigures(): Promise<Array<AnyFigure>> {
  return Promise.all(CATALOG.map(loadFigure));
}

/**
 * Expand user arguments (figure ids, group names, 'all'; all case-insensitive) into figures, in
 * catalog order, without duplicates. A group is read from the modules, so naming one loads them all.
 */
export async function selectFigures(args: readonly string[]): Promise<Array<AnyFigure>> {
  if (args.length === 0) throw new UsageError(`name at least one figure id, group or 'all' (\`lrnn list\` shows them)`);
  const words = args.map((a) => a.toLowerCase());
  const isGroup = (w: string): w is Group => (GROUPS as readonly string[]).includes(w);
  // Ids are checked first, so a typo is a usage error before any module loads.
  const ids = new Set(words.filter((w) => w !== 'all' && !isGroup(w)).map((w) => entryFor(w).id));
  if (words.includes('all')) return loadAllFigures();
  const groups = new Set(words.filter(isGroup));
  const chosen = groups.size > 0 ? await loadAllFigures() : await Promise.all(CATALOG.filter((e) => ids.has(e.id)).map(loadFigure));
  return chosen.filter((f) => ids.has(f.id) || groups.has(f.group));
}
