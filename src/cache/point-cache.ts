/**
 * The content-addressed point cache used by RunContext.map: key = SHA-256 of (the task's code
 * identity, the task's export name, the input's structured-clone bytes). The input carries its own
 * seed, so equal keys mean the same computation.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { serialize } from 'node:v8';
import type { TaskRef } from '../context.js';
import { repoRoot } from '../output/provenance.js';
import { Claims, staleMsFromEnv } from './claims.js';
import { codeIdentity } from './codehash.js';
import { FORMAT, readEntry, removeEntry, sha256, writeEntry, type ReadResult } from './store.js';

export interface PointCacheOptions {
  /** Reports a problem once (a corrupt entry); defaults to stderr. */
  warn?: (message: string) => void;
  /** Claims older than this are stale (default LRNN_STALE_CLAIM_S or 60 s). */
  staleMs?: number;
  /** Root for module paths in the code identity (default: the lrnn package root). */
  root?: string;
}

export class PointCache {
  readonly claims: Claims;
  private readonly root: string;
  /** Format, lrnn and Node versions: part of every code identity. */
  readonly salt: string;
  private readonly codes = new Map<string, string>();
  private readonly warned = new Set<string>();
  private readonly warn: (message: string) => void;

  constructor(
    readonly dir: string,
    opts: PointCacheOptions = {},
  ) {
    this.dir = resolve(dir);
    this.root = opts.root ?? repoRoot();
    const version = (JSON.parse(readFileSync(resolve(repoRoot(), 'package.json'), 'utf8')) as { version: string }).version;
    this.salt = `${FORMAT}|lrnn@${version}|node ${process.version}`;
    this.claims = new Claims(this.dir, opts.staleMs ?? staleMsFromEnv());
    this.warn = opts.warn ?? ((m) => process.stderr.write(`lrnn: ${m}\n`));
  }

  /** The code identity of a task's module (hashed once per process). */
  code(task: TaskRef): string {
    let h = this.codes.get(task.module);
    if (!h) {
      h = codeIdentity(task.module, this.root, this.salt).hash;
      this.codes.set(task.module, h);
    }
    return h;
  }

  key(task: TaskRef, input: unknown): string {
    return sha256(Buffer.concat([Buffer.from(`${this.code(task)}\0${task.fn}\0`), serialize(input)]));
  }

  /** A verified entry, or a miss; a corrupt entry is reported once, removed and counted as a miss. */
  get<T>(figure: string, key: string): { hit: true; value: T } | { hit: false } {
    const r: ReadResult<T> = readEntry<T>(this.dir, figure, key);
    if (r.status === 'hit') return { hit: true, value: r.value };
    if (r.status === 'corrupt') {
      if (!this.warned.has(key)) {
        this.warned.add(key);
        this.warn(`cache: corrupt entry ${figure}/${key.slice(0, 12)}… (${r.reason}); recomputing it`);
      }
      removeEntry(this.dir, figure, key);
    }
    return { hit: false };
  }

  /** Reports a problem once per message. */
  report(message: string): void {
    if (this.warned.has(message)) return;
    this.warned.add(message);
    this.warn(message);
  }

  put(figure: string, key: string, task: TaskRef, value: unknown): void {
    writeEntry(this.dir, key, { figure, fn: task.fn, module: task.module.replace(/^.*\/(dist\/)/, '$1'), code: this.code(task) }, value);
  }

  async close(): Promise<void> {
    await this.claims.stop();
  }
}
