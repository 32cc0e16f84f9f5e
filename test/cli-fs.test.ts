/**
 * The command line around the file system and its conventions: --out checked before any work,
 * figures written whole (full disk, SIGKILL), one run per folder (lock), TMPDIR, exit codes,
 * options given twice, --version, NO_COLOR, --jobs capping, deviations, --check and --seeds.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { recoverUnits } from '../src/output/files.js';
import { tempDir } from './lib/tmp.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
const LRNN = join(ROOT, 'bin', 'lrnn');
const isRoot = process.getuid?.() === 0;

function lrnn(args: string[], env: NodeJS.ProcessEnv = {}) {
  return spawnSync(process.execPath, [LRNN, ...args], {
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, FORCE_COLOR: '0', ...env },
  });
}

function mountTmpfs(dir: string, size: string, ro = false): boolean {
  mkdirSync(dir, { recursive: true });
  return spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${size}${ro ? ',ro' : ''}`, 'tmpfs', dir]).status === 0;
}

function umount(dir: string): void {
  spawnSync('umount', [dir]);
}

test('--out is checked before any work: a file, a path under a file, an empty path, /proc, read-only', () => {
  const base = tempDir('lrnn-cli-out-');
  const file = join(base, 'a-file');
  writeFileSync(file, 'x');
  const cases: Array<[string, RegExp]> = [
    [file, /is a file, not a folder/],
    [join(file, 'sub'), /is a file, so .* cannot be a folder/],
    ['', /empty path/],
    ['/proc/lrnn-out', /virtual kernel file system/],
  ];
  for (const [out, re] of cases) {
    const r = lrnn(['repro', 'fig2', '--quick', '--out', out]);
    assert.equal(r.status, 2, `--out '${out}' → ${r.status} ${r.stderr}`);
    assert.match(r.stderr, re);
    assert.doesNotMatch(r.stderr, /training|internal error| {4}at /, 'no computation, no stack trace');
  }
  const ro = join(base, 'ro');
  if (isRoot && mountTmpfs(ro, '1m', true)) {
    try {
      const r = lrnn(['repro', 'fig2', '--quick', '--out', ro]);
      assert.equal(r.status, 2, r.stderr);
      assert.match(r.stderr, /not writable: read-only file system \(EROFS\)/);
    } finally {
      umount(ro);
    }
  }
});

function hashes(dir: string, id: string): string {
  return ['png', 'svg', 'vl.json', 'json']
    .map((e) => {
      const p = join(dir, `${id}.${e}`);
      return existsSync(p) ? createHash('sha256').update(readFileSync(p)).digest('hex').slice(0, 12) : '-';
    })
    .join(' ');
}

test('a full disk during the run exits 3 naming the file; the previous set stays whole; --json lists what finished', {
  skip: !isRoot && 'needs root to mount a tmpfs',
}, () => {
  const base = tempDir('lrnn-cli-full-');
  const out = join(base, 'small');
  assert.ok(mountTmpfs(out, '600k'), 'mount a 600 KiB tmpfs');
  try {
    // One set of fig2 files (~380 KB) fits; staging a second set beside it does not.
    const first = lrnn(['repro', 'fig2', '--quick', '--seed', '1', '--quiet', '--out', out]);
    assert.equal(first.status, 0, first.stderr);
    const before = hashes(out, 'fig2');
    const second = lrnn(['repro', 'fig2', '--quick', '--seed', '2', '--json', '--quiet', '--out', out]);
    assert.equal(second.status, 3, second.stderr);
    const lines = second.stderr.trim().split('\n');
    assert.equal(lines.length, 1, `one line: ${second.stderr}`);
    assert.match(lines[0], /cannot write .*fig2\.[a-z.]+: ENOSPC \(no space left on the device\)/);
    assert.equal(hashes(out, 'fig2'), before, 'the previous fig2 set is intact');
    assert.deepEqual(
      readdirSync(out).filter((f) => f.startsWith('.lrnn')),
      [],
      'staged files and the lock are removed',
    );
    const summary = JSON.parse(second.stdout);
    assert.equal(summary.ok, false);
    assert.match(summary.error, /ENOSPC/);
    assert.deepEqual(summary.notRun, ['fig2']);
  } finally {
    umount(out);
  }
});

test('SIGKILL at any moment never leaves files of two runs side by side', async () => {
  const out = tempDir('lrnn-cli-kill-');
  const ref = tempDir('lrnn-cli-kill-ref-');
  const t0 = Date.now();
  assert.equal(lrnn(['repro', 'fig2', '--quick', '--seed', '1', '--quiet', '--out', join(ref, '1')]).status, 0);
  const duration = Date.now() - t0;
  assert.equal(lrnn(['repro', 'fig2', '--quick', '--seed', '2', '--quiet', '--out', join(ref, '2')]).status, 0);
  // The JSON records the run's seed (and its time, which differs run to run): the images and the spec
  // beside it must be those of that seed.
  const images = (dir: string) => hashes(dir, 'fig2').split(' ').slice(0, 3).join(' ');
  const bySeed: Record<number, string> = { 1: images(join(ref, '1')), 2: images(join(ref, '2')) };
  assert.equal(lrnn(['repro', 'fig2', '--quick', '--seed', '1', '--quiet', '--out', out]).status, 0);
  for (let k = 0; k < 8; k++) {
    // Aim the kills at the end of the run, where the files are written.
    const delay = duration * (0.75 + 0.3 * (k / 7));
    const child = spawn(process.execPath, [LRNN, 'repro', 'fig2', '--quick', '--seed', String(1 + (k % 2)), '--quiet', '--out', out], {
      stdio: 'ignore',
    });
    await new Promise<void>((res) => {
      const timer = setTimeout(() => child.kill('SIGKILL'), delay);
      child.on('exit', () => {
        clearTimeout(timer);
        res();
      });
    });
    recoverUnits(out); // what the next run on the folder does first
    const seed = JSON.parse(readFileSync(join(out, 'fig2.json'), 'utf8')).seed as number;
    assert.equal(
      images(out),
      bySeed[seed],
      `after a kill at ${Math.round(delay)} ms, the images beside a seed-${seed} JSON are that run's`,
    );
  }
});

test('one run per --out folder: a live lock refuses, a stale lock is taken over', () => {
  const out = tempDir('lrnn-cli-lock-');
  writeFileSync(
    join(out, '.lrnn.lock'),
    JSON.stringify({ pid: process.pid, host: require_hostname(), started: 'now', command: 'repro fig2' }),
  );
  const busy = lrnn(['repro', 'fig2', '--quick', '--quiet', '--out', out]);
  assert.equal(busy.status, 2, busy.stderr);
  assert.match(busy.stderr, new RegExp(`another lrnn run \\(pid ${process.pid}`));
  const dead = spawnSync(process.execPath, ['-e', '0']).pid;
  writeFileSync(join(out, '.lrnn.lock'), JSON.stringify({ pid: dead, host: require_hostname(), started: 'then', command: 'repro fig2' }));
  const ok = lrnn(['repro', 'fig2', '--quick', '--quiet', '--format', 'svg', '--out', out]);
  assert.equal(ok.status, 0, ok.stderr);
  assert.ok(!existsSync(join(out, '.lrnn.lock')), 'the lock is released');
});

function require_hostname(): string {
  return spawnSync(process.execPath, ['-e', 'process.stdout.write(require("os").hostname())'], { encoding: 'utf8' }).stdout;
}

test('TMPDIR missing or a file is a usage error', () => {
  const base = tempDir('lrnn-cli-tmp-');
  const file = join(base, 'f');
  writeFileSync(file, '');
  for (const [t, re] of [
    [join(base, 'missing'), /TMPDIR=.*no such folder/],
    [file, /TMPDIR=.*is a file/],
  ] as const) {
    const r = lrnn(['repro', 'fig2', '--quick', '--out', join(base, 'out')], { TMPDIR: t });
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, re);
  }
  assert.ok(!existsSync(join(base, 'missing')), 'TMPDIR is not created');
});

test('bad seeds and jobs are refused, options given twice are refused, --version and help work', () => {
  for (const args of [
    ['--seed', ''],
    ['--seed', '0x10'],
    ['--seed', '9007199254740993'],
    ['--seed', '1.5'],
    ['--jobs', '0x2'],
    ['--seed', '1', '--seed', '2'],
    ['--quick', '--quick'],
    ['--seeds', '1,,3'],
    ['--seeds', '5-2'],
  ]) {
    const r = lrnn(['repro', 'fig2', '--quick', ...args, '--out', tempDir('lrnn-cli-bad-')]);
    assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.equal(r.stderr.trim().split('\n').length, 1, `one line: ${r.stderr}`);
  }
  assert.match(lrnn(['repro', 'fig2', '--seed', '0x10']).stderr, /'0x10'/, 'quotes what was typed');
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  for (const v of ['--version', '-V']) {
    const r = lrnn([v]);
    assert.equal(r.status, 0);
    assert.equal(r.stdout.trim(), pkg.version);
  }
  const help = lrnn(['repro', '--help']);
  assert.equal(help.status, 0);
  assert.match(help.stdout, /Exit codes:[\s\S]*0 [\s\S]*1 [\s\S]*2 [\s\S]*3 /);
});

test('--jobs above the core count is capped with a note; results are the same', () => {
  const out = tempDir('lrnn-cli-jobs-');
  const r = lrnn(['repro', 'fig2', '--quick', '--jobs', '1000', '--format', 'svg', '--out', out]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /--jobs 1000 is more than the \d+ core\(s\) of this machine; using \d+/);
});

test('NO_COLOR is honoured on a terminal; FORCE_COLOR colours a pipe', {
  skip: !existsSync('/usr/bin/script') && 'needs script(1)',
}, () => {
  const out = tempDir('lrnn-cli-color-');
  const cmd = `${process.execPath} ${LRNN} repro fig2 --quick --format svg --out ${out}`;
  const pty = spawnSync('script', ['-qec', cmd, '/dev/null'], {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined, TERM: 'xterm' },
    timeout: 60_000,
  });
  assert.equal(pty.status, 0, pty.stdout);
  // eslint-disable-next-line no-control-regex
  assert.doesNotMatch(pty.stdout, /\u001b\[[0-9;]*m/, 'no colour escapes under NO_COLOR');
  const forced = lrnn(['repro', 'fig2', '--quick', '--format', 'svg', '--out', out], { FORCE_COLOR: '1' });
  // eslint-disable-next-line no-control-regex
  assert.match(forced.stdout, /\u001b\[[0-9;]*m/, 'FORCE_COLOR=1 colours the summary');
});

test('a recorded deviation keeps the exit code 0 and is shown apart; --check with another seed exits 1; --seeds writes robustness', () => {
  const out = tempDir('lrnn-cli-dev-');
  const r = lrnn(['repro', 'figA3', '--quick', '--format', 'svg', '--out', out]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /6\/7 pass, 1 deviation/);
  assert.match(r.stdout, /~ figA3 eq106-landau-expansion: deviation \(recorded, erratum\)/);
  const checked = lrnn(['repro', 'fig2', '--quick', '--check', '--seed', '2', '--format', 'svg', '--out', out]);
  assert.equal(checked.status, 1, checked.stderr);
  assert.match(checked.stdout, /--check: the snapshot was made with --seed 1, this run used --seed 2/);
  const seeds = lrnn(['repro', 'fig2', '--quick', '--seeds', '1-3', '--format', 'svg', '--out', out]);
  assert.equal(seeds.status, 0, seeds.stderr);
  const rob = JSON.parse(readFileSync(join(out, 'fig2.robustness.json'), 'utf8'));
  assert.deepEqual(rob.seeds, [1, 2, 3]);
  for (const c of rob.claims) assert.equal(c.runs, 3);
  for (const s of [1, 2, 3]) assert.ok(existsSync(join(out, `seed-${s}`, 'fig2.json')));
  assert.match(seeds.stdout, /fig2 \(quick scale\) over 3 seeds/);
});

test('a run far beyond paper scale prints one warning line with the estimate before it starts', async () => {
  const out = tempDir('lrnn-cli-cost-');
  const child = spawn(process.execPath, [LRNN, 'repro', 'fig2', '--set', 'P=64000', '--format', 'svg', '--out', out], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let err = '';
  await new Promise<void>((res) => {
    child.stderr.on('data', (d: Buffer) => {
      err += d.toString();
      if (/training/.test(err)) child.kill('SIGKILL');
    });
    child.on('exit', () => res());
  });
  const lines = err.split('\n');
  assert.match(lines[0], /^lrnn: warning: fig2: estimated cost ≈ 1000× a paper-scale run \(P ×1000\)/);
  assert.equal(lines.filter((l) => /warning/.test(l)).length, 1);
});
