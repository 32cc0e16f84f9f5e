/** `lrnn report`: read the figure JSONs of an output folder, write REPORT.md and report.html beside them. */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CATALOG } from '../registry.js';
import { UsageError } from '../errors.js';
import { writeAtomic } from '../output/files.js';
import { provenance } from '../output/provenance.js';
import { reportHtml, reportMarkdown, type FigureJson, type ReportItem } from './report.js';

export interface ReportResult {
  markdown: string;
  html: string;
  run: number;
  notRun: string[];
  unreadable: string[];
}

export function writeReport(outDir: string): ReportResult {
  const dir = resolve(outDir);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new UsageError(`--out ${outDir}: no such folder (run \`lrnn repro …\` first, or name the folder that holds the figure JSONs)`);
  }
  const unreadable: string[] = [];
  const items: ReportItem[] = CATALOG.map((entry) => {
    const path = join(dir, `${entry.id}.json`);
    let json: FigureJson | null = null;
    if (existsSync(path)) {
      try {
        json = JSON.parse(readFileSync(path, 'utf8')) as FigureJson;
        if (!Array.isArray(json.claims)) throw new Error('no claims array');
      } catch {
        unreadable.push(entry.id);
        json = null;
      }
    }
    const image = ['png', 'svg'].map((ext) => `${entry.id}.${ext}`).find((f) => existsSync(join(dir, f))) ?? null;
    return { entry, json, image: json ? image : null };
  });
  const pv = provenance();
  const generated = `report written by lrnn ${pv.version}${pv.gitCommit ? ` (commit ${pv.gitCommit.slice(0, 12)})` : ''}, Node ${pv.node}`;
  const markdown = join(dir, 'REPORT.md');
  const html = join(dir, 'report.html');
  writeAtomic(markdown, reportMarkdown(items, generated));
  writeAtomic(html, reportHtml(items, generated));
  return { markdown, html, run: items.filter((i) => i.json).length, notRun: items.filter((i) => !i.json).map((i) => i.entry.id), unreadable };
}
