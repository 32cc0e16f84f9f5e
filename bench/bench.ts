/**
 * `npm run bench`: timings of fixed workloads (median of several runs), printed as JSON on stdout.
 * Later issues add workloads to WORKLOADS. Pass names to run a subset: `npm run bench -- modes-1000`.
 *
 * `--compare` also times the numpy reference of the same workloads (bench/numpy_ref.py, run by
 * bench/compare.ts) side by side: `--rounds` rounds (default 3), each an lrnn block of the workload's
 * repeats then a numpy block of as many repeats, so both see the same load on a shared machine. Each
 * workload gets the ratio lrnn/numpy per round (median over its repeats on each side) and the median of
 * those ratios (below 1: lrnn faster). End-to-end workloads have no numpy twin and run once per round.
 */
import { realpathSync } from 'node:fs';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { makeRng } from '../src/core/rng.js';
import { simulateModes, uniformModes } from '../src/core/modes.js';
import { taskDynamics, stackDims } from '../src/core/tasks.js';
import { svdTask } from '../src/core/data.js';
import { unalignedInit } from '../src/core/align.js';
import { train } from '../src/core/train.js';
import { NTK_WORKLOADS } from './ntk-workloads.js';
import { NUMPY_WORKLOADS, checkNumpy, findNumpy, runNumpy, type NumpyInfo } from './compare.js';

export interface Workload {
  name: string;
  description: string;
  repeats: number;
  /** numpy reference time in ms on this machine, when known (a past measurement; --compare measures it). */
  referenceMs?: number;
  /** Run once untimed before timing (JIT warm-up; default true). An end-to-end CLI run needs none. */
  warmup?: boolean;
  setup(): () => unknown;
  /** Called once after the timings (e.g. removes a temporary output folder). */
  cleanup?(): void;
}

export const WORKLOADS: Workload[] = [
  {
    name: 'modes-1000',
    description: 'reduced mode dynamics (eq. 5–7), D = 1000 dimensions, T = 10, 20 000 Euler steps',
    repeats: 5,
    referenceMs: 2800,
    setup() {
      const D = 1000;
      const T = 10;
      const rng = makeRng('bench-modes');
      const s = stackDims(Array.from({ length: D }, () => taskDynamics('invexp', 0.5 + rng.uniform(), 0.5 + 0.4 * rng.uniform(), T)));
      const m0 = uniformModes(D, 0.1, 0.1, 0.1);
      return () => simulateModes(m0, s, T, { tau: 200, steps: 20000, recordEvery: 20000 });
    },
  },
  {
    name: 'network-4',
    description: 'full network N_x = N_h = N_y = 4, T = 10, P = 64, 20 000 gradient steps (correlation-space gradient)',
    repeats: 5,
    referenceMs: 1800,
    setup() {
      const T = 10;
      const rng = makeRng('bench-network');
      const s = stackDims([0, 1, 2, 3].map((k) => taskDynamics('invexp', 1 + 0.2 * k, 0.8, T)));
      const task = svdTask(s, 4, T, 4, 4, 64, rng);
      const w0 = unalignedInit({ Nx: 4, Nh: 4, Ny: 4 }, 0.1, rng);
      return () => train(w0, task.data, { eta: 0.05, steps: 20000, recordEvery: 20000 });
    },
  },
  ...NTK_WORKLOADS,
];

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

const round2 = (x: number) => Math.round(x * 100) / 100;

interface Args {
  names: string[];
  compare: boolean;
  rounds: number;
}

function parseArgs(argv: string[]): Args {
  const a: Args = { names: [], compare: false, rounds: 3 };
  for (let i = 0; i < argv.length; i++) {
    const x = argv[i];
    if (x === '--compare') a.compare = true;
    else if (x === '--rounds') {
      const v = Number(argv[++i]);
      if (!Number.isInteger(v) || v < 1 || v > 50) {
        process.stderr.write(`bench: --rounds must be a whole number in 1..50, got '${argv[i]}'\n`);
        process.exit(2);
      }
      a.rounds = v;
    } else if (x.startsWith('--')) {
      process.stderr.write(`bench: unknown option '${x}' (known: --compare, --rounds <n>)\n`);
      process.exit(2);
    } else a.names.push(x);
  }
  return a;
}

