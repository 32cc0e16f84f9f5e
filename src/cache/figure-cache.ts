/**
 * Whole-figure results. A figure's run() is a pure function of its code, parameters, seed and scale;
 * besides its points (cached one by one) it does work of its own (theory curves, energy minimisation,
 * all of figA2 and figA3), which a re-run would redo. So the result of run() is cached too, keyed by
 * the identity of the whole built tree (dist/src and dist/experiments, package-lock.json, lrnn and
 * Node versions: any change to any module is a miss, the safe choice for code that imports task
 * modules only by URL) and by (figure, scale, seed, parameters). A miss still finds its points in the
 * point cache, whose keys follow each task's own modules.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serialize } from 'node:v8';
import type { FigureResult, Params, Scale } from '../figure.js';
import type { PointCache } from './point-cache.js';
import { readEntry, removeEntry, sha256, writeEntry } from './store.js';

const DIST = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

function jsFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...jsFiles(p));
    else if (e.name.endsWith('.js')) out.push(p);
  }
  return out;
}

let tree: string | null = null;

/** Hash of every built module of src/ and experiments/, and of the locked dependencies. */
export function treeIdentity(salt: string): string {
  if (tree) return tree;
  const h = createHash('sha256').update(`${salt}\0`);
  const files = ['src', 'experiments']
    .flatMap((d) => (existsSync(join(DIST, d)) ? jsFiles(join(DIST, d)) : []))
    .map((f) => ({ f, rel: relative(DIST, f).split('\\').join('/') }))
    .sort((a, b) => (a.rel < b.rel ? -1 : 1));
  for (const { f, rel } of files) {
    const src = readFileSync(f);
    h.update(`${rel}\0${src.length}\0`).update(src);
  }
  const lock = resolve(DIST, '..', 'package-lock.json');
  if (existsSync(lock)) h.update('lock\0').update(readFileSync(lock));
  tree = h.digest('hex');
  return tree;
}

interface Stored<R> {
  result: R;
  /** Points the run used (for the summary of a run served whole). */
  points: number;
}

export interface FigureKeyInput {
  figure: string;
  scale: Scale;
  seed: number;
  params: Params;
}

export function figureKey(cache: PointCache, k: FigureKeyInput): string {
  return sha256(`${treeIdentity(cache.salt)}\0${k.figure}\0${k.scale}\0${k.seed}\0${JSON.stringify(k.params)}`);
}

export function getFigure<R extends FigureResult>(cache: PointCache, k: FigureKeyInput): Stored<R> | null {
  const key = figureKey(cache, k);
  const r = readEntry<Stored<R>>(cache.dir, k.figure, key, 'results');
  if (r.status === 'hit') return r.value;
  if (r.status === 'corrupt') {
    cache.report(`cache: corrupt result entry of ${k.figure} (${r.reason}); running the figure again`);
    removeEntry(cache.dir, k.figure, key, 'results');
  }
  return null;
}

/** Stores a figure's result; a result that cannot be structured-cloned is simply not stored. */
export function putFigure(cache: PointCache, k: FigureKeyInput, result: FigureResult, points: number): void {
  const stored: Stored<FigureResult> = { result, points };
  try {
    serialize(stored);
  } catch {
    return;
  }
  writeEntry(
    cache.dir,
    figureKey(cache, k),
    { figure: k.figure, fn: 'run', module: `experiments/${k.figure}.js`, code: treeIdentity(cache.salt) },
    stored,
    'results',
  );
}

/** fig.run(params, ctx) through the result cache (when there is a cache). */
export async function runThroughCache<R extends FigureResult>(
  run: () => Promise<R>,
  ctx: { points(): { computed: number; cached: number; byOthers: number }; countCached(n: number): void },
  cache: PointCache | undefined,
  k: FigureKeyInput,
): Promise<R> {
  if (!cache) return run();
  const hit = getFigure<R>(cache, k);
  if (hit) {
    ctx.countCached(hit.points);
    return hit.result;
  }
  const result = await run();
  const p = ctx.points();
  putFigure(cache, k, result, p.computed + p.cached + p.byOthers);
  return result;
}
