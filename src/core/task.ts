/**
 * Typed task references. A task is a pure exported function of one structured-clonable input (which
 * carries its own seed) returning a structured-clonable output, or a Promise of one; RunContext.map
 * applies it to many inputs, in worker threads or in process. A worker cannot be sent a function, so
 * a task travels as its address: `{ module, fn }`, the URL of the ES module that exports it and the
 * export's name. The input and output types ride along as a phantom (no run-time field), so
 * `ctx.map(TASK, inputs)` infers them and a wrong input does not compile.
 *
 * Each task is defined once, beside its function, in the module that exports it:
 *
 *     export function trainAligned(spec: AlignedRunSpec): AlignedRunResult { … }
 *     export const ALIGNED_TASK = defineTask(import.meta.url, 'trainAligned', trainAligned);
 *
 * Pure: builds a plain object, no I/O.
 */

declare const io: unique symbol;

/**
 * The address of a task taking I and returning O (awaited). At run time a plain `{ module, fn }`,
 * structured-clonable; the `io` key exists only for the type checker, so that the types are those of
 * the function the reference was defined from (only `defineTask` makes one). A bare `TaskRef` is any
 * task (inputs are contravariant: every task accepts `never`).
 */
export interface TaskRef<I = never, O = unknown> {
  /** URL of the ES module that exports the task (`import.meta.url` of that module). */
  readonly module: string;
  /** Name of the exported function. */
  readonly fn: string;
  /** Phantom: never present at run time. */
  readonly [io]: (input: I) => O;
}

/**
 * The reference to `fn`, exported as `name` by the module at `module`: I and O are those of `fn`. The
 * name is checked against the function's own name, so a reference cannot silently point to another
 * export (a worker only sees the name).
 */
export function defineTask<F extends (input: never) => unknown>(
  module: string,
  name: string,
  fn: F,
): TaskRef<Parameters<F>[0], Awaited<ReturnType<F>>>;
/**
 * A reference to a task whose function cannot be imported where the reference is made (a module
 * written at run time, as tests do): its types are declared, not inferred.
 */
export function defineTask<I, O>(module: string, name: string): TaskRef<I, O>;
export function defineTask(module: string, name: string, fn?: (input: never) => unknown): TaskRef {
  if (!URL.canParse(module)) throw new Error(`defineTask: the module of '${name}' must be a URL (import.meta.url), got '${module}'`);
  if (fn !== undefined && fn.name !== name) {
    throw new Error(`defineTask: the reference '${name}' names a function called '${fn.name}'`);
  }
  if (!/^[A-Za-z_$][\w$]*$/.test(name)) throw new Error(`defineTask: '${name}' is not an export name`);
  return { module, fn: name } as TaskRef;
}
