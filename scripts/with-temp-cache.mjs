#!/usr/bin/env node
// Runs a command with XDG_CACHE_HOME set to a fresh temporary folder, removed afterwards, so that
// `npm test` never reads or writes the user's cache (~/.cache/lrnn, or fontconfig's). Exit status is
// the command's. Usage: node scripts/with-temp-cache.mjs <command> [args…]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const [cmd, ...args] = process.argv.slice(2);
if (!cmd) {
  process.stderr.write('usage: node scripts/with-temp-cache.mjs <command> [args…]\n');
  process.exit(2);
}
const dir = mkdtempSync(join(tmpdir(), 'lrnn-test-cache-'));
let status = 1;
try {
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, XDG_CACHE_HOME: dir } });
  if (r.error) throw r.error;
  status = r.status ?? 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
process.exit(status);
