/** Progress: ETA from the fraction done, and a point's own progress through the worker pool and in process. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { stageClock } from '../src/cli/progress.js';
import { inProcessRunner, makeContext } from '../src/context.js';
import { defineTask } from '../src/core/task.js';
import { WorkerPool } from '../src/pool.js';
import { tempDir } from './lib/tmp.js';

test('stageClock: counts, percentage of running points, ETA from the fraction done', () => {
  let t = 0;
  const clock = stageClock(() => t);
  assert.equal(clock('training', 0, 2, 0), 'training 0/2 (0 %)');
  t = 10_000;
  // 10 s for a quarter: 30 s left.
  assert.equal(clock('training', 0, 2, 0.25), 'training 0/2 (25 %), ETA 30 s');
  t = 20_000;
  assert.equal(clock('training', 1, 2), 'training 1/2, ETA 20 s');
  assert.equal(clock('training', 2, 2), 'training 2/2');
  assert.equal(clock('theory'), 'theory');
});

test("a point's own progress reaches map()'s progress, in workers and in process", async () => {
  const dir = tempDir('lrnn-progress-');
  const mod = join(dir, 'task.mjs');
  const pp = pathToFileURL(join(import.meta.dirname, '..', 'src', 'point-progress.js')).href;
  writeFileSync(
    mod,
    [
      `import { reportPointProgress } from ${JSON.stringify(pp)};`,
      'export function steps(n) { for (let i = 1; i <= 4; i++) reportPointProgress(i, 4); return n * 2; }',
    ].join('\n'),
  );
  const task = defineTask<number, number>(pathToFileURL(mod).href, 'steps');
  for (const runner of [inProcessRunner, new WorkerPool(2)]) {
    const seen: number[] = [];
    const ctx = makeContext({
      figureId: 'figT',
      seed: 1,
      scale: 'quick',
      runner,
      progress: (_s, _d, _t, f) => {
        if (f !== undefined) seen.push(f);
      },
    });
    const out = await ctx.map(task, [1, 2, 3]);
    await runner.close();
    assert.deepEqual(out, [2, 4, 6]);
    assert.ok(
      seen.some((f) => f > 0 && f < 1),
      `fractions between 0 and 1 were reported (${seen.join(', ')})`,
    );
    assert.equal(seen[seen.length - 1], 1);
    for (let i = 1; i < seen.length; i++)
      assert.ok(seen[i] >= seen[i - 1] - 1e-12 || runner !== inProcessRunner, 'in process, progress never goes back');
  }
});
