/**
 * `lrnn slurm <figures> --array N …`: writes two sbatch scripts and either prints the commands that
 * submit them or submits them (--submit):
 *  - <dir>/lrnn-shards.sbatch: a job array of N tasks, task K running `lrnn repro … --shard K/N`
 *    against the shared cache;
 *  - <dir>/lrnn-assemble.sbatch: the assembly job (submitted with --dependency=afterok on the array)
 *    that runs `lrnn repro …` on the full cache — every point is already there, so it computes none —
 *    and then `lrnn report`.
 */
import { type Command, Option } from 'commander';
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { UsageError } from '../errors.js';
import { writeAtomic } from '../output/files.js';
import { repoRoot } from '../output/provenance.js';
import { resolveParams } from '../params.js';
import { selectFigures } from '../registry.js';
import { cacheDir } from './cache.js';

export interface SlurmFlags {
  array: string;
  cache?: string;
  partition?: string;
  time?: string;
  cpusPerTask: string;
  mem?: string;
  sbatchArg: string[];
  submit?: boolean;
  dir: string;
  out: string;
  quick?: boolean;
  seed: string;
  set: string[];
  format: string;
  jobName: string;
}

export interface SlurmPlan {
  figures: string[];
  array: number;
  cache: string;
  out: string;
  dir: string;
  cpusPerTask: number;
  partition?: string;
  time?: string;
  mem?: string;
  sbatchArgs: string[];
  /** Options shared by the shard and assembly runs (--quick, --seed, --set, --format). */
  runArgs: string[];
  jobName: string;
  node: string;
  root: string;
}

