/**
 * The `lrnn` command line. Parses and validates everything before any figure runs, so a usage error
 * exits 2 with nothing written; a failed claim or snapshot mismatch exits 1 after writing outputs.
 */
import { Command, CommanderError, Option } from 'commander';
import { cpus } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { GROUPS, type FigureMeta, type Params, type Scale, type AnyFigure } from '../figure.js';
import { loadAllFigures, selectFigures } from '../registry.js';
import { OutputError, UsageError } from '../errors.js';
import { costWarning, parseWholeNumber, resolveParams } from '../params.js';
import { runFigure, type Format, type FigureRun } from '../runner.js';
import { prepareOutDir, acquireLock, checkTmpDir } from '../output/outdir.js';
import { toJson, writeAtomic } from '../output/files.js';
import { robustness, robustnessText } from '../robustness.js';
import { workerRunner } from '../pool.js';
import { provenance, repoRoot } from '../output/provenance.js';
import { makeProgress } from './progress.js';
import { inLanes } from '../lanes.js';
import { writeReport } from '../report/write.js';
import { claimText, colorEnabled, runFailed, summaryJson, summaryText, table } from './summary.js';
import { paramsCommand, preloadHelpFigures, reproHelpText } from './params.js';
import {
  addCacheOptions,
  cacheSetup,
  pointsSummary,
  pointsText,
  registerCacheCommands,
  reproShards,
  withPoints,
  type CacheFlags,
} from './cache.js';
import { registerSlurmCommand } from './slurm.js';
import { parseDpi, parseSvgText, parseTheme, parseWidth, type RenderOptions } from '../render/options.js';

const provenanceVersion = (): string => provenance().version;

export const EXIT = { ok: 0, failed: 1, usage: 2, output: 3, internal: 70 } as const;

export const EXIT_HELP = `
Exit codes:
  0  every claim as recorded (passes, and recorded deviations from the paper fail as recorded),
     and every checked snapshot matches
  1  a claim failed that is not a recorded deviation, a recorded deviation passed, or --check
     found a mismatch, a missing snapshot or a snapshot made with another seed or parameters
  2  usage error (bad figure, option or parameter; output folder unusable or busy): nothing written
  3  a file could not be written during the run (full disk, I/O error): the previous outputs stay
  70 internal error (a bug: please report it with the stack trace)`;

/** Options that may be given more than once; every other option given twice is a usage error. */
const REPEATABLE = new Set(['--set', '--format', '--sbatch-arg']);

