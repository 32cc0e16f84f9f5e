/**
 * The figure contract: every paper figure is one module under experiments/ that exports a `Figure`.
 * Numbers flow one way: run() computes a typed result with the pure core, claims() and spec() read it,
 * the output layer (src/output) writes it. Nothing here prints.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { RunContext } from './context.js';

export type Group = 'modes' | 'stability' | 'phase' | 'ntk' | 'sensory' | 'rotation' | 'autoregressive';
export const GROUPS: readonly Group[] = ['modes', 'stability', 'phase', 'ntk', 'sensory', 'rotation', 'autoregressive'];

export type Scale = 'paper' | 'quick';

/** A parameter value: every knob of a figure is one of these, so `--set key=value` can parse it. */
export type ParamValue = number | string | boolean | number[] | string[];
export type Params = Record<string, ParamValue>;
/**
 * A figure's parameter interface as a constraint: every key a ParamValue, without an index signature,
 * so that a typo such as `p.tEdn` does not compile.
 */
export type ParamsOf<P> = { [K in keyof P]: ParamValue };

/** Optional per-key constraints, checked when the user overrides a parameter with --set. */
export interface ParamRule {
  min?: number; // inclusive lower bound for numbers (each element for arrays)
  max?: number; // inclusive upper bound
  integer?: boolean; // numbers must be whole
  choices?: readonly string[]; // allowed strings (each element for string arrays)
  minLength?: number; // arrays
  help?: string; // one line shown in usage errors and `lrnn params`
  /**
   * How the run's cost grows with this parameter, as an exponent k: cost ∝ v^k for a number and
   * ∝ Σ v_i^k for a list (k = 0: the number of items). Absent: no effect on cost. See costRatio().
   */
  cost?: number;
}

/** One sentence of the paper, checked on the numbers. */
export interface Claim {
  id: string;
  text: string; // the paper's sentence (or a faithful paraphrase)
  measured: number | string | boolean | null;
  expected: string; // what counts as a pass, in words and numbers
  pass: boolean;
  /** Named numbers behind the verdict (e.g. one ratio per panel), summarised by `--seeds` runs. */
  values?: Record<string, number>;
}

/**
 * A claim of the paper that does not reproduce, recorded in the figure's own module. It behaves like
 * pytest's xfail(strict=True): at the listed scales the claim is expected to fail; a failure there is
 * reported as "deviation (recorded)" and does not fail the run, a pass there does (the record is stale).
 */
export interface Deviation {
  claim: string; // the claim id
  scales: readonly Scale[]; // scales at which the claim fails with the default parameters
  kind: 'erratum' | 'definition' | 'finding' | 'undecided';
  /** One paragraph: what the paper states, what we measure, and why. */
  text: string;
}

/**
 * The outcome of one claim, given the figure's recorded deviations:
 * - `pass`: holds and is not recorded as a deviation;
 * - `fail`: does not hold and is not recorded (fails the run);
 * - `deviation`: does not hold, as recorded (does not fail the run);
 * - `unexpected-pass`: recorded as a deviation at this scale but holds (fails the run).
 */
export type ClaimVerdict = 'pass' | 'fail' | 'deviation' | 'unexpected-pass';

/** A number under snapshot test, with its tolerance: |got − expected| ≤ abs + rel·|expected|. */
export interface SnapshotValue {
  value: number | null; // null = diverged / not a number, compared exactly
  abs: number;
  rel: number;
}
export type SnapshotNumbers = Record<string, SnapshotValue>;

/** A Vega-Lite spec (top-level), as vega-lite types it. Typed builders live in src/render/spec.ts. */
export type VegaLiteSpec = TopLevelSpec;

export interface FigureResult {
  /** Every plotted number, keyed by series name; written to <id>.json as `series`. */
  series: Record<string, unknown>;
  /** Why parameters the paper leaves open were chosen; written as `notes`. */
  notes?: string[];
  /** Items that diverged, listed in the JSON (never NaN in a chart). */
  diverged?: unknown[];
  /** Anything else worth keeping in the JSON. */
  extra?: Record<string, unknown>;
}

/**
 * What identifies a figure: written once, in its module (the registry only knows where modules are);
 * `lrnn list`, group expansion, usage errors, the report and its captions read it from there.
 */
export interface FigureMeta {
  id: string; // 'fig2'
  group: Group;
  title: string; // one line for `lrnn list`
  paper: string; // 'Fig. 2, App. C–D'
  /** The paper's caption, first sentence (for a figure beyond the paper: what lrnn adds), for the report. */
  caption: string;
  /** A figure the paper derives but does not show (e.g. the T-output case of App. M): marked "beyond the paper". */
  beyondPaper?: true;
}

export interface Figure<P extends ParamsOf<P> = Params, R extends FigureResult = FigureResult> extends FigureMeta {
  params: { paper: P; quick: P };
  rules?: Partial<Record<keyof P & string, ParamRule>>;
  /** Why parameters that the paper leaves open were chosen (static part of `notes`). */
  notes?: string[];
  /** Claims of the paper that do not reproduce, with the evidence (see `Deviation`). */
  deviations?: readonly Deviation[];
  /** Cross-parameter checks (e.g. two lists of equal length); a message means a usage error. */
  validate?(p: P): string | null;
  run(p: P, ctx: RunContext): Promise<R>;
  claims(r: R, p: P): Claim[];
  spec(r: R, p: P): VegaLiteSpec;
  snapshot(r: R, p: P): SnapshotNumbers;
}

/**
 * A figure of any parameter and result types, as the registry, the runner and the CLI hold them. Each
 * module checks its own P and R; code that handles every figure reads them as Params and FigureResult.
 */
// biome-ignore lint/suspicious/noExplicitAny: Figure is invariant in P (run, claims and spec read it), so no one type argument covers every figure.
export type AnyFigure = Figure<any, any>;