/** Single-quotes a word for bash. */
export function shq(s: string): string {
  return /^[A-Za-z0-9_./:=,+@%-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

function wholeNumber(name: string, raw: string, min: number): number {
  const v = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || !Number.isInteger(v) || v < min)
    throw new UsageError(`${name} must be a whole number ≥ ${min}, got '${raw}'`);
  return v;
}

/** Validates everything (figures, --set, SLURM values) before writing anything. */
export async function planSlurm(ids: string[], f: SlurmFlags): Promise<SlurmPlan> {
  const array = wholeNumber('--array', f.array, 1);
  const cpusPerTask = wholeNumber('--cpus-per-task', f.cpusPerTask, 1);
  if (f.time !== undefined && !/^(\d+-)?\d+(:\d{1,2}){0,2}$/.test(f.time)) {
    throw new UsageError(`--time must be a SLURM time limit such as HH:MM:SS, MM, D-HH:MM:SS, got '${f.time}'`);
  }
  if (f.mem !== undefined && !/^\d+[KMGT]?$/i.test(f.mem)) throw new UsageError(`--mem must be a size such as 4G or 500M, got '${f.mem}'`);
  if (f.partition !== undefined && !/^[A-Za-z0-9_.,-]+$/.test(f.partition))
    throw new UsageError(`--partition must be a partition name (letters, digits, _ . , -), got '${f.partition}'`);
  if (!/^[A-Za-z0-9_.-]+$/.test(f.jobName)) throw new UsageError(`--job-name must be letters, digits, _ . -, got '${f.jobName}'`);
  for (const a of f.sbatchArg)
    if (!a.startsWith('-') || /[\n\r]/.test(a))
      throw new UsageError(`--sbatch-arg takes one sbatch option such as --account=lab, got '${a}'`);
  wholeNumber('--seed', f.seed, 0);
  for (const x of f.format.split(','))
    if (x !== 'png' && x !== 'svg') throw new UsageError(`--format: '${x}' is not a format (allowed: png, svg, or both as png,svg)`);
  const scale = f.quick ? 'quick' : 'paper';
  const figures = await selectFigures(ids);
  for (const fig of figures) {
    try {
      const { params } = resolveParams(fig.params[scale], f.set, fig.rules ?? {});
      const problem = fig.validate?.(params);
      if (problem) throw new UsageError(problem);
    } catch (err) {
      if (err instanceof UsageError) throw new UsageError(`${fig.id}: ${err.message}`);
      throw err;
    }
  }
  const runArgs = [...(f.quick ? ['--quick'] : []), '--seed', f.seed, ...f.set.flatMap((s) => ['--set', s]), '--format', f.format];
  return {
    figures: figures.map((fig) => fig.id),
    array,
    cache: cacheDir(f.cache),
    out: resolve(f.out),
    dir: resolve(f.dir),
    cpusPerTask,
    partition: f.partition,
    time: f.time,
    mem: f.mem,
    sbatchArgs: f.sbatchArg,
    runArgs,
    jobName: f.jobName,
    node: process.execPath,
    root: repoRoot(),
  };
}

function header(p: SlurmPlan, name: string, output: string, extra: string[]): string[] {
  return [
    '#!/bin/bash',
    `#SBATCH --job-name=${name}`,
    ...extra,
    `#SBATCH --output=${join(p.dir, output)}`,
    `#SBATCH --cpus-per-task=${p.cpusPerTask}`,
    ...(p.partition ? [`#SBATCH --partition=${p.partition}`] : []),
    ...(p.time ? [`#SBATCH --time=${p.time}`] : []),
    ...(p.mem ? [`#SBATCH --mem=${p.mem}`] : []),
    ...p.sbatchArgs.map((a) => `#SBATCH ${a}`),
  ];
}

/** The two sbatch scripts (bash). */
export function slurmScripts(p: SlurmPlan): { shards: string; assemble: string } {
  const lrnn = `${shq(p.node)} ${shq(join(p.root, 'bin', 'lrnn'))}`;
  const figs = p.figures.join(' ');
  const common = `${p.runArgs.map(shq).join(' ')} --cache ${shq(p.cache)} --jobs "\${SLURM_CPUS_PER_TASK:-1}"`;
  const shards = [
    ...header(p, `${p.jobName}-shards`, `${p.jobName}-shard-%A_%a.out`, [`#SBATCH --array=1-${p.array}`]),
    '# One shard of the sweep: computes its share of the points into the shared cache (no figure).',
    'set -euo pipefail',
    `cd ${shq(p.root)}`,
    `exec ${lrnn} repro ${figs} ${common} --shard "\${SLURM_ARRAY_TASK_ID}/${p.array}"`,
    '',
  ].join('\n');
  const assemble = [
    ...header(p, `${p.jobName}-assemble`, `${p.jobName}-assemble-%j.out`, []),
    '# Assembly: every figure from the cache (the shards computed every point), then the report.',
    'set -uo pipefail',
    `cd ${shq(p.root)} || exit 1`,
    `${lrnn} repro ${figs} ${common} --out ${shq(p.out)}`,
    'status=$?',
    `${lrnn} report --out ${shq(p.out)} || status=1`,
    'exit $status',
    '',
  ].join('\n');
  return { shards, assemble };
}

export function submitCommands(shardsPath: string, assemblePath: string): string {
  return [
    `array=$(sbatch --parsable ${shq(shardsPath)}) && array=\${array%%;*} &&`,
    `sbatch --parsable --dependency=afterok:$array ${shq(assemblePath)}`,
  ].join('\n');
}

/** Returns the exit code: 0, or 1 when sbatch fails (its message on stderr). */
async function slurm(ids: string[], f: SlurmFlags): Promise<number> {
  const plan = await planSlurm(ids, f);
  if (/^\/(tmp|var\/tmp|dev\/shm)(\/|$)/.test(plan.cache)) {
    process.stderr.write(
      `lrnn: note: the cache ${plan.cache} is in a folder that is usually local to each node; on a cluster put it on a filesystem every node shares (--cache DIR)\n`,
    );
  }
  const { shards, assemble } = slurmScripts(plan);
  mkdirSync(plan.dir, { recursive: true });
  const shardsPath = join(plan.dir, `${plan.jobName}-shards.sbatch`);
  const assemblePath = join(plan.dir, `${plan.jobName}-assemble.sbatch`);
  writeAtomic(shardsPath, shards);
  writeAtomic(assemblePath, assemble);
  if (!f.submit) {
    process.stdout.write(
      `wrote ${shardsPath} (${plan.array} array tasks) and ${assemblePath}; submit them with:\n${submitCommands(shardsPath, assemblePath)}\n`,
    );
    return 0;
  }
  const sbatch = (args: string[]): string | null => {
    try {
      return execFileSync('sbatch', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
        .trim()
        .split(';')[0];
    } catch (err) {
      const e = err as NodeJS.ErrnoException & { stderr?: string };
      process.stderr.write(
        `lrnn: ${e.code === 'ENOENT' ? 'sbatch not found (run lrnn slurm without --submit to get the scripts)' : `sbatch ${args.join(' ')} failed: ${e.stderr?.trim() || e.message}`}\n`,
      );
      return null;
    }
  };
  const arrayId = sbatch(['--parsable', shardsPath]);
  if (arrayId === null) return 1;
  const assembleId = sbatch(['--parsable', `--dependency=afterok:${arrayId}`, assemblePath]);
  if (assembleId === null) {
    process.stderr.write(
      `lrnn: the array job ${arrayId} was submitted, its assembly job was not: submit it with sbatch --dependency=afterok:${arrayId} ${assemblePath}\n`,
    );
    return 1;
  }
  process.stdout.write(`submitted array job ${arrayId} (${plan.array} tasks) and assembly job ${assembleId} (after the array succeeds)\n`);
  return 0;
}

export function registerSlurmCommand(program: Command, setExit: (code: number) => void): void {
  const repeat = (v: string, prev: string[] = []) => [...prev, v];
  program
    .command('slurm')
    .description('write (and with --submit, submit) a SLURM job array that computes the figures in shards, and its assembly job')
    .argument('<figures...>', "figure ids, group names or 'all'")
    .requiredOption('--array <n>', 'number of array tasks (shards)')
    .option('--cache <dir>', 'point cache shared by the nodes (default: ${XDG_CACHE_HOME:-~/.cache}/lrnn)')
    .option('--partition <p>', 'SLURM partition')
    .option('--time <limit>', 'time limit per task, HH:MM:SS')
    .option('--cpus-per-task <c>', 'CPUs per task (worker threads per shard)', '1')
    .option('--mem <m>', 'memory per task, e.g. 4G')
    .addOption(
      new Option('--sbatch-arg <x>', 'one more sbatch option for both jobs (repeatable), e.g. --sbatch-arg=--account=lab')
        .argParser(repeat)
        .default([]),
    )
    .option('--submit', 'submit with sbatch and print the job ids (default: print the commands)')
    .option('--dir <dir>', 'folder for the scripts and the job logs', 'slurm')
    .option('--job-name <name>', 'job name prefix', 'lrnn')
    .option('--out <dir>', 'output folder of the assembly job', 'figures')
    .option('--quick', 'small configuration (default: paper scale)')
    .option('--seed <n>', 'random seed (whole number)', '1')
    .addOption(new Option('--set <key=value>', 'override a parameter (repeatable)').argParser(repeat).default([]))
    .option('--format <list>', 'image formats of the assembly: png,svg', 'png,svg')
    .action(async (ids: string[], f: SlurmFlags) => setExit(await slurm(ids, f)));
}
