/**
 * The numpy side of `npm run -s bench -- --compare`: runs bench/numpy_ref.py (the same workloads in numpy)
 * with the first python3 that has numpy: `python3` on PATH, then /usr/bin/python3 (Debian's
 * python3-numpy), or only $LRNN_BENCH_PYTHON when set. numpy runs with one BLAS thread, and OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE are removed
 * from the environment of that command only. Without numpy the comparison is skipped with a message.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { makeRng } from '../src/core/rng.js';
import { type Mat, toRows } from '../src/core/linalg.js';
import { svdTask, correlations, stackedSxx, stackedSyx } from '../src/core/data.js';
import { unalignedInit } from '../src/core/align.js';
import { gradCorr } from '../src/core/lrnn.js';
import { ntk } from '../src/core/ntk.js';

const SCRIPT = resolve(import.meta.dirname, '..', '..', 'bench', 'numpy_ref.py');
const CANDIDATES = process.env.LRNN_BENCH_PYTHON ? [process.env.LRNN_BENCH_PYTHON] : ['python3', '/usr/bin/python3'];

/** Workloads that numpy_ref.py implements. */
export const NUMPY_WORKLOADS = ['modes-1000', 'network-4', 'grad-300', 'ntk-300'];

function numpyEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    OPENBLAS_NUM_THREADS: '1',
    OMP_NUM_THREADS: '1',
    MKL_NUM_THREADS: '1',
    BLIS_NUM_THREADS: '1',
  };
  delete env.OPENBLAS_CORETYPE;
  delete env.OPENBLAS_L2_SIZE;
  return env;
}

export interface NumpyInfo {
  python: string;
  numpy: string;
  blas: string;
  /** relative differences between numpy_ref.py and lrnn on a small network (see checkNumpy) */
  agreement?: { gradient: number; loss: number; ntk: number };
}

/**
 * That numpy_ref.py computes what lrnn computes: the correlation-space gradient, the loss and the structured
 * NTK of a small network (T = 4, N_x = N_y = 3, N_h = 7, P = 16), by lrnn and by numpy, relative differences.
 */
export function checkNumpy(python: string): { gradient: number; loss: number; ntk: number } {
  const T = 4,
    N = 3,
    Nh = 7,
    P = 16;
  const rng = makeRng('numpy-check');
  const task = svdTask(new Float64Array(N * T).fill(1), N, T, N, N, P, rng);
  const w = unalignedInit({ Nx: N, Nh, Ny: N }, 0.7, rng);
  const c = correlations(task.data);
  const g = gradCorr(w, c);
  const K = ntk(w, task.data.X, T, 'input');
  const Xs: number[][] = [];
  for (let t = 0; t < T; t++) for (let j = 0; j < N; j++) Xs.push(Array.from(task.data.X[t].data.subarray(j * P, (j + 1) * P)));
  const r = (m: Mat) => toRows(m);
  const dir = mkdtempSync(join(tmpdir(), 'lrnn-numpy-check-'));
  try {
    const file = join(dir, 'case.json');
    writeFileSync(
      file,
      JSON.stringify({
        T,
        Wx: r(w.Wx),
        Wh: r(w.Wh),
        Wy: r(w.Wy),
        Syx: r(stackedSyx(c)),
        Sxx: r(stackedSxx(c)),
        yy: c.yy,
        gWx: r(g.gWx),
        gWh: r(g.gWh),
        gWy: r(g.gWy),
        L: g.loss,
        K: r(K),
        Xs,
      }),
    );
    return JSON.parse(execFileSync(python, [SCRIPT, '--check', file], { env: numpyEnv(), encoding: 'utf8' }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The first python with numpy, or a reason why there is none. */
export function findNumpy(): { python: string } | { missing: string } {
  for (const py of CANDIDATES) {
    const r = spawnSync(py, ['-c', 'import numpy'], { env: numpyEnv(), stdio: 'ignore' });
    if (r.status === 0) return { python: py };
  }
  return { missing: `no python3 with numpy (tried ${CANDIDATES.join(', ')}; on Debian: apt-get install -y python3-numpy)` };
}

/** Times of `repeats` runs (after one warm-up) of each named workload in numpy, in ms. */
export function runNumpy(python: string, names: string[], repeats: number): { info: NumpyInfo; times: Record<string, number[]> } {
  const out = execFileSync(python, [SCRIPT, String(repeats), ...names], { env: numpyEnv(), encoding: 'utf8', maxBuffer: 1 << 24 });
  const j = JSON.parse(out) as { numpy: string; blas: string; workloads: Record<string, number[]> };
  return { info: { python, numpy: j.numpy, blas: j.blas }, times: j.workloads };
}
