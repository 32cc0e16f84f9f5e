// Assembles wasm/gemm.ts (AssemblyScript) into dist/src/core/gemm.wasm, unless the output is newer than
// the source and the compiler: `npm run build` then costs nothing here when the kernels did not change.
import { execFileSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const src = join(root, 'wasm', 'gemm.ts');
const out = join(root, 'dist', 'src', 'core', 'gemm.wasm');
const asc = join(root, 'node_modules', 'assemblyscript', 'package.json');
const mtime = (p) => statSync(p).mtimeMs;
if (!existsSync(out) || mtime(out) < Math.max(mtime(src), mtime(asc), mtime(fileURLToPath(import.meta.url)))) {
  const args = [
    'wasm/gemm.ts',
    '-O3',
    '--runtime',
    'stub',
    '--importMemory',
    '--noAssert',
    '--use',
    'abort=',
    '--enable',
    'simd',
    '-o',
    'dist/src/core/gemm.wasm',
  ];
  execFileSync(join(root, 'node_modules', '.bin', 'asc'), args, { cwd: root, stdio: 'inherit' });
}