interface ReproFlags extends CacheFlags {
  quick?: boolean;
  out: string;
  format: string[];
  seed?: string;
  seeds?: string;
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

/** A whole number typed in decimal, within [min, max]; anything else (hex, empty, > 2^53) is refused. */
export const parseWhole = parseWholeNumber;

/** `--seeds 1-10` or `--seeds 1,2,5` (ranges and lists may mix: `1-3,7`). */
export function parseSeeds(raw: string): number[] {
  const items = raw.split(',');
  const seeds: number[] = [];
  for (const item of items) {
    const m = /^\s*(\d+)\s*-\s*(\d+)\s*$/.exec(item);
    if (m) {
      const a = parseWhole('--seeds', m[1], 0),
        b = parseWhole('--seeds', m[2], 0);
      if (b < a) throw new UsageError(`--seeds '${raw}': the range ${item.trim()} runs backwards`);
      if (b - a > 999) throw new UsageError(`--seeds '${raw}': at most 1000 seeds`);
      for (let s = a; s <= b; s++) seeds.push(s);
    } else {
      if (item.trim() === '') throw new UsageError(`--seeds '${raw}': empty item (write e.g. 1-10 or 1,2,5)`);
      seeds.push(parseWhole('--seeds', item, 0));
    }
  }
  if (new Set(seeds).size !== seeds.length) throw new UsageError(`--seeds '${raw}': a seed is listed twice`);
  if (seeds.length < 2) throw new UsageError(`--seeds '${raw}': name at least two seeds (use --seed for one)`);
  return seeds;
}

const FORMATS: readonly Format[] = ['png', 'svg', 'pdf'];

function parseFormats(raws: readonly string[]): Format[] {
  const parts: string[] = [];
  for (const raw of raws) {
    const items = raw.split(',').map((x) => x.trim());
    if (items.some((x) => x === ''))
      throw new UsageError(`--format '${raw}': empty item (allowed: ${FORMATS.join(', ')}, comma-separated)`);
    parts.push(...items);
  }
  if (parts.length === 0) throw new UsageError(`--format needs at least one of ${FORMATS.join(', ')}`);
  for (const p of parts)
    if (!(FORMATS as readonly string[]).includes(p))
      throw new UsageError(`--format: '${p}' is not a format (allowed: ${FORMATS.join(', ')}, comma-separated)`);
  return [...new Set(parts)] as Format[];
}

/** Refuse an option given twice (the last value would silently win); argv after the subcommand. */
export function checkRepeats(args: readonly string[]): void {
  const seen = new Set<string>();
  for (const a of args) {
    if (a === '--') break;
    if (!a.startsWith('--')) continue;
    const name = a.includes('=') ? a.slice(0, a.indexOf('=')) : a;
    if (REPEATABLE.has(name)) continue;
    if (seen.has(name)) throw new UsageError(`${name} is given twice; give it once (only ${[...REPEATABLE].join(', ')} may repeat)`);
    seen.add(name);
  }
}

function addRunOptions(cmd: Command): Command {
  cmd
    .option('--quick', 'small configuration for CI (default: paper scale)')
    .option('--out <dir>', 'output folder', 'figures')
    .addOption(
      new Option('--format <list>', 'image formats: png, svg, pdf, comma-separated (repeatable)').argParser(
        (v: string, prev: string[] | undefined) => [...(prev ?? []), v],
      ),
    )
    .option('--seed <n>', 'random seed (whole number ≥ 0, default 1)')
    .option('--seeds <list>', "run over several seeds ('1-10' or '1,2,5') and write <id>.robustness.json")
    .option('--width <len>', 'printed figure width: 3.3in, 85mm, 17.8cm, 246pt, column (3.25in) or page (6.75in)')
    .option('--dpi <n>', 'PNG resolution (default 144 on screen, 300 for print)')
    .option('--theme <name>', 'screen (figure title, screen sizes) or print (7–9 pt text, lettered panels)', 'screen')
    .option('--svg-text <mode>', 'SVG text: font (embedded font subset) or paths (glyph outlines)', 'font')
    .addOption(
      new Option('--set <key=value>', 'override a parameter (repeatable), e.g. --set T=8 --set deltas=0.5,1,2')
        .argParser((v: string, prev: string[] = []) => [...prev, v])
        .default([]),
    )
    .option('--check', 'compare numbers and claim verdicts with snapshots/<id>.<scale>.json (a missing or incomparable snapshot fails)')
    .option('--update-snapshots', 'rewrite snapshots/<id>.<scale>.json with this run')
    .option('--jobs <n>', 'worker threads for sweeps (default and maximum: number of cores)')
    .option('--json', 'machine-readable run summary on stdout')
    .option('--quiet', 'no progress and no summary table')
    .addHelpText('after', EXIT_HELP);
  return addCacheOptions(cmd); // --cache, --no-cache, --shard (src/cli/cache.ts)
}

interface Plan {
  fig: AnyFigure;
  params: Params;
}

async function repro(ids: string[], flags: ReproFlags): Promise<number> {
  // 1. Validate everything before running anything.
  const scale: Scale = flags.quick ? 'quick' : 'paper';
  if (flags.seed !== undefined && flags.seeds !== undefined) throw new UsageError('--seed and --seeds cannot be used together');
  const seeds = flags.seeds !== undefined ? parseSeeds(flags.seeds) : [flags.seed === undefined ? 1 : parseWhole('--seed', flags.seed, 0)];
  const formats = parseFormats(flags.format ?? ['png,svg']);
  const cores = Math.max(1, cpus().length);
  let jobs = flags.jobs === undefined ? cores : parseWhole('--jobs', flags.jobs, 1);
  const notes: string[] = [];
  const warnings: string[] = [];
  if (jobs > cores) {
    notes.push(`--jobs ${jobs} is more than the ${cores} core(s) of this machine; using ${cores} (results are identical for any --jobs)`);
    jobs = cores;
  }
  const render: RenderOptions = {
    theme: parseTheme(flags.theme),
    svgText: parseSvgText(flags.svgText),
    ...(flags.width !== undefined ? { widthPt: parseWidth(flags.width) } : {}),
    ...(flags.dpi !== undefined ? { dpi: parseDpi(flags.dpi) } : {}),
  };
  if (flags.check && flags.updateSnapshots) throw new UsageError('--check and --update-snapshots cannot be used together');
  if (seeds.length > 1 && (flags.check || flags.updateSnapshots))
    throw new UsageError('--seeds runs several seeds; snapshots hold one (drop --check / --update-snapshots)');
  const figures = await selectFigures(ids);
  const plans: Plan[] = figures.map((fig) => {
    try {
      const { params } = resolveParams(fig.params[scale], flags.set, fig.rules ?? {});
      const cost = costWarning(fig, params);
      if (cost) warnings.push(cost);
      const problem = fig.validate?.(params);
      if (problem) throw new UsageError(problem);
      return { fig, params };
    } catch (err) {
      if (err instanceof UsageError) throw new UsageError(`${fig.id}: ${err.message}`);
      throw err;
    }
  });
  if (flags.updateSnapshots && flags.set.length > 0) throw new UsageError('--update-snapshots records the default parameters; drop --set');
  checkTmpDir();
  const { cache, shard } = cacheSetup(flags);
  if (shard && seeds.length > 1) throw new UsageError('--shard computes points for one seed; drop --seeds');

  // 2. Run.
  const color = colorEnabled(process.stderr);
  // A terminal that reports no width (e.g. under `script`) gets plain lines: ora cannot lay out a spinner there.
  const tty = Boolean(process.stderr.isTTY) && (process.stderr.columns ?? 0) > 0;
  const display = makeProgress({ quiet: Boolean(flags.quiet), tty, color });
  if (!flags.quiet) for (const n of notes) process.stderr.write(`lrnn: note: ${n}\n`);
  if (!flags.quiet) for (const w of warnings) process.stderr.write(`lrnn: warning: ${w}\n`);
  const runner = workerRunner(jobs);
  try {
    // A shard writes no figure: only points into the shared cache.
    if (shard)
      return await reproShards(plans, {
        scale,
        seed: seeds[0],
        jobs,
        runner,
        cache: cache!,
        shard,
        display,
        json: Boolean(flags.json),
        quiet: Boolean(flags.quiet),
      });
    const outDir = prepareOutDir(flags.out);
    const release = acquireLock(outDir);
    try {
      // Figures run `jobs` at a time and share the worker pool: while one figure renders or runs
      // in-process, another's points keep the workers busy. Results do not depend on the order.
      const byPlan: FigureRun[][] = plans.map(() => []);
      const runs = () => byPlan.flat();
      let failure: unknown;
      const runPlan = async (k: number) => {
        const { fig, params } = plans[k];
        for (const seed of seeds) {
          const dir = seeds.length > 1 ? join(outDir, `seed-${seed}`) : outDir;
          const label = seeds.length > 1 ? `${fig.id} (seed ${seed})` : fig.id;
          const run = await runFigure(fig, params, {
            scale,
            seed,
            formats,
            render,
            jobs,
            runner,
            outDir: dir,
            check: Boolean(flags.check),
            updateSnapshots: Boolean(flags.updateSnapshots),
            snapshotDir: resolve(repoRoot(), 'snapshots'),
            progress: display.forFigure(label),
            cache,
          });
          const msg = `${label}: ${claimText(run)}, ${(run.elapsedMs / 1000).toFixed(1)} s, points ${pointsText(run.points)}`;
          if (!runFailed(run)) display.succeed(label, msg);
          else display.fail(label, msg);
          if (!flags.quiet) for (const w of run.renderWarnings) process.stderr.write(`lrnn: warning: ${label}: rendering: ${w}\n`);
          byPlan[k].push(run);
        }
        if (seeds.length > 1) {
          const rob = robustness(
            fig.id,
            scale,
            seeds,
            byPlan[k].map((r) => r.claims),
          );
          writeAtomic(join(outDir, `${fig.id}.robustness.json`), toJson(rob));
          if (!flags.quiet && !flags.json) process.stdout.write(`${robustnessText(rob)}\n`);
        }
      };
      try {
        // After a failure (e.g. a full disk) no further figure starts; those running finish.
        await inLanes(
          plans.map((_, k) => k),
          Math.min(jobs, plans.length),
          async (k) => {
            try {
              await runPlan(k);
            } catch (err) {
              failure ??= err;
            }
          },
          () => failure !== undefined,
        );
        if (failure !== undefined) throw failure;
      } catch (err) {
        display.stop();
        if (flags.json) {
          const done = new Set(runs().map((r) => r.figure));
          process.stdout.write(
            `${JSON.stringify(
              withPoints(
                summaryJson(runs(), {
                  error: err instanceof Error ? err.message : String(err),
                  notRun: plans.map((p) => p.fig.id).filter((id) => !done.has(id)),
                }),
                runs(),
              ),
              null,
              2,
            )}\n`,
          );
        }
        throw err;
      }
      const all = runs();
      if (flags.json) process.stdout.write(`${JSON.stringify(withPoints(summaryJson(all), all), null, 2)}\n`);
      else if (!flags.quiet) process.stdout.write(`${summaryText(all, colorEnabled(process.stdout))}\n${pointsSummary(all, cache)}\n`);
      return all.some(runFailed) ? EXIT.failed : EXIT.ok;
    } finally {
      release();
    }
  } finally {
    await runner.close(); // the workers are kept across figures; end them so the process exits
    await cache?.close();
  }
}

function list(figures: ReadonlyArray<FigureMeta>, json: boolean): void {
  if (json) {
    process.stdout.write(
      `${JSON.stringify(
        figures.map((f) => ({ id: f.id, group: f.group, paper: f.paper, title: f.title, beyondPaper: f.beyondPaper === true })),
        null,
        2,
      )}\n`,
    );
    return;
  }
  const rows = [['id', 'group', 'paper', 'title']];
  for (const f of figures) rows.push([f.id, f.group, f.paper, f.beyondPaper ? `${f.title} (beyond the paper)` : f.title]);
  process.stdout.write(`${table(rows)}\n`);
}

/** The command line; `figures` (every figure, loaded) supply `lrnn list` and the group commands' descriptions. */
export function buildProgram(setExit: (code: number) => void, figures: ReadonlyArray<FigureMeta>): Command {
  const program = new Command('lrnn')
    .description('Regenerate the figures of "Learning dynamics in linear recurrent neural networks" (Proca et al., ICML 2025)')
    .version(provenanceVersion(), '-V, --version', 'print the version')
    .showSuggestionAfterError(true)
    .addHelpText('after', EXIT_HELP)
    .exitOverride();
  program
    .command('list')
    .description('list every figure that lrnn regenerates')
    .option('--json', 'machine-readable')
    .action((o: { json?: boolean }) => list(figures, Boolean(o.json)));
  addRunOptions(
    program
      .command('repro')
      .description("regenerate figures: ids (fig2 figA1 …), group names, or 'all'")
      .argument('<figures...>', "figure ids, group names or 'all'"),
  )
    .action(async (ids: string[], flags: ReproFlags) => setExit(await repro(ids, flags)))
    .addHelpText('after', (ctx) => reproHelpText(ctx.command.args));
  program
    .command('params')
    .description('every parameter of a figure: defaults at both scales, type, allowed values, help')
    .argument('<figure>', 'figure id')
    .option('--json', 'machine-readable')
    .action(async (id: string, o: { json?: boolean }) => setExit(await paramsCommand(id, Boolean(o.json))));
  program
    .command('report')
    .description('write REPORT.md and report.html from the figure JSONs in the output folder')
    .option('--out <dir>', 'folder holding the figure outputs', 'figures')
    .option('--quiet', 'print nothing')
    .addHelpText(
      'after',
      '\nExit codes: 0 report written; 1 written, but a figure output is unreadable (listed under "Needs attention"); 2 usage error',
    )
    .action((o: { out: string; quiet?: boolean }) => {
      const r = writeReport(o.out, figures);
      if (!o.quiet) {
        process.stdout.write(
          `wrote ${relative(process.cwd(), r.markdown)} and ${relative(process.cwd(), r.html)}: ${r.run} figure(s) run, ${r.notRun.length} not run\n`,
        );
      }
      if (r.unreadable.length)
        process.stderr.write(`lrnn: unreadable figure output (listed under "Needs attention"): ${r.unreadable.join(', ')}\n`);
      setExit(r.failed ? EXIT.failed : EXIT.ok);
    });
  registerCacheCommands(program);
  registerSlurmCommand(program, setExit);
  for (const group of GROUPS) {
    const members = figures
      .filter((f) => f.group === group)
      .map((f) => f.id)
      .join(', ');
    addRunOptions(program.command(group).description(`regenerate the ${group} figures (${members})`)).action(async (flags: ReproFlags) =>
      setExit(await repro([group], flags)),
    );
  }
  return program;
}

/** Subcommands match whatever their case, as figure ids do: `lrnn MODES` runs `lrnn modes`. */
function withCommandCase(argv: string[], program: Command): string[] {
  const given = argv[2];
  if (given === undefined || given.startsWith('-')) return argv;
  const name = program.commands.map((c) => c.name()).find((n) => n.toLowerCase() === given.toLowerCase());
  return name === undefined || name === given ? argv : [...argv.slice(0, 2), name, ...argv.slice(3)];
}

export async function main(argv: string[]): Promise<number> {
  let code: number = EXIT.ok;
  try {
    const program = buildProgram(
      (c) => {
        code = c;
      },
      await loadAllFigures(),
    );
    argv = withCommandCase(argv, program);
    checkRepeats(argv.slice(2));
    await preloadHelpFigures(argv);
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
    if (err instanceof OutputError) {
      process.stderr.write(`lrnn: ${err.message}; the previous outputs of the figure are kept\n`);
      return EXIT.output;
    }
    process.stderr.write(`lrnn: internal error: ${err instanceof Error ? err.stack : String(err)}\n`);
    return EXIT.internal;
  }
}
