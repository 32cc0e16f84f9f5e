/** Where a figure came from: tool version, git commit (when available), Node version. */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, resolve } from 'node:path';

export interface Provenance {
  tool: string;
  version: string;
  gitCommit: string | null;
  gitDirty: boolean | null;
  node: string;
  platform: string;
}

/** The repository root: this module sits at <root>/src/output or <root>/dist/src/output. */
export function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    try {
      const pkg = JSON.parse(readFileSync(resolve(dir, 'package.json'), 'utf8')) as { name?: string };
      if (pkg.name === 'lrnn') return dir;
    } catch {
      /* keep climbing */
    }
    dir = dirname(dir);
  }
  throw new Error('cannot find the lrnn package root');
}

let cached: Provenance | null = null;

export function provenance(): Provenance {
  if (cached) return cached;
  const root = repoRoot();
  const pkg = JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8')) as { version: string };
  let gitCommit: string | null = null;
  let gitDirty: boolean | null = null;
  try {
    gitCommit = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: root, stdio: ['ignore', 'pipe', 'ignore'] })
      .toString()
      .trim();
    gitDirty =
      execFileSync('git', ['status', '--porcelain', '--untracked-files=normal'], { cwd: root, stdio: ['ignore', 'pipe', 'ignore'] })
        .toString()
        .trim() !== '';
  } catch {
    /* not a git checkout */
  }
  cached = {
    tool: 'lrnn',
    version: pkg.version,
    gitCommit,
    gitDirty,
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
  };
  return cached;
}
