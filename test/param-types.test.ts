/**
 * Compile-time contract of figure parameters: a parameter interface has no index signature, so a typo'd
 * key does not compile. The `@ts-expect-error` lines are the test: if a typo compiled, the directive
 * would be unused and `tsc -p .` (run by `npm test` before any test) would fail.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Figure, ParamsOf } from '../src/figure.js';
import { resolveParams } from '../src/params.js';

interface DemoParams {
  T: number;
  tEnd: number;
  deltas: number[];
  kind: string;
}

const defaults: DemoParams = { T: 5, tEnd: 2, deltas: [1, 2], kind: 'invexp' };

test('a typo in a parameter name does not compile; resolveParams keeps the parameter type', () => {
  const { params } = resolveParams(defaults, ['tEnd=3'], { tEnd: { min: 0 } });
  const p: DemoParams = params;
  // @ts-expect-error `tEdn` is not a parameter of DemoParams
  const typo: unknown = p.tEdn;
  assert.equal(typo, undefined);
  assert.equal(p.tEnd, 3);
  // @ts-expect-error rules name only keys of the parameters
  resolveParams(defaults, [], { tEdn: { min: 0 } });
});

test('a figure is typed by its parameter interface, and a value outside ParamValue is refused', () => {
  type DemoFigure = Figure<DemoParams>;
  const read = (f: DemoFigure): number => f.params.quick.T;
  // @ts-expect-error `Tee` is not a parameter of the figure
  const typo = (f: DemoFigure): unknown => f.params.quick.Tee;
  // @ts-expect-error a parameter must be a ParamValue (number, string, boolean or a list of them)
  type Bad = Figure<{ when: Date }>;
  const ok: ParamsOf<DemoParams> = defaults;
  assert.equal(typeof read, 'function');
  assert.equal(typeof typo, 'function');
  assert.equal(ok.T, 5);
  assert.equal(undefined as Bad | undefined, undefined);
});
