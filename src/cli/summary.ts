/** The end-of-run summary table (chalk colours on a TTY) and the machine-readable --json summary. */
import { Chalk, type ChalkInstance } from 'chalk';
import { relative } from 'node:path';
import type { FigureRun } from '../runner.js';
import { describeMismatch } from '../output/snapshot.js';

export function runFailed(r: FigureRun): boolean {
  return r.claims.some((c) => !c.pass) || r.snapshot.status === 'mismatch';
}

function snapText(r: FigureRun): string {
  const s = r.snapshot;
  switch (s.status) {
    case 'match': return `match (${s.compared})`;
    case 'mismatch': return `MISMATCH (${s.mismatches.length}/${s.compared})`;
    case 'missing': return 'no snapshot';
    case 'not-comparable': return 'n/a (params differ)';
    case 'updated': return 'updated';
    default: return '-';
  }
}

function pad(s: string, n: number): string {
  // Pad by visible length (ignore ANSI escapes).
  // eslint-disable-next-line no-control-regex
  const visible = s.replace(/\u001b\[[0-9;]*m/g, '').length;
  return s + ' '.repeat(Math.max(0, n - visible));
}

export function table(rows: string[][]): string {
  const widths = rows[0].map((_, j) => Math.max(...rows.map((r) => r[j].replace(/\u001b\[[0-9;]*m/g, '').length)));
  return rows.map((r) => r.map((c, j) => pad(c, widths[j])).join('  ').trimEnd()).join('\n');
}

export function summaryText(runs: FigureRun[], color: boolean): string {
  const c: ChalkInstance = new Chalk({ level: color ? 1 : 0 });
  const rows = [[c.bold('figure'), c.bold('scale'), c.bold('time'), c.bold('claims'), c.bold('snapshot'), c.bold('outputs')]];
  for (const r of runs) {
    const passed = r.claims.filter((x) => x.pass).length;
    const claimText = `${passed}/${r.claims.length}`;
    const dir = r.outputs.length ? relative(process.cwd(), r.outputs[0]).replace(/[^/]*$/, '') || './' : '';
    rows.push([
      r.figure,
      r.scale,
      `${(r.elapsedMs / 1000).toFixed(1)} s`,
      passed === r.claims.length ? c.green(claimText) : c.red(claimText),
      r.snapshot.status === 'mismatch' ? c.red(snapText(r)) : r.snapshot.status === 'match' ? c.green(snapText(r)) : snapText(r),
      `${r.outputs.length} files in ${dir}`,
    ]);
  }
  const lines = [table(rows)];
  for (const r of runs) {
    for (const cl of r.claims.filter((x) => !x.pass)) {
      lines.push(c.red(`  ✗ ${r.figure} ${cl.id}: ${cl.text} — measured ${JSON.stringify(cl.measured)}, expected ${cl.expected}`));
    }
    if (r.snapshot.status === 'mismatch') {
      for (const m of r.snapshot.mismatches.slice(0, 10)) lines.push(c.red(`  ✗ ${r.figure} snapshot ${describeMismatch(m)}`));
      if (r.snapshot.mismatches.length > 10) lines.push(c.red(`  … and ${r.snapshot.mismatches.length - 10} more mismatches`));
    }
    if (r.diverged > 0) lines.push(c.yellow(`  ! ${r.figure}: ${r.diverged} diverged run(s), listed in ${r.figure}.json`));
  }
  return lines.join('\n');
}

export function summaryJson(runs: FigureRun[]): object {
  return {
    ok: !runs.some(runFailed),
    figures: runs.map((r) => ({
      figure: r.figure,
      scale: r.scale,
      seed: r.seed,
      elapsedMs: r.elapsedMs,
      claims: { passed: r.claims.filter((x) => x.pass).length, total: r.claims.length, failed: r.claims.filter((x) => !x.pass).map((x) => x.id) },
      snapshot: r.snapshot,
      diverged: r.diverged,
      outputs: r.outputs,
    })),
  };
}
