/**
 * The `lrnn` command line. Parses and validates everything before any figure runs, so a usage error
 * exits 2 with nothing written; a failed claim or snapshot mismatch exits 1 after writing outputs.
 */
import { Command, CommanderError, Option } from 'commander';
import { cpus } from 'node:os';
import { relative, resolve } from 'node:path';
import { GROUPS, type Params, type Scale } from '../figure.js';
import { CATALOG, isImplemented, loadFigure, selectFigures } from '../registry.js';
import { UsageError } from '../errors.js';
import { resolveParams } from '../params.js';
import { runFigure, type Format, type FigureRun } from '../runner.js';
import { workerRunner } from '../pool.js';
import { repoRoot } from '../output/provenance.js';
import { makeProgress } from './progress.js';
import { writeReport } from '../report/write.js';
import { runFailed, summaryJson, summaryText, table } from './summary.js';
import { parseDpi, parseSvgText, parseTheme, parseWidth, type RenderOptions } from '../render/options.js';

export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

interface ReproFlags {
  quick?: boolean;
  out: string;
  format: string;
  seed: string;
  set: string[];
  check?: boolean;
  updateSnapshots?: boolean;
  json?: boolean;
  quiet?: boolean;
  jobs?: string;
  width?: string;
  dpi?: string;
  theme: string;
  svgText: string;
}

function parseIntStrict(name: string, raw: string, min: number): number {
  const v = Number(raw);
  if (!Number.isInteger(v) || v < min) throw new UsageError(`${name} must be a whole number ≥ ${min}, got '${raw}'`);
  return v;
}

function parseFormats(raw: string): Format[] {
  const parts = raw.split(',').map((x) => x.trim()).filter(Boolean);
  if (parts.length === 0) throw new UsageError(`--format needs at least one of png, svg, pdf`);
  for (const p of parts) if (p !== 'png' && p !== 'svg' && p !== 'pdf') throw new UsageError(`--format: '${p}' is not a format (allowed: png, svg, pdf, or a list such as png,svg)`);
  return [...new Set(parts)] as Format[];
}

function addRunOptions(cmd: Command): Command {
  return cmd
    .option('--quick', 'small configuration for CI (default: paper scale)')
    .option('--out <dir>', 'output folder', 'figures')
    .option('--format <list>', 'image formats: png, svg, pdf (comma-separated)', 'png,svg')
    .option('--width <len>', 'printed figure width: 3.3in, 85mm, 17.8cm, 246pt, column (3.25in) or page (6.75in)')
    .option('--dpi <n>', 'PNG resolution (default 144 on screen, 300 for print)')
    .option('--theme <name>', 'screen (figure title, screen sizes) or print (7–9 pt text, lettered panels)', 'screen')
    .option('--svg-text <mode>', 'SVG text: font (embedded font subset) or paths (glyph outlines)', 'font')
    .option('--seed <n>', 'random seed (whole number)', '1')
    .addOption(new Option('--set <key=value>', 'override a parameter (repeatable), e.g. --set T=8 --set deltas=0.5,1,2').argParser((v: string, prev: string[] = []) => [...prev, v]).default([]))
    .option('--check', 'compare the numbers with snapshots/<id>.<scale>.json')
    .option('--update-snapshots', 'rewrite snapshots/<id>.<scale>.json with this run')
    .option('--jobs <n>', 'worker threads for sweeps (default: number of cores)')
    .option('--json', 'machine-readable run summary on stdout')
    .option('--quiet', 'no progress and no summary table');
}

