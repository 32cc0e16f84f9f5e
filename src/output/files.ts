/**
 * File output. Single files are written atomically (temp file beside the target, then rename). A
 * figure's files are one unit: they are staged in a folder beside them, a commit marker is written
 * once every file is staged, and only then are they renamed into place. A unit whose staging did
 * not complete is discarded (the previous set stays); a committed unit interrupted half-way through
 * its renames is completed by the next run on the folder (`recoverUnits`), so fig2.png from one run
 * never stays next to fig2.json from another.
 */
import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { OutputError } from '../errors.js';

/** Create a folder and its parents, one level at a time (Node's recursive mkdir hangs under /proc). */
export function mkdirs(dir: string): void {
  const missing: string[] = [];
  let d = dir;
  while (!existsSync(d)) {
    missing.unshift(d);
    const up = dirname(d);
    if (up === d) break;
    d = up;
  }
  for (const m of missing) mkdirSync(m);
}

function writeFully(path: string, data: string | Buffer): void {
  const fd = openSync(path, 'w');
  try {
    const buf = typeof data === 'string' ? Buffer.from(data) : data;
    let off = 0;
    while (off < buf.length) off += writeSync(fd, buf, off, buf.length - off);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

export function writeAtomic(path: string, data: string | Buffer): void {
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    mkdirs(dirname(path));
    writeFully(tmp, data);
    renameSync(tmp, path);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw OutputError.from(path, err);
  }
}

export interface UnitFile {
  name: string; // file name inside the folder, e.g. 'fig2.png'
  data: string | Buffer;
}

const STAGING = '.lrnn-staging';
const COMMITTED = '.committed';

function stagingDir(dir: string, unit: string): string {
  return join(dir, `${STAGING}-${unit}-${process.pid}`);
}

/** Move every staged file of a committed unit into place, then remove the staging folder. */
function finishUnit(dir: string, staged: string): void {
  const names = JSON.parse(readFileSync(join(staged, COMMITTED), 'utf8')) as string[];
  for (const n of names) {
    const from = join(staged, n);
    if (existsSync(from)) renameSync(from, join(dir, n));
  }
  rmSync(staged, { recursive: true, force: true });
}

/** Write a unit of files: all of them or none. Returns the paths written. */
export function writeUnit(dir: string, unit: string, files: readonly UnitFile[]): string[] {
  const staged = stagingDir(dir, unit);
  let current = staged;
  try {
    rmSync(staged, { recursive: true, force: true });
    mkdirs(staged);
    for (const f of files) {
      current = join(dir, f.name);
      writeFully(join(staged, f.name), f.data);
    }
    current = join(staged, COMMITTED);
    writeFully(current, JSON.stringify(files.map((f) => f.name)));
  } catch (err) {
    rmSync(staged, { recursive: true, force: true });
    throw OutputError.from(current, err);
  }
  try {
    finishUnit(dir, staged);
  } catch (err) {
    throw OutputError.from(join(dir, unit), err);
  }
  return files.map((f) => join(dir, f.name));
}

/**
 * Clean up after an interrupted run in `dir`: committed units are completed, uncommitted staging
 * folders are removed. Call it while holding the folder's lock. Returns the units completed.
 */
export function recoverUnits(dir: string): string[] {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) return [];
  const done: string[] = [];
  for (const name of readdirSync(dir)) {
    if (!name.startsWith(`${STAGING}-`)) continue;
    const staged = join(dir, name);
    if (existsSync(join(staged, COMMITTED))) {
      finishUnit(dir, staged);
      done.push(name.slice(STAGING.length + 1).replace(/-\d+$/, ''));
    } else {
      rmSync(staged, { recursive: true, force: true });
    }
  }
  for (const name of readdirSync(dir)) if (/\.\d+\.tmp$/.test(name)) rmSync(join(dir, name), { force: true });
  return done;
}

/** JSON with a trailing newline; numbers are written as JavaScript prints them (shortest round-trip). */
export function toJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
