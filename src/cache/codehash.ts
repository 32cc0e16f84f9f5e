/**
 * The code identity of a task: a hash of every built module the task's module imports, transitively
 * (paths relative to the package root, and their contents), the versions of the npm packages it
 * imports, the lrnn version and the Node version. Any change to the code that computes a point
 * changes the hash, so the cache never serves a result of other code.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { builtinModules } from 'node:module';

/** Static and literal dynamic import specifiers of an ES module's source (the output of tsc). */
export function importSpecifiers(source: string): string[] {
  const out: string[] = [];
  const patterns = [
    /(?:^|[\s;}])(?:import|export)\s[^'"`;]*?\sfrom\s*['"]([^'"]+)['"]/g, // import x from '…', export { y } from '…'
    /(?:^|[\s;}])import\s*['"]([^'"]+)['"]/g, // import '…' (side effects)
    /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g, // import('…')
  ];
  for (const re of patterns) for (const m of source.matchAll(re)) out.push(m[1]);
  return out;
}

/** A dynamic import whose specifier is not a string literal: its dependency cannot be followed. */
function hasOpaqueDynamicImport(source: string): boolean {
  return /\bimport\(\s*[^'"\s)]/.test(source);
}

/** The version of the npm package a bare specifier names, resolved from `fromFile`. */
function packageVersion(spec: string, fromFile: string): string {
  const name = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0];
  let dir = dirname(fromFile);
  for (;;) {
    const pkg = join(dir, 'node_modules', name, 'package.json');
    if (existsSync(pkg)) return `${name}@${(JSON.parse(readFileSync(pkg, 'utf8')) as { version: string }).version}`;
    const up = dirname(dir);
    if (up === dir) throw new Error(`cache: cannot find the package '${name}' imported by ${fromFile}`);
    dir = up;
  }
}

export interface CodeIdentity {
  hash: string;
  /** Module paths (relative to the root) and npm packages the hash covers. */
  modules: string[];
  packages: string[];
}

/**
 * Hash of the module graph of `moduleUrl`. `root` is the folder paths are made relative to (the
 * package root), so two checkouts of the same code at different places share their cache.
 */
export function codeIdentity(moduleUrl: string, root: string, salt: string): CodeIdentity {
  const start = fileURLToPath(moduleUrl);
  const seen = new Map<string, Buffer>();
  const packages = new Set<string>();
  const stack = [start];
  while (stack.length) {
    const file = stack.pop()!;
    if (seen.has(file)) continue;
    const source = readFileSync(file);
    seen.set(file, source);
    const text = source.toString('utf8');
    if (hasOpaqueDynamicImport(text)) {
      throw new Error(`cache: ${file} has a dynamic import with a computed specifier; its code identity cannot be followed`);
    }
    for (const spec of importSpecifiers(text)) {
      if (spec.startsWith('node:') || builtinModules.includes(spec)) continue;
      if (spec.startsWith('.') || spec.startsWith('/') || spec.startsWith('file:')) {
        const url = new URL(spec, pathToFileURL(file));
        stack.push(fileURLToPath(url));
      } else {
        packages.add(packageVersion(spec, file));
      }
    }
  }
  const h = createHash('sha256');
  h.update(`${salt}\0`);
  const modules = [...seen.keys()]
    .map((f) => ({ rel: relative(root, f).split('\\').join('/'), f }))
    .sort((a, b) => (a.rel < b.rel ? -1 : 1));
  for (const { rel, f } of modules) {
    const src = seen.get(f)!;
    h.update(`${rel}\0${src.length}\0`);
    h.update(src);
  }
  const pkgs = [...packages].sort();
  for (const p of pkgs) h.update(`pkg\0${p}\0`);
  return { hash: h.digest('hex'), modules: modules.map((m) => m.rel), packages: pkgs };
}