async function repro(ids: string[], flags: ReproFlags): Promise<number> {
  // 1. Validate everything before running anything.
  const scale: Scale = flags.quick ? 'quick' : 'paper';
  const seed = parseIntStrict('--seed', flags.seed, 0);
  const formats = parseFormats(flags.format);
  const render: RenderOptions = {
    theme: parseTheme(flags.theme),
    svgText: parseSvgText(flags.svgText),
    ...(flags.width !== undefined ? { widthPt: parseWidth(flags.width) } : {}),
    ...(flags.dpi !== undefined ? { dpi: parseDpi(flags.dpi) } : {}),
  };
  const jobs = flags.jobs === undefined ? Math.max(1, cpus().length) : parseIntStrict('--jobs', flags.jobs, 1);
  if (flags.check && flags.updateSnapshots) throw new UsageError('--check and --update-snapshots cannot be used together');
  const entries = selectFigures(ids);
  if (entries.length === 0) throw new UsageError(`no implemented figure in '${ids.join(' ')}' yet (\`lrnn list\` shows what is implemented)`);
  const figures = await Promise.all(entries.map(loadFigure));
  const plans = figures.map((fig) => {
    try {
      const { params } = resolveParams(fig.params[scale] as Params, flags.set, fig.rules ?? {});
      const problem = fig.validate?.(params);
      if (problem) throw new UsageError(problem);
      return { fig, params };
    } catch (err) {
      if (err instanceof UsageError) throw new UsageError(`${fig.id}: ${err.message}`);
      throw err;
    }
  });
  if (flags.updateSnapshots && flags.set.length > 0) throw new UsageError('--update-snapshots records the default parameters; drop --set');

  // 2. Run.
  // A terminal that reports no width (e.g. under `script`) gets plain lines: ora cannot lay out a spinner there.
  const tty = Boolean(process.stderr.isTTY) && (process.stderr.columns ?? 0) > 0;
  const display = makeProgress({ quiet: Boolean(flags.quiet), tty });
  const runner = workerRunner(jobs);
  const runs: FigureRun[] = [];
  for (const { fig, params } of plans) {
    try {
      const run = await runFigure(fig, params, {
        scale, seed, formats, render, jobs, runner,
        outDir: resolve(flags.out),
        check: Boolean(flags.check),
        updateSnapshots: Boolean(flags.updateSnapshots),
        snapshotDir: resolve(repoRoot(), 'snapshots'),
        progress: display.forFigure(fig.id),
      });
      const ok = !runFailed(run);
      const msg = `${fig.id}: ${run.claims.filter((c) => c.pass).length}/${run.claims.length} claims, ${(run.elapsedMs / 1000).toFixed(1)} s`;
      if (ok) display.succeed(msg);
      else display.fail(msg);
      runs.push(run);
    } catch (err) {
      display.stop();
      throw err;
    }
  }
  if (flags.json) process.stdout.write(JSON.stringify(summaryJson(runs), null, 2) + '\n');
  else if (!flags.quiet) process.stdout.write(summaryText(runs, Boolean(process.stdout.isTTY)) + '\n');
  return runs.some(runFailed) ? EXIT.failed : EXIT.ok;
}

function list(json: boolean): void {
  if (json) {
    process.stdout.write(JSON.stringify(CATALOG.map((e) => ({ id: e.id, group: e.group, paper: e.paper, title: e.title, implemented: isImplemented(e) })), null, 2) + '\n');
    return;
  }
  const rows = [['id', 'group', 'paper', 'status', 'title']];
  for (const e of CATALOG) rows.push([e.id, e.group, e.paper, isImplemented(e) ? 'implemented' : 'not yet', e.title]);
  process.stdout.write(table(rows) + '\n');
}

export function buildProgram(setExit: (code: number) => void): Command {
  const program = new Command('lrnn')
    .description('Regenerate the figures of "Learning dynamics in linear recurrent neural networks" (Proca et al., ICML 2025)')
    .showSuggestionAfterError(true)
    .exitOverride();
  program.command('list').description('list every figure of the paper and whether it is implemented')
    .option('--json', 'machine-readable').action((o: { json?: boolean }) => list(Boolean(o.json)));
  addRunOptions(program.command('repro').description("regenerate figures: ids (fig2 figA1 …), group names, or 'all'")
    .argument('<figures...>', "figure ids, group names or 'all'"))
    .action(async (ids: string[], flags: ReproFlags) => setExit(await repro(ids, flags)));
  program.command('report').description('write REPORT.md and report.html from the figure JSONs in the output folder')
    .option('--out <dir>', 'folder holding the figure outputs', 'figures')
    .option('--quiet', 'print nothing')
    .action((o: { out: string; quiet?: boolean }) => {
      const r = writeReport(o.out);
      if (!o.quiet) {
        process.stdout.write(`wrote ${relative(process.cwd(), r.markdown)} and ${relative(process.cwd(), r.html)}: ${r.run} figure(s) run, ${r.notRun.length} not run\n`);
        if (r.unreadable.length) process.stderr.write(`lrnn: unreadable figure JSON (reported as not run): ${r.unreadable.join(', ')}\n`);
      }
    });
  for (const group of GROUPS) {
    const members = CATALOG.filter((e) => e.group === group).map((e) => e.id).join(', ');
    addRunOptions(program.command(group).description(`regenerate the ${group} figures (${members})`))
      .action(async (flags: ReproFlags) => setExit(await repro([group], flags)));
  }
  return program;
}

export async function main(argv: string[]): Promise<number> {
  let code: number = EXIT.ok;
  const program = buildProgram((c) => { code = c; });
  try {
    await program.parseAsync(argv);
    return code;
  } catch (err) {
    if (err instanceof CommanderError) {
      // Help and version exit 0; every other commander error is a usage error.
      return err.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    if (err instanceof UsageError) {
      process.stderr.write(`lrnn: ${err.message}\n`);
      return EXIT.usage;
    }
    process.stderr.write(`lrnn: internal error: ${err instanceof Error ? err.stack : String(err)}\n`);
    return EXIT.failed;
  }
}
