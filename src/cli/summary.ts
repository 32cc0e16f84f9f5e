/** The end-of-run summary table (colours when enabled) and the machine-readable --json summary. */
import { Chalk, type ChalkInstance } from 'chalk';
import { relative } from 'node:path';
import { runFailed, tally, type FigureRun } from '../runner.js';
import { describeMismatch, describeVerdictChange } from '../output/snapshot.js';

export { runFailed };

/**
 * Whether to colour a stream: NO_COLOR (any non-empty value) turns colour off, FORCE_COLOR turns it
 * on (FORCE_COLOR=0 off), otherwise colour on a terminal only. See no-color.org.
 */
export function colorEnabled(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false';
  return Boolean(stream.isTTY);
}

function snapText(r: FigureRun): string {
  const s = r.snapshot;
  switch (s.status) {
    case 'match':
      return `match (${s.compared})`;
    case 'mismatch':
      return `MISMATCH (${s.mismatches.length + s.verdicts.length})`;
    case 'missing':
      return 'MISSING';
    case 'not-comparable':
      return 'NOT COMPARABLE';
    case 'updated':
      return 'updated';
    default:
      return '-';
  }
}

function pad(s: string, n: number): string {
  // Pad by visible length (ignore ANSI escapes).
  // eslint-disable-next-line no-control-regex
  const visible = s.replace(/\u001b\[[0-9;]*m/g, '').length;
  return s + ' '.repeat(Math.max(0, n - visible));
}

export function table(rows: string[][]): string {
  // eslint-disable-next-line no-control-regex
  const widths = rows[0].map((_, j) => Math.max(...rows.map((r) => r[j].replace(/\u001b\[[0-9;]*m/g, '').length)));
  return rows
    .map((r) =>
      r
        .map((c, j) => pad(c, widths[j]))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** "5/6 pass, 1 deviation": passes over the claims, and the recorded deviations apart. */
export function claimText(r: FigureRun): string {
  const t = tally(r.claims);
  const parts = [`${t.pass}/${t.total} pass`];
  if (t.deviation) parts.push(`${t.deviation} deviation${t.deviation > 1 ? 's' : ''}`);
  if (t.fail) parts.push(`${t.fail} FAILED`);
  if (t.unexpectedPass) parts.push(`${t.unexpectedPass} UNEXPECTED PASS`);
  return parts.join(', ');
}

export function summaryText(runs: FigureRun[], color: boolean): string {
  const c: ChalkInstance = new Chalk({ level: color ? 1 : 0 });
  const rows = [[c.bold('figure'), c.bold('scale'), c.bold('time'), c.bold('claims'), c.bold('snapshot'), c.bold('outputs')]];
  for (const r of runs) {
    const t = tally(r.claims);
    const text = claimText(r);
    const dir = r.outputs.length ? relative(process.cwd(), r.outputs[0]).replace(/[^/]*$/, '') || './' : '';
    const snapBad = ['mismatch', 'missing', 'not-comparable'].includes(r.snapshot.status);
    rows.push([
      r.figure,
      r.scale,
      `${(r.elapsedMs / 1000).toFixed(1)} s`,
      t.fail || t.unexpectedPass ? c.red(text) : t.deviation ? c.yellow(text) : c.green(text),
      snapBad ? c.red(snapText(r)) : r.snapshot.status === 'match' ? c.green(snapText(r)) : snapText(r),
      `${r.outputs.length} files in ${dir}`,
    ]);
  }
  const lines = [table(rows)];
  for (const r of runs) {
    for (const cl of r.claims) {
      const m = `${r.figure} ${cl.id}: ${cl.text} — measured ${JSON.stringify(cl.measured)}, expected ${cl.expected}`;
      if (cl.verdict === 'fail') lines.push(c.red(`  ✗ ${m}`));
      else if (cl.verdict === 'unexpected-pass')
        lines.push(
          c.red(
            `  ✗ ${r.figure} ${cl.id}: recorded as a deviation at ${r.scale} scale but passes now; the record in experiments/${r.figure}.ts is stale`,
          ),
        );
      else if (cl.verdict === 'deviation')
        lines.push(
          c.yellow(`  ~ ${r.figure} ${cl.id}: deviation (recorded, ${cl.deviation?.kind}) — measured ${JSON.stringify(cl.measured)}`),
        );
    }
    const s = r.snapshot;
    if (s.status === 'mismatch') {
      const all = [...s.verdicts.map(describeVerdictChange), ...s.mismatches.map(describeMismatch)];
      for (const m of all.slice(0, 10)) lines.push(c.red(`  ✗ ${r.figure} snapshot ${m}`));
      if (all.length > 10) lines.push(c.red(`  … and ${all.length - 10} more mismatches`));
    }
    if (s.status === 'missing' || s.status === 'not-comparable') lines.push(c.red(`  ✗ ${r.figure} --check: ${s.reason}`));
    if (r.diverged > 0) lines.push(c.yellow(`  ! ${r.figure}: ${r.diverged} diverged run(s), listed in ${r.figure}.json`));
  }
  return lines.join('\n');
}

export function summaryJson(runs: FigureRun[], extra: { error?: string; notRun?: string[] } = {}): object {
  return {
    ok: !runs.some(runFailed) && extra.error === undefined,
    ...(extra.error !== undefined ? { error: extra.error, notRun: extra.notRun ?? [] } : {}),
    figures: runs.map((r) => {
      const t = tally(r.claims);
      return {
        figure: r.figure,
        scale: r.scale,
        seed: r.seed,
        ok: !runFailed(r),
        elapsedMs: r.elapsedMs,
        claims: {
          passed: t.pass,
          total: t.total,
          deviations: r.claims.filter((x) => x.verdict === 'deviation').map((x) => x.id),
          failed: r.claims.filter((x) => x.verdict === 'fail').map((x) => x.id),
          unexpectedPasses: r.claims.filter((x) => x.verdict === 'unexpected-pass').map((x) => x.id),
        },
        snapshot: r.snapshot,
        diverged: r.diverged,
        outputs: r.outputs,
      };
    }),
  };
}
