/**
 * `lrnn slurm` without SLURM: the scripts it writes (array of N shards against the shared cache,
 * assembly after the array) and its usage errors. test/slurm/run.sh runs them on a real SLURM.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..', '..');
const LRNN = join(ROOT, 'bin', 'lrnn');
const TMP = mkdtempSync(join(tmpdir(), 'lrnn-slurm-test-'));
after(() => rmSync(TMP, { recursive: true, force: true }));

function lrnn(args: string[]) {
  return spawnSync(process.execPath, [LRNN, ...args], {
    encoding: 'utf8',
    env: { ...process.env, FORCE_COLOR: '0', PATH: '/nonexistent' },
  });
}

test('lrnn slurm writes the array and assembly scripts and prints how to submit them', () => {
  const dir = join(TMP, 'jobs');
  const r = lrnn([
    'slurm',
    'fig5',
    'figA5',
    '--array',
    '4',
    '--quick',
    '--cache',
    join(TMP, 'shared cache'),
    '--out',
    join(TMP, 'figs'),
    '--dir',
    dir,
    '--partition',
    'cpu',
    '--time',
    '01:30:00',
    '--cpus-per-task',
    '2',
    '--mem',
    '4G',
    '--sbatch-arg=--account=lab',
    '--set',
    'seeds=2',
  ]);
  assert.equal(r.status, 0, r.stderr);
  const shards = readFileSync(join(dir, 'lrnn-shards.sbatch'), 'utf8');
  const assemble = readFileSync(join(dir, 'lrnn-assemble.sbatch'), 'utf8');
  for (const line of [
    '#SBATCH --array=1-4',
    '#SBATCH --partition=cpu',
    '#SBATCH --time=01:30:00',
    '#SBATCH --cpus-per-task=2',
    '#SBATCH --mem=4G',
    '#SBATCH --account=lab',
  ]) {
    assert.ok(shards.includes(`${line}\n`), `${line} in the array script`);
  }
  assert.ok(!assemble.includes('--array'), 'the assembly is one job');
  assert.match(
    shards,
    /repro fig5 figA5 --quick --seed 1 --set seeds=2 --format png,svg --cache '[^']*shared cache' --jobs "\$\{SLURM_CPUS_PER_TASK:-1\}" --shard "\$\{SLURM_ARRAY_TASK_ID\}\/4"/,
  );
  assert.match(assemble, /repro fig5 figA5 --quick .*--cache '[^']*shared cache' .*--out \S*figs\n/);
  assert.match(assemble, /report --out \S*figs/);
  assert.match(r.stdout, /array=\$\(sbatch --parsable \S*lrnn-shards.sbatch\)/);
  assert.match(r.stdout, /sbatch --parsable --dependency=afterok:\$array \S*lrnn-assemble.sbatch/);
  // The commands run as written: bash parses both scripts.
  for (const f of ['lrnn-shards.sbatch', 'lrnn-assemble.sbatch']) assert.equal(spawnSync('bash', ['-n', join(dir, f)]).status, 0, f);
  // --submit without sbatch on the PATH: a one-line message, exit 1.
  const s = lrnn(['slurm', 'fig5', '--array', '2', '--quick', '--cache', join(TMP, 'c'), '--dir', join(TMP, 'jobs2'), '--submit']);
  assert.equal(s.status, 1);
  assert.match(s.stderr, /^lrnn: sbatch not found/m);
  assert.match(s.stderr, /note: the cache .* usually local to each node/, 'a cache in /tmp gets a note');
});

test('lrnn slurm: bad values are usage errors naming the value, nothing written', () => {
  const dir = join(TMP, 'bad');
  for (const [args, msg] of [
    [['--array', '0'], /--array must be a whole number ≥ 1, got '0'/],
    [['--array', '3', '--time', '90 minutes'], /--time must be .* got '90 minutes'/],
    [['--array', '3', '--mem', 'lots'], /--mem must be .* got 'lots'/],
    [['--array', '3', '--cpus-per-task', '1.5'], /--cpus-per-task must be a whole number ≥ 1, got '1.5'/],
    [['--array', '3', '--sbatch-arg', 'account=lab'], /--sbatch-arg takes one sbatch option .* got 'account=lab'/],
    [['--array', '3', '--set', 'nope=1'], /fig5: .*unknown parameter 'nope'/],
    [['--array', '3', '--format', 'gif'], /--format: 'gif'/],
    [[], /required option '--array <n>'/],
  ] as const) {
    const r = lrnn(['slurm', 'fig5', '--quick', '--dir', dir, ...args]);
    assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, msg);
    assert.ok(!existsSync(dir), 'nothing written');
  }
  const r = lrnn(['slurm', 'fig55', '--array', '2', '--dir', dir]);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /unknown figure 'fig55'/);
});
