/** fig2: claims follow the parameters, and a diverging Taylor theory is reported, never drawn as NaN. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CATALOG, loadFigure } from '../src/registry.js';
import { runFigure } from '../src/runner.js';
import type { Params } from '../src/figure.js';
import { tempDir } from './lib/tmp.js';

async function run(set: Params) {
  const fig = await loadFigure(CATALOG.find((e) => e.id === 'fig2')!);
  const out = tempDir('lrnn-fig2-test-');
  const r = await runFigure(
    fig,
    { ...(fig.params.quick as Params), ...set },
    {
      scale: 'quick',
      seed: 1,
      outDir: out,
      formats: ['svg'],
      check: false,
      updateSnapshots: false,
      snapshotDir: out,
      jobs: 1,
    },
  );
  return { r, json: JSON.parse(readFileSync(join(out, 'fig2.json'), 'utf8')), spec: readFileSync(join(out, 'fig2.vl.json'), 'utf8') };
}

test('fig2: with b frozen away from λ, ac is judged against the fixed point of the frozen flow', async () => {
  const { r } = await run({ leftB: 0.7 });
  assert.equal(r.claims.find((c) => c.id === 'io-learns-delta')!.verdict, 'pass');
});

test('fig2: a diverging Taylor theory is listed in diverged and drawn only up to its last valid point', async () => {
  const { r, json, spec } = await run({ rightDynamics: 'constant' });
  const c = r.claims.find((x) => x.id === 'theory-right')!;
  assert.equal(c.pass, false);
  assert.match(String(c.measured), /the Taylor theory diverged for δ = 2/);
  assert.ok(json.diverged.some((d: { panel: string; reason: string }) => d.panel === 'right' && /theory diverged/.test(d.reason)));
  assert.doesNotMatch(spec, /"y": null|NaN/, 'no null or NaN in the plotted data');
});
