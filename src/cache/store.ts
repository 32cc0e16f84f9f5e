/**
 * The on-disk store of computed points. One file per point:
 *
 *   <dir>/v1/points/<figure>/<key[0..2]>/<key>.entry
 *
 * and, for a figure's whole result (src/cache/figure-cache.ts), <dir>/v1/results/<figure>/<key[0..2]>/<key>.entry.
 * An entry is one header line (JSON: key, payload length, SHA-256 of the payload, what computed it)
 * followed by the payload, the point's output in V8's structured-clone serialisation (what a worker
 * thread sends back, so a cached result has the same values as a computed one). Entries are written
 * to a temporary name, flushed and renamed, so a reader never sees a half-written entry; a truncated
 * or corrupt entry fails its checksum and is reported and recomputed, never served.
 */
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
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

/** Points of RunContext.map, or whole figure results. */
export type Kind = 'points' | 'results';

export function pointsRoot(dir: string, kind: Kind = 'points'): string {
  return join(dir, 'v1', kind);
}

export function entryPath(dir: string, figure: string, key: string, kind: Kind = 'points'): string {
  return join(pointsRoot(dir, kind), figureFolder(figure), key.slice(0, 2), `${key}.entry`);
}

export function sha256(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Writes one entry atomically (temp file in the same folder, fsync, rename). */
export function writeEntry(dir: string, key: string, meta: EntryMeta, value: unknown, kind: Kind = 'points'): void {
  const path = entryPath(dir, meta.figure, key, kind);
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

export function readEntry<T>(dir: string, figure: string, key: string, kind: Kind = 'points'): ReadResult<T> {
  let buf: Buffer;
  try {
    buf = readFileSync(entryPath(dir, figure, key, kind));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { status: 'miss' };
    throw err;
  }
  return decodeEntry<T>(buf, key);
}

export function removeEntry(dir: string, figure: string, key: string, kind: Kind = 'points'): void {
  rmSync(entryPath(dir, figure, key, kind), { force: true });
}

export interface FigureUsage {
  figure: string;
  /** Point entries, and whole-figure results. */
  entries: number;
  results: number;
  bytes: number;
  /** Claim files (points being computed now, or left by a killed run) and leftover temp files. */
  claims: number;
  temp: number;
}

const list = (path: string): string[] => {
  try {
    return readdirSync(path);
  } catch {
    return [];
  }
};

/** Entries and bytes per figure. */
export function usage(dir: string): FigureUsage[] {
  const byFigure = new Map<string, FigureUsage>();
  for (const kind of ['points', 'results'] as const) {
    const root = pointsRoot(dir, kind);
    for (const figure of list(root)) {
      if (!byFigure.has(figure)) byFigure.set(figure, { figure, entries: 0, results: 0, bytes: 0, claims: 0, temp: 0 });
      const u = byFigure.get(figure)!;
      for (const sub of list(join(root, figure))) {
        for (const name of list(join(root, figure, sub))) {
          const path = join(root, figure, sub, name);
          if (name.endsWith('.entry')) {
            if (kind === 'points') u.entries++;
            else u.results++;
            u.bytes += statSync(path).size;
          } else if (name.endsWith('.claim')) u.claims++;
          else if (name.includes('.tmp-')) u.temp++;
        }
      }
    }
  }
  return [...byFigure.values()].sort((a, b) => (a.figure < b.figure ? -1 : 1));
}

/** Removes the points of one figure, or of every figure (the whole versioned store). */
export function clear(dir: string, figure?: string): void {
  if (figure)
    for (const kind of ['points', 'results'] as const)
      rmSync(join(pointsRoot(dir, kind), figureFolder(figure)), { recursive: true, force: true });
  else rmSync(join(dir, 'v1'), { recursive: true, force: true });
}
