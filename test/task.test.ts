/**
 * Typed task references (src/core/task.ts): a reference is a plain structured-clonable { module, fn },
 * checked against the function it is defined from, and its types reach RunContext.map, so that a wrong
 * input or output type does not compile (the `@ts-expect-error` lines below are checked by tsc: each
 * must be an error, or the build fails).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defineTask } from '../src/core/task.js';
import { ALIGNED_TASK, trainAligned, type AlignedRunResult, type AlignedRunSpec } from '../src/core/aligned.js';
import { NTK_TASK } from '../src/core/ntk.js';
import { makeContext, type RunContext } from '../src/context.js';

/** A task of this module (map imports it by its URL). */
export function double(x: number): number {
  return 2 * x;
}

test('a task reference is a plain { module, fn }, the same after a structured clone', () => {
  const ref = defineTask(import.meta.url, 'double', double);
  assert.deepEqual(Object.keys(ref), ['module', 'fn']);
  assert.deepEqual(structuredClone(ref), { module: import.meta.url, fn: 'double' });
  assert.equal(new URL(ALIGNED_TASK.module).pathname.endsWith('/src/core/aligned.js'), true);
  assert.equal(ALIGNED_TASK.fn, trainAligned.name);
});

test("defineTask refuses a name that is not the function's, and a module that is not a URL", () => {
  assert.throws(() => defineTask(import.meta.url, 'triple', double), /'triple' names a function called 'double'/);
  assert.throws(() => defineTask('./task.js', 'double', double), /must be a URL/);
  assert.throws(() => defineTask<number, number>(import.meta.url, 'not a name'), /not an export name/);
});

test('map infers the types of a task from its reference', async () => {
  const ctx = makeContext({ figureId: 't', seed: 1, scale: 'quick' });
  const DOUBLE = defineTask(import.meta.url, 'double', double);
  const out = await ctx.map(DOUBLE, [1, 2, 3]);
  const sum: number = out.reduce((s, y) => s + y, 0); // O = number, inferred
  assert.equal(sum, 12);
});

// Compiled, never run: each line after `@ts-expect-error` must not type-check.
export function wrongTypesDoNotCompile(ctx: RunContext, spec: AlignedRunSpec): void {
  // @ts-expect-error: a number is not an AlignedRunSpec
  void ctx.map(ALIGNED_TASK, [1, 2]);
  // @ts-expect-error: an AlignedRunSpec is not an NtkRunSpec
  void ctx.map(NTK_TASK, [spec]);
  // @ts-expect-error: trainAligned returns AlignedRunResult, not number
  const wrong: Promise<number[]> = ctx.map(ALIGNED_TASK, [spec]);
  void wrong;
  // @ts-expect-error: a bare { module, fn } is not a task reference (only defineTask makes one)
  void ctx.map({ module: import.meta.url, fn: 'trainAligned' }, [spec]);
  // @ts-expect-error: a task takes exactly one input
  defineTask(import.meta.url, 'add', (x: number, y: number) => x + y);
  const right: Promise<AlignedRunResult[]> = ctx.map(ALIGNED_TASK, [spec]);
  void right;
}
