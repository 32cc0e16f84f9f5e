/**
 * The output folder, checked before any computation: it must be a writable folder (created if
 * missing), and only one lrnn run may write into it at a time (a lock file holding the owner's pid;
 * a lock left by a dead process is taken over).
 */
import { closeSync, existsSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { UsageError, describeErrno } from '../errors.js';
import { mkdirs, recoverUnits } from './files.js';

function reason(err: unknown): string {
  const code = (err as NodeJS.ErrnoException)?.code;
  return code ? `${describeErrno(code)} (${code})` : String((err as Error)?.message ?? err);
}

/** The first existing ancestor of a path (the path itself if it exists). */
function existingAncestor(path: string): string {
  let d = path;
  while (!existsSync(d)) {
    const up = dirname(d);
    if (up === d) return d;
    d = up;
  }
  return d;
}

/** Refuse paths under the kernel's virtual file systems, where nothing can be written and mkdir may hang. */
const VIRTUAL = ['/proc', '/sys', '/dev'];

/**
 * Check (and create) an output folder; a usage error names the path and the reason. `option` is how
 * the user named it ('--out').
 */
export function prepareOutDir(raw: string, option = '--out'): string {
  if (raw.trim() === '') throw new UsageError(`${option} '': an empty path is not a folder (name one, e.g. ${option} figures)`);
  const dir = resolve(raw);
  if (VIRTUAL.some((v) => dir === v || dir.startsWith(`${v}/`))) {
    throw new UsageError(`${option} ${raw}: ${dir} is on a virtual kernel file system, where figures cannot be written`);
  }
  const anc = existingAncestor(dir);
  if (!statSync(anc).isDirectory()) {
    throw new UsageError(
      anc === dir ? `${option} ${raw}: ${dir} is a file, not a folder` : `${option} ${raw}: ${anc} is a file, so ${dir} cannot be a folder`,
    );
  }
  try {
    mkdirs(dir);
  } catch (err) {
    throw new UsageError(`${option} ${raw}: cannot create ${dir}: ${reason(err)}`);
  }
  const problem = notWritable(dir);
  if (problem) throw new UsageError(`${option} ${raw}: ${dir} is not writable: ${problem}`);
  return dir;
}

/** Why a file cannot be created in `dir` (tried with a probe file, removed at once), or null. */
function notWritable(dir: string): string | null {
  const probe = join(dir, `.lrnn-probe-${process.pid}`);
  try {
    closeSync(openSync(probe, 'w'));
    return null;
  } catch (err) {
    return reason(err);
  } finally {
    rmSync(probe, { force: true });
  }
}

/** TMPDIR, when set, must be a writable folder: renderers and workers use it. */
export function checkTmpDir(env: NodeJS.ProcessEnv = process.env): void {
  const t = env.TMPDIR;
  if (t === undefined || t === '') return;
  if (!existsSync(t)) throw new UsageError(`TMPDIR=${t}: no such folder (create it, or unset TMPDIR to use the system's temp folder)`);
  if (!statSync(t).isDirectory()) throw new UsageError(`TMPDIR=${t}: is a file, not a folder`);
  const problem = notWritable(t);
  if (problem) throw new UsageError(`TMPDIR=${t}: not writable: ${problem}`);
}

export const LOCK_NAME = '.lrnn.lock';

interface LockInfo {
  pid: number;
  host: string;
  started: string;
  command: string;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Take the folder's lock, or refuse with a usage error naming the owner. A lock whose owner is dead
 * (same host) is taken over. Returns the release function (idempotent; also run on exit).
 */
export function acquireLock(dir: string): () => void {
  const path = join(dir, LOCK_NAME);
  const me: LockInfo = { pid: process.pid, host: hostname(), started: new Date().toISOString(), command: process.argv.slice(2).join(' ') };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, `${JSON.stringify(me)}\n`);
      closeSync(fd);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        try {
          const cur = JSON.parse(readFileSync(path, 'utf8')) as LockInfo;
          if (cur.pid === me.pid && cur.host === me.host) rmSync(path, { force: true });
        } catch {
          /* already gone */
        }
        process.removeListener('exit', release);
      };
      process.on('exit', release);
      recoverUnits(dir);
      return release;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST')
        throw new UsageError(`--out ${dir}: cannot create the lock file ${path}: ${reason(err)}`);
      let owner: LockInfo | null = null;
      try {
        owner = JSON.parse(readFileSync(path, 'utf8')) as LockInfo;
      } catch {
        owner = null; // half-written or corrupt: treat as stale
      }
      if (owner && (owner.host !== me.host || alive(owner.pid))) {
        throw new UsageError(
          `--out ${dir}: another lrnn run (pid ${owner.pid} on ${owner.host}, started ${owner.started}: lrnn ${owner.command}) is writing there; wait for it to finish or choose another --out`,
        );
      }
      rmSync(path, { force: true }); // stale: its owner is dead
    }
  }
  throw new UsageError(`--out ${dir}: could not take the lock ${path}`);
}
