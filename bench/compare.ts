/**
 * The numpy side of `npm run -s bench -- --compare`: runs bench/numpy_ref.py (the same workloads in numpy)
 * with the first python3 that has numpy: `python3` on PATH, then /usr/bin/python3 (Debian's
 * python3-numpy). numpy runs with one BLAS thread, and OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE are removed
 * from the environment of that command only. Without numpy the comparison is skipped with a message.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

const SCRIPT = resolve(import.meta.dirname, '..', '..', 'bench', 'numpy_ref.py');
const CANDIDATES = ['python3', '/usr/bin/python3'];

/** Workloads that numpy_ref.py implements. */
export const NUMPY_WORKLOADS = ['modes-1000', 'network-4', 'grad-300', 'ntk-300'];

function numpyEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1', BLIS_NUM_THREADS: '1' };
  delete env.OPENBLAS_CORETYPE;
  delete env.OPENBLAS_L2_SIZE;
  return env;
}

export interface NumpyInfo {
  python: string;
  numpy: string;
  blas: string;
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
