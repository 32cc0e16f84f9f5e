/** Atomic file output: write a temp file beside the target, then rename over it. */
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export function writeAtomic(path: string, data: string | Buffer): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, data);
    renameSync(tmp, path);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
}

/** JSON with a trailing newline; numbers are written as JavaScript prints them (shortest round-trip). */
export function toJson(value: unknown): string {
  return JSON.stringify(value, null, 2) + '\n';
}
