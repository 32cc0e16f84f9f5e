/** A mistake in what the user typed: exit code 2, one clear line, nothing written. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Levenshtein distance, for "did you mean" suggestions. */
export function editDistance(a: string, b: string): number {
  const m = a.length;
  const n = b.length;
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  for (let i = 1; i <= m; i++) {
    const cur = [i];
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
    }
    prev = cur;
  }
  return prev[n];
}

/** The candidates closest to `word`, best first. */
export function closest(word: string, candidates: readonly string[], count = 3): string[] {
  const w = word.toLowerCase();
  return [...candidates]
    .map((c) => ({ c, d: editDistance(w, c.toLowerCase()) }))
    .sort((x, y) => x.d - y.d || x.c.localeCompare(y.c))
    .slice(0, count)
    .map((x) => x.c);
}

/**
 * A file could not be written during a run (full disk, I/O error, permissions changed): exit code 3,
 * one line naming the file and the cause, no stack trace.
 */
export class OutputError extends Error {
  constructor(
    readonly path: string,
    readonly reason: string,
  ) {
    super(`cannot write ${path}: ${reason}`);
    this.name = 'OutputError';
  }

  static from(path: string, err: unknown): OutputError {
    if (err instanceof OutputError) return err;
    const e = err as NodeJS.ErrnoException;
    const reason =
      e && typeof e === 'object' && 'code' in e && e.code ? `${e.code} (${describeErrno(e.code)})` : String((e as Error)?.message ?? e);
    return new OutputError(path, reason);
  }
}

export function describeErrno(code: string): string {
  const known: Record<string, string> = {
    ENOSPC: 'no space left on the device',
    EDQUOT: 'disk quota exceeded',
    EIO: 'input/output error',
    EROFS: 'read-only file system',
    EACCES: 'permission denied',
    EPERM: 'operation not permitted',
    ENOTDIR: 'a part of the path is a file, not a folder',
    EISDIR: 'is a folder',
    ENOENT: 'no such file or folder',
    EEXIST: 'already exists',
    ENAMETOOLONG: 'name too long',
  };
  return known[code] ?? 'system error';
}
