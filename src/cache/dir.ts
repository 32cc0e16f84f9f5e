/** Where the cache lives by default: ${XDG_CACHE_HOME:-~/.cache}/lrnn. */
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_CACHE_HOME && env.XDG_CACHE_HOME.length > 0 ? env.XDG_CACHE_HOME : join(homedir(), '.cache');
  return resolve(base, 'lrnn');
}
