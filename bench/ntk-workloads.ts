/**
 * Workloads of the NTK figures (issue 4), spread into bench.ts's WORKLOADS:
 *  - grad-300: one full-network gradient step (exact correlation-space gradient, the trainer's engine) at
 *    N_h = 300, N_x = N_y = 4, T = 10, P = 64;
 *  - ntk-300: the structured NTK of that network over its 64 × 4 outputs (a 256×256 kernel);
 *  - fig5-paper: Fig. 5 at paper scale, end to end (`node bin/lrnn repro fig5 --no-cache`, default --jobs);
 *  - figA5-quick: Fig. A5 at quick scale, end to end (N_h = 100, 3 × 3 grid, one seed);
 *  - figA5-reduced: Fig. A5 at paper scale (N_h = 300, 3 seeds are cut to 1) on a 3 × 3 grid
 *    T ∈ {1, 3, 10}, σ ∈ {0.05, 0.3, 0.8}: the width-300 gradient step dominates, as in the full figure.
 * Reference (numpy with OpenBLAS, this machine, from the issue): ~1.3 ms for the step from correlation
 * matrices (10–16 ms per-sample BPTT), ~50 ms for the structured NTK.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Workload } from './bench.js';
import { makeRng } from '../src/core/rng.js';
import { zeros } from '../src/core/linalg.js';
import { svdTask, correlations } from '../src/core/data.js';
import { unalignedInit } from '../src/core/align.js';
import { CorrGradient } from '../src/core/lrnn.js';
import { ntk } from '../src/core/ntk.js';

const ROOT = resolve(import.meta.dirname, '..', '..');

function wideNetwork() {
  const T = 10,
    N = 4,
    Nh = 300,
    P = 64;
  const rng = makeRng('bench-ntk-300');
  const task = svdTask(new Float64Array(4 * T).fill(1), 4, T, N, N, P, rng);
  const w = unalignedInit({ Nx: N, Nh, Ny: N }, 0.5, rng);
  return { task, w, Nh, N };
}

export const NTK_WORKLOADS: Workload[] = [
  {
    name: 'grad-300',
    description: 'one gradient step (correlation-space engine of train.ts), N_h = 300, N_x = N_y = 4, T = 10, P = 64',
    repeats: 50,
    referenceMs: 1.3,
    setup() {
      const { task, w, Nh, N } = wideNetwork();
      const engine = new CorrGradient(correlations(task.data), Nh);
      const g = { gWx: zeros(Nh, N), gWh: zeros(Nh, Nh), gWy: zeros(N, Nh) };
      for (let k = 0; k < 20; k++) engine.compute(w, g); // JIT
      return () => engine.compute(w, g);
    },
  },
  {
    name: 'ntk-300',
    description: 'structured NTK over 64 × 4 outputs (256×256), N_h = 300, N_x = N_y = 4, T = 10',
    repeats: 20,
    referenceMs: 50,
    setup() {
      const { task, w } = wideNetwork();
      for (let k = 0; k < 5; k++) ntk(w, task.data.X); // JIT
      return () => ntk(w, task.data.X);
    },
  },
  endToEnd(
    'fig5-paper',
    'Fig. 5 at paper scale end to end (node bin/lrnn repro fig5 --quiet --no-cache, default --jobs = number of cores)',
    ['fig5'],
  ),
  endToEnd('figA5-quick', 'Fig. A5 at quick scale end to end (node bin/lrnn repro figA5 --quick --quiet, default --jobs)', [
    'figA5',
    '--quick',
  ]),
  endToEnd(
    'figA5-reduced',
    'Fig. A5 at paper scale (N_h = 300) on a reduced grid T = 1, 3, 10 × σ = 0.05, 0.3, 0.8, one seed, end to end (default --jobs)',
    ['figA5', '--set', 'Ts=1,3,10', '--set', 'scales=0.05,0.3,0.8', '--set', 'seeds=1'],
  ),
];

/** `node bin/lrnn repro <args> --quiet --no-cache` (the cache would serve every repeat) into a temporary folder (removed afterwards), run once. */
function endToEnd(name: string, description: string, args: string[]): Workload {
  let out: string | undefined;
  return {
    name,
    description,
    repeats: 1,
    warmup: false,
    setup() {
      out = mkdtempSync(join(tmpdir(), `lrnn-bench-${name}-`));
      const dir = out;
      return () =>
        execFileSync(process.execPath, [join(ROOT, 'bin', 'lrnn'), 'repro', ...args, '--quiet', '--no-cache', '--out', dir], {
          stdio: 'ignore',
        });
    },
    cleanup() {
      if (out) rmSync(out, { recursive: true, force: true });
    },
  };
}