function timeRuns(fn: () => unknown, repeats: number): number[] {
  const times: number[] = [];
  for (let k = 0; k < repeats; k++) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  return times;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const only = args.names;
  const chosen = only.length ? WORKLOADS.filter((w) => only.includes(w.name)) : WORKLOADS;
  if (only.length && chosen.length !== only.length) {
    const known = WORKLOADS.map((w) => w.name).join(', ');
    process.stderr.write(`bench: unknown workload in '${only.join(' ')}' (known: ${known})\n`);
    process.exit(2);
  }
  let python: string | null = null;
  let numpy: NumpyInfo | { skipped: string } | undefined;
  let numpyAgreement: NumpyInfo['agreement'];
  if (args.compare) {
    const found = findNumpy();
    if ('python' in found) {
      python = found.python;
      const agreement = checkNumpy(python);
      process.stderr.write(
        `bench: numpy reference vs lrnn (small network): gradient ${agreement.gradient.toExponential(1)}, loss ${agreement.loss.toExponential(1)}, NTK ${agreement.ntk.toExponential(1)} relative\n`,
      );
      if (!(Math.max(agreement.gradient, agreement.loss, agreement.ntk) <= 1e-10)) {
        process.stderr.write('bench: --compare: bench/numpy_ref.py does not compute what lrnn computes (relative difference > 1e-10)\n');
        process.exit(1);
      }
      numpyAgreement = agreement;
    } else {
      numpy = { skipped: found.missing };
      process.stderr.write(`bench: --compare skipped: ${found.missing}\n`);
    }
  }
  const rounds = python ? args.rounds : 1;
  const results: Record<string, unknown> = {};
  for (const w of chosen) {
    process.stderr.write(`bench: ${w.name} …\n`);
    const fn = w.setup();
    try {
      if (w.warmup !== false) fn(); // warm-up (JIT)
      const twin = python !== null && NUMPY_WORKLOADS.includes(w.name);
      const times: number[] = [];
      const npTimes: number[] = [];
      const ratios: number[] = [];
      for (let r = 0; r < rounds; r++) {
        if (r > 0 && !twin) break; // end-to-end workloads: one round
        const t = timeRuns(fn, w.repeats);
        times.push(...t);
        if (twin) {
          const np = runNumpy(python!, [w.name], w.repeats);
          numpy = { ...np.info, agreement: numpyAgreement };
          const nt = np.times[w.name];
          npTimes.push(...nt);
          ratios.push(median(t) / median(nt));
          process.stderr.write(
            `bench:   round ${r + 1}: lrnn ${round2(median(t))} ms, numpy ${round2(median(nt))} ms, ratio ${round2(median(t) / median(nt))}\n`,
          );
        }
      }
      const med = median(times);
      results[w.name] = {
        description: w.description,
        medianMs: round2(med),
        runsMs: times.map(round2),
        ...(ratios.length
          ? {
              numpyMedianMs: round2(median(npTimes)),
              numpyRunsMs: npTimes.map(round2),
              ratioPerRound: ratios.map((x) => Math.round(x * 1000) / 1000),
              ratioVsNumpy: Math.round(median(ratios) * 1000) / 1000,
            }
          : w.referenceMs
            ? { numpyReferenceMs: w.referenceMs, speedupVsNumpy: round2(w.referenceMs / med) }
            : {}),
      };
    } finally {
      w.cleanup?.();
    }
  }
  process.stdout.write(
    `${JSON.stringify({ node: process.version, cpus: cpus().length, cpu: cpus()[0]?.model, ...(numpy ? { numpy } : {}), workloads: results }, null, 2)}\n`,
  );
}

/** Whether node was started on this file: compares real paths (a URL would %-escape a space; symlinks). */
function isMainModule(): boolean {
  const script = process.argv[1];
  if (!script) return false;
  try {
    return realpathSync(script) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isMainModule()) await main();
