/**
 * Claim files: how processes sharing one cache folder (shards of a SLURM array, a re-run, two users)
 * avoid computing the same point twice, without a server.
 *
 *   <dir>/v1/points/<figure>/<key[0..2]>/<key>.claim   who is computing this point now
 *   <dir>/v1/owners/<host>-<pid>-<token>.alive          that process's heartbeat
 *
 * A claim is made atomically with link(2) (fails if the claim exists; safe on NFS too) and holds
 * its owner's id, host and pid. The owner touches its heartbeat file every staleMs/4 from a worker
 * thread (so a long computation on the main thread does not stop it). A claim is stale — its owner
 * is gone — when the owner runs on this host and its pid is dead, or its heartbeat is missing or
 * older than staleMs. A stale claim is taken over by renaming it aside (only one taker succeeds).
 */
import { randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { entryPath } from './store.js';

export type ClaimState = 'free' | 'mine' | 'live' | 'stale';

interface ClaimBody {
  owner: string;
  host: string;
  pid: number;
  at: string;
}

/** Default time after which a silent owner's claims are stale (seconds); LRNN_STALE_CLAIM_S overrides it. */
export const DEFAULT_STALE_S = 60;

export function staleMsFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.LRNN_STALE_CLAIM_S;
  const s = raw === undefined || raw === '' ? DEFAULT_STALE_S : Number(raw);
  if (!(s > 0)) throw new Error(`LRNN_STALE_CLAIM_S must be a positive number of seconds, got '${raw}'`);
  return s * 1000;
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const HEARTBEAT = `
const { workerData } = require('node:worker_threads');
const fs = require('node:fs');
setInterval(() => {
  const t = new Date();
  try { fs.utimesSync(workerData.path, t, t); } catch {
    try { fs.mkdirSync(require('node:path').dirname(workerData.path), { recursive: true }); fs.writeFileSync(workerData.path, ''); } catch {}
  }
}, workerData.everyMs);
`;

export class Claims {
  readonly host = hostname();
  readonly pid = process.pid;
  readonly owner = `${this.host}-${process.pid}-${randomBytes(4).toString('hex')}`;
  private heartbeat: Worker | null = null;
  private readonly mine = new Set<string>();

  constructor(
    readonly dir: string,
    readonly staleMs: number,
  ) {}

  private ownersDir(): string {
    return join(this.dir, 'v1', 'owners');
  }

  private aliveFile(owner: string): string {
    return join(this.ownersDir(), `${owner}.alive`);
  }

  private claimPath(figure: string, key: string): string {
    return entryPath(this.dir, figure, key).replace(/\.entry$/, '.claim');
  }

  /** Creates the heartbeat file and starts refreshing it (before the first claim). */
  start(): void {
    if (this.heartbeat) return;
    mkdirSync(this.ownersDir(), { recursive: true });
    writeFileSync(this.aliveFile(this.owner), `${this.host} ${this.pid}\n`);
    this.heartbeat = new Worker(HEARTBEAT, {
      eval: true,
      workerData: { path: this.aliveFile(this.owner), everyMs: Math.max(50, Math.floor(this.staleMs / 4)) },
    });
    this.heartbeat.unref();
  }

  /** Releases every claim still held, stops the heartbeat and removes its file. */
  async stop(): Promise<void> {
    for (const id of [...this.mine]) {
      const [figure, key] = id.split('\0');
      this.release(figure, key);
    }
    if (this.heartbeat) await this.heartbeat.terminate();
    this.heartbeat = null;
    rmSync(this.aliveFile(this.owner), { force: true });
  }

  /** Tries to claim a point: true if this process now holds it. */
  claim(figure: string, key: string): boolean {
    this.start();
    const path = this.claimPath(figure, key);
    mkdirSync(join(path, '..'), { recursive: true });
    const body: ClaimBody = { owner: this.owner, host: this.host, pid: this.pid, at: new Date().toISOString() };
    const tmp = `${path}.tmp-${this.owner}`;
    writeFileSync(tmp, JSON.stringify(body));
    try {
      linkSync(tmp, path);
      this.mine.add(`${figure}\0${key}`);
      return true;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw err;
    } finally {
      rmSync(tmp, { force: true });
    }
  }

  state(figure: string, key: string): ClaimState {
    const path = this.claimPath(figure, key);
    let body: ClaimBody;
    let mtime = 0;
    try {
      mtime = statSync(path).mtimeMs;
      body = JSON.parse(readFileSync(path, 'utf8')) as ClaimBody;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 'free';
      // Unreadable claim (written by something else): judged by its age alone.
      return Date.now() - mtime > this.staleMs ? 'stale' : 'live';
    }
    if (body.owner === this.owner) return 'mine';
    if (body.host === this.host && !pidAlive(body.pid)) return 'stale';
    try {
      const beat = statSync(this.aliveFile(body.owner)).mtimeMs;
      return Date.now() - beat > this.staleMs ? 'stale' : 'live';
    } catch {
      return 'stale'; // the owner's heartbeat is gone: it exited without releasing this claim
    }
  }

  /** Claims a free point, or takes over a stale claim; false if a live process holds it. */
  acquire(figure: string, key: string): boolean {
    for (let attempt = 0; attempt < 3; attempt++) {
      if (this.claim(figure, key)) return true;
      const st = this.state(figure, key);
      if (st === 'mine') return true;
      if (st === 'live') return false;
      if (st === 'stale') {
        const path = this.claimPath(figure, key);
        try {
          renameSync(path, `${path}.stale-${this.owner}`); // only one process wins this rename
          rmSync(`${path}.stale-${this.owner}`, { force: true });
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
        }
      }
    }
    return false;
  }

  release(figure: string, key: string): void {
    const id = `${figure}\0${key}`;
    if (!this.mine.has(id)) return;
    this.mine.delete(id);
    const path = this.claimPath(figure, key);
    try {
      const body = JSON.parse(readFileSync(path, 'utf8')) as ClaimBody;
      if (body.owner === this.owner) rmSync(path, { force: true });
    } catch {
      /* already gone (taken over after we were judged stale) */
    }
  }

  /** For tests: make this owner's heartbeat look `ageMs` old. */
  ageHeartbeat(ageMs: number): void {
    const t = new Date(Date.now() - ageMs);
    utimesSync(this.aliveFile(this.owner), t, t);
  }
}
