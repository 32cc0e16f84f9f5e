/**
 * The on-disk store of computed points. One file per point:
 *
 *   <dir>/v1/points/<figure>/<key[0..2]>/<key>.entry
 *
 * An entry is one header line (JSON: key, payload length, SHA-256 of the payload, what computed it)
 * followed by the payload, the point's output in V8's structured-clone serialisation (what a worker
 * thread sends back, so a cached result has the same values as a computed one). Entries are written
 * to a temporary name, flushed and renamed, so a reader never sees a half-written entry; a truncated
 * or corrupt entry fails its checksum and is reported and recomputed, never served.
 */
import { createHash, randomBytes } from 'node:crypto';
import {
  closeSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { deserialize, serialize } from 'node:v8';

export const FORMAT = 'lrnn-cache-v1';
const MAGIC = 'LRNN1 ';

export interface EntryMeta {
  figure: string;
  fn: string;
  module: string;
  code: string;
}

interface Header extends EntryMeta {
  format: string;
  key: string;
  bytes: number;
  sha256: string;
}

export type ReadResult<T> = { status: 'hit'; value: T } | { status: 'miss' } | { status: 'corrupt'; reason: string };

/** Figure ids become folder names: keep them to safe characters. */
export function figureFolder(figure: string): string {
  if (!/^[A-Za-z0-9_.-]+$/.test(figure) || figure.startsWith('.')) throw new Error(`cache: '${figure}' is not a usable figure id`);
  return figure;
}

export function pointsRoot(dir: string): string {
  return join(dir, 'v1', 'points');
}

export function entryPath(dir: string, figure: string, key: string): string {
  return join(pointsRoot(dir), figureFolder(figure), key.slice(0, 2), `${key}.entry`);
}

export function sha256(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Writes one entry atomically (temp file in the same folder, fsync, rename). */
export function writeEntry(dir: string, key: string, meta: EntryMeta, value: unknown): void {
  const path = entryPath(dir, meta.figure, key);
  const payload = serialize(value);
  const header: Header = { format: FORMAT, key, bytes: payload.length, sha256: sha256(payload), ...meta };
  const head = Buffer.from(`${MAGIC}${JSON.stringify(header)}\n`, 'utf8');
  mkdirSync(join(path, '..'), { recursive: true });
  const tmp = `${path}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    const fd = openSync(tmp, 'wx');
    try {
      writeSync(fd, head);
      writeSync(fd, payload);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, path);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
}

/** Parses and verifies an entry file's bytes. */
export function decodeEntry<T>(buf: Buffer, key: string): ReadResult<T> {
  const nl = buf.indexOf(0x0a);
  if (nl < 0 || buf.subarray(0, MAGIC.length).toString('utf8') !== MAGIC) return { status: 'corrupt', reason: 'no header' };
  let header: Header;
  try {
    header = JSON.parse(buf.subarray(MAGIC.length, nl).toString('utf8')) as Header;
  } catch {
    return { status: 'corrupt', reason: 'unreadable header' };
  }
  if (header.format !== FORMAT || header.key !== key) return { status: 'corrupt', reason: `header names ${header.format}/${header.key}` };
  const payload = buf.subarray(nl + 1);
  if (payload.length !== header.bytes) return { status: 'corrupt', reason: `truncated (${payload.length} of ${header.bytes} bytes)` };
  if (sha256(payload) !== header.sha256) return { status: 'corrupt', reason: 'checksum mismatch' };
  try {
    return { status: 'hit', value: deserialize(payload) as T };
  } catch (err) {
    return { status: 'corrupt', reason: `cannot deserialise: ${(err as Error).message}` };
  }
}

export function readEntry<T>(dir: string, figure: string, key: string): ReadResult<T> {
  let buf: Buffer;
  try {
    buf = readFileSync(entryPath(dir, figure, key));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { status: 'miss' };
    throw err;
  }
  return decodeEntry<T>(buf, key);
}

export function removeEntry(dir: string, figure: string, key: string): void {
  rmSync(entryPath(dir, figure, key), { force: true });
}

export interface FigureUsage {
  figure: string;
  entries: number;
  bytes: number;
  /** Claim files (points being computed now, or left by a killed run) and leftover temp files. */
  claims: number;
  temp: number;
}

/** Entries and bytes per figure. */
export function usage(dir: string): FigureUsage[] {
  const root = pointsRoot(dir);
  let figures: string[];
  try {
    figures = readdirSync(root).sort();
  } catch {
    return [];
  }
  const out: FigureUsage[] = [];
  for (const figure of figures) {
    const u: FigureUsage = { figure, entries: 0, bytes: 0, claims: 0, temp: 0 };
    for (const sub of readdirSync(join(root, figure))) {
      let names: string[];
      try {
        names = readdirSync(join(root, figure, sub));
      } catch {
        continue;
      }
      for (const name of names) {
        const path = join(root, figure, sub, name);
        if (name.endsWith('.entry')) {
          u.entries++;
          u.bytes += statSync(path).size;
        } else if (name.endsWith('.claim')) u.claims++;
        else if (name.includes('.tmp-')) u.temp++;
      }
    }
    out.push(u);
  }
  return out;
}

/** Removes the points of one figure, or of every figure (the whole versioned store). */
export function clear(dir: string, figure?: string): void {
  if (figure) rmSync(join(pointsRoot(dir), figureFolder(figure)), { recursive: true, force: true });
  else rmSync(join(dir, 'v1'), { recursive: true, force: true });
}
