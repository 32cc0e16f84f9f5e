/** `lrnn report`: read the figure JSONs of an output folder, write REPORT.md and report.html beside them. */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { UsageError } from '../errors.js';
import type { FigureMeta } from '../figure.js';
import { writeAtomic } from '../output/files.js';
import { provenance } from '../output/provenance.js';
import { renderHtml, renderMarkdown } from './report.js';
import { buildModel, hasUnreadable, type ReportItem } from './model.js';

export interface ReportResult {
  markdown: string;
  html: string;
  run: number;
  notRun: string[];
  unreadable: string[];
  /** True when an output could not be read: `lrnn report` then exits 1. */
  failed: boolean;
}

/** Write the report of `outDir` for `figures` (every figure, in catalog order: src/registry.ts loadAllFigures). */
export function writeReport(outDir: string, figures: ReadonlyArray<FigureMeta>): ReportResult {
  const dir = resolve(outDir);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new UsageError(`--out ${outDir}: no such folder (run \`lrnn repro …\` first, or name the folder that holds the figure JSONs)`);
  }
  const items: ReportItem[] = figures.map((fig) => readItem(dir, fig.id, fig));
  const unreadable = items.filter((it) => it.error !== undefined).map((it) => it.entry.id);
  const pv = provenance();
  const generated = `report written by lrnn ${pv.version}${pv.gitCommit ? ` (commit ${pv.gitCommit.slice(0, 12)})` : ''}, Node ${pv.node}`;
  const markdown = join(dir, 'REPORT.md');
  const html = join(dir, 'report.html');
  const model = buildModel(items, generated);
  writeAtomic(markdown, renderMarkdown(model));
  writeAtomic(html, renderHtml(model));
  const ran = (i: ReportItem) => i.error === undefined && (i.json !== null || i.robustness !== undefined);
  return {
    markdown,
    html,
    run: items.filter(ran).length,
    notRun: items.filter((i) => i.error === undefined && !ran(i)).map((i) => i.entry.id),
    unreadable,
    failed: hasUnreadable(items),
  };
}

/** Parse one JSON file: the value, or the reason it cannot be used (parse error, wrong shape). */
function readJson(path: string, check: (v: unknown) => string | null): { value: unknown } | { error: string } {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    return { error: `cannot read it (${(err as NodeJS.ErrnoException).code ?? String(err)})` };
  }
  try {
    const value: unknown = JSON.parse(text);
    const problem = check(value);
    return problem ? { error: problem } : { value };
  } catch (err) {
    return { error: `${text.trim() === '' ? 'the file is empty' : `not valid JSON (${(err as Error).message})`}` };
  }
}

const hasClaims = (v: unknown) =>
  typeof v !== 'object' || v === null || Array.isArray(v)
    ? 'not a JSON object'
    : !Array.isArray((v as { claims?: unknown }).claims)
      ? 'no claims array'
      : null;

/** What the folder holds for one figure: its JSON, output files and robustness table. */
function readItem(dir: string, id: string, entry: ReportItem['entry']): ReportItem {
  const file = (name: string) => (existsSync(join(dir, name)) ? name : undefined);
  const files: ReportItem['files'] = {
    png: file(`${id}.png`),
    svg: file(`${id}.svg`),
    json: file(`${id}.json`),
    vl: file(`${id}.vl.json`),
    robustness: file(`${id}.robustness.json`),
  };
  const item: ReportItem = { entry, json: null, files };
  if (files.json) {
    const r = readJson(join(dir, files.json), hasClaims);
    if ('error' in r) return { ...item, error: `${files.json}: ${r.error}` };
    item.json = r.value;
  }
  if (files.robustness) {
    const r = readJson(join(dir, files.robustness), hasClaims);
    if ('error' in r) return { ...item, error: `${files.robustness}: ${r.error}` };
    item.robustness = r.value;
    // `--seeds` writes each seed's outputs into seed-<n>/ beside the robustness table.
    const seeds = (r.value as { seeds?: unknown }).seeds;
    for (const seed of Array.isArray(seeds) ? seeds : []) {
      const sub = `seed-${seed}`;
      const seedFile = (ext: string) => file(`${sub}/${id}.${ext}`);
      if (seedFile('json'))
        files.seeds = [...(files.seeds ?? []), { seed: Number(seed), json: seedFile('json')!, png: seedFile('png'), svg: seedFile('svg') }];
    }
  }
  return item;
}
