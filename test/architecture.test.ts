/**
 * The direction of dependencies: the numerical core (src/core) imports only itself, npm packages and
 * Node built-ins, never the application around it (src/*.ts, experiments/), so that it can be read,
 * tested and reused on its own. Type-only imports count: they are edges of the design too.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { importSpecifiers } from '../src/cache/codehash.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
const CORE = join(ROOT, 'src', 'core');

/** The imports of each core source file that leave src/core (relative or absolute paths). */
function coreEscapes(): string[] {
  const out: string[] = [];
  for (const name of readdirSync(CORE)
    .filter((f) => f.endsWith('.ts'))
    .sort()) {
    const file = join(CORE, name);
    for (const spec of importSpecifiers(readFileSync(file, 'utf8'))) {
      if (!spec.startsWith('.') && !spec.startsWith('/') && !spec.startsWith('file:')) continue; // package or node: built-in
      const target = spec.startsWith('file:') ? new URL(spec).pathname : resolve(dirname(file), spec);
      const rel = relative(CORE, target);
      if (rel.startsWith('..') || resolve(CORE, rel) !== target) out.push(`src/core/${name} imports '${spec}'`);
    }
  }
  return out;
}

test('src/core imports nothing outside src/core but packages', () => {
  const files = readdirSync(CORE).filter((f) => f.endsWith('.ts'));
  assert.ok(files.length > 10, `found the core sources in ${CORE}`);
  assert.deepEqual(coreEscapes(), []);
});

test('the scan sees type-only, re-exported and dynamic imports', () => {
  const src = [
    "import type { RunContext } from '../context.js';",
    "export { x } from './task.js';",
    "const m = await import('../../experiments/fig2.js');",
    "import { Matrix } from 'ml-matrix';",
  ].join('\n');
  assert.deepEqual(importSpecifiers(src).sort(), ['../../experiments/fig2.js', '../context.js', './task.js', 'ml-matrix']);
});
