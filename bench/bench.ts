/**
 * `npm run bench`: timings of fixed workloads (median of several runs), printed as JSON on stdout.
 * Later issues add workloads to WORKLOADS. Pass names to run a subset: `npm run bench -- modes-1000`.
 * Reference (numpy, this machine, per the foundation issue): modes-1000 ≈ 2.8 s, network-4 ≈ 1.8 s.
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

export interface Workload {
  name: string;
  description: string;
  repeats: number;
  /** numpy reference time in ms on this machine, when known. */
  referenceMs?: number;
  /** Run once untimed before timing (JIT warm-up; default true). An end-to-end CLI run needs none. */
  warmup?: boolean;
  setup(): () => unknown;
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

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  const chosen = only.length ? WORKLOADS.filter((w) => only.includes(w.name)) : WORKLOADS;
  if (only.length && chosen.length !== only.length) {
    const known = WORKLOADS.map((w) => w.name).join(', ');
    process.stderr.write(`bench: unknown workload in '${only.join(' ')}' (known: ${known})\n`);
    process.exit(2);
  }
  const results: Record<string, unknown> = {};
  for (const w of chosen) {
    process.stderr.write(`bench: ${w.name} …\n`);
    const fn = w.setup();
    if (w.warmup !== false) fn(); // warm-up (JIT)
    const times: number[] = [];
    for (let k = 0; k < w.repeats; k++) {
      const t0 = performance.now();
      fn();
      times.push(performance.now() - t0);
    }
    const med = median(times);
    results[w.name] = {
      description: w.description,
      medianMs: Math.round(med * 100) / 100,
      runsMs: times.map((t) => Math.round(t * 100) / 100),
      ...(w.referenceMs ? { numpyReferenceMs: w.referenceMs, speedupVsNumpy: Math.round((w.referenceMs / med) * 100) / 100 } : {}),
    };
  }
  process.stdout.write(JSON.stringify({ node: process.version, cpus: cpus().length, cpu: cpus()[0]?.model, workloads: results }, null, 2) + '\n');
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
