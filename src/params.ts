/**
 * Parameter overrides: `--set key=value`, typed by the figure's defaults and checked against its rules.
 * Every error names the bad value and lists the valid keys with their defaults.
 */
import { UsageError, closest } from './errors.js';
import type { ParamRule, ParamValue, Params, ParamsOf } from './figure.js';

/** The rules of a figure's parameters, by key. */
export type RulesOf<P> = Partial<Record<keyof P & string, ParamRule>>;

/**
 * A figure's parameters as a plain key → value map, for code that walks every key (parsing, cost).
 * A typed parameter interface has no index signature (so `p.tEdn` does not compile); this is the one
 * place where it is read by a key chosen at run time.
 */
export function paramMap<P extends ParamsOf<P>>(p: P): Params {
  return p as unknown as Params;
}

export function formatValue(v: ParamValue): string {
  return Array.isArray(v) ? v.join(',') : String(v);
}

function keyList(defaults: Params): string {
  return Object.entries(defaults)
    .map(([k, v]) => `${k}=${formatValue(v)}`)
    .join(' ');
}

/**
 * Decimal numbers only: optional sign, digits with an optional point, optional exponent. Hex (0x10),
 * binary, 'Infinity', '' and stray characters are refused rather than reinterpreted by Number().
 */
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
/** Symbolic constants researchers type for angles. */
const SYMBOLIC: Record<string, number> = { pi: Math.PI, '+pi': Math.PI, '-pi': -Math.PI, π: Math.PI, '-π': -Math.PI };

/** A finite decimal number (or pi/π), exactly as typed; null when it is not one. */
export function parseDecimal(raw: string): number | null {
  const t = raw.trim();
  if (t in SYMBOLIC) return SYMBOLIC[t];
  if (!DECIMAL.test(t)) return null;
  const v = Number(t);
  return Number.isFinite(v) ? v : null;
}

/**
 * A whole number typed on the command line (e.g. --seed, --jobs): decimal digits only, min ≤ v ≤ max,
 * max at most 2^53 − 1 so that the value survives a JSON round trip exactly. `name` is the option as
 * the user typed it ('--seed'); the message quotes the raw text.
 */
export function parseWholeNumber(name: string, raw: string, min: number, max: number = Number.MAX_SAFE_INTEGER): number {
  const hi = Math.min(max, Number.MAX_SAFE_INTEGER);
  const t = String(raw).trim();
  const allowed = `a whole number ${min}…${hi} in decimal digits`;
  if (!/^[+-]?\d+$/.test(t)) throw new UsageError(`${name} '${raw}' is not ${allowed}`);
  const big = BigInt(t);
  if (big < BigInt(min) || big > BigInt(hi)) throw new UsageError(`${name} '${raw}' is out of range (allowed: ${allowed})`);
  return Number(big);
}

function parseNumber(key: string, raw: string, defaults: Params): number {
  const v = parseDecimal(raw);
  if (v === null) {
    throw new UsageError(
      `--set ${key}=${raw}: '${raw.trim()}' is not a decimal number (digits, optional . and e, or pi; valid keys and defaults: ${keyList(defaults)})`,
    );
  }
  return v;
}

/** The allowed values of a rule in words: '2…50, whole numbers', 'one of a, b', '≥ 2 values'. */
export function describeRule(rule: ParamRule | undefined): string {
  if (!rule) return 'any';
  const parts: string[] = [];
  if (rule.choices) parts.push(`one of ${rule.choices.join(', ')}`);
  if (rule.min !== undefined || rule.max !== undefined) parts.push(`${rule.min ?? '-∞'}…${rule.max ?? '∞'}`);
  if (rule.integer) parts.push('whole numbers');
  if (rule.minLength !== undefined) parts.push(`at least ${rule.minLength} value(s)`);
  return parts.join(', ') || 'any';
}

function checkNumber(key: string, raw: string, v: number, rule: ParamRule | undefined, defaults: Params): void {
  if (!rule) return;
  const bad =
    (rule.integer && !Number.isInteger(v)) || (rule.min !== undefined && v < rule.min) || (rule.max !== undefined && v > rule.max);
  if (bad) {
    const range = `${rule.min ?? '-∞'}…${rule.max ?? '∞'}${rule.integer ? ', whole numbers' : ''}`;
    throw new UsageError(
      `--set ${key}: '${raw.trim()}' is out of range (allowed ${range}${rule.help ? `; ${rule.help}` : ''}); valid keys and defaults: ${keyList(defaults)}`,
    );
  }
}

function checkString(key: string, v: string, rule: ParamRule | undefined): void {
  if (rule?.choices && !rule.choices.includes(v)) {
    throw new UsageError(`--set ${key}: '${v}' is not allowed (choose one of ${rule.choices.join(', ')})`);
  }
}

/** Split a comma list; an empty item ('1,,2', a trailing comma) is an error, never dropped. */
function splitList(key: string, raw: string): string[] {
  if (raw.trim() === '') return [];
  const parts = raw.split(',');
  const empty = parts.findIndex((x) => x.trim() === '');
  if (empty >= 0) {
    throw new UsageError(
      `--set ${key}=${raw}: item ${empty + 1} of '${raw}' is empty (write values separated by single commas, e.g. 0.5,1,2)`,
    );
  }
  return parts.map((x) => x.trim());
}

/** Parse one `key=value` against the defaults; returns the typed value. */
export function parseOverride<P extends ParamsOf<P>>(
  assignment: string,
  typed: P,
  typedRules: RulesOf<P> = {},
): [keyof P & string, ParamValue] {
  const defaults = paramMap(typed);
  const rules: Partial<Record<string, ParamRule>> = typedRules;
  const eq = assignment.indexOf('=');
  if (eq <= 0) throw new UsageError(`--set expects key=value, got '${assignment}' (valid keys and defaults: ${keyList(defaults)})`);
  const key = assignment.slice(0, eq).trim();
  const raw = assignment.slice(eq + 1);
  if (!(key in defaults)) {
    throw new UsageError(
      `--set: unknown parameter '${key}' (did you mean ${closest(key, Object.keys(defaults), 2).join(' or ')}?); valid keys and defaults: ${keyList(defaults)}`,
    );
  }
  const def = defaults[key];
  const rule = rules[key];
  let value: ParamValue;
  if (typeof def === 'number') {
    value = parseNumber(key, raw, defaults);
    checkNumber(key, raw, value, rule, defaults);
  } else if (typeof def === 'boolean') {
    const t = raw.trim().toLowerCase();
    if (!['true', 'false', '1', '0', 'yes', 'no'].includes(t)) throw new UsageError(`--set ${key}=${raw}: expected true or false`);
    value = ['true', '1', 'yes'].includes(t);
  } else if (typeof def === 'string') {
    value = raw.trim();
    checkString(key, value, rule);
  } else if (Array.isArray(def) && (def.length === 0 || typeof def[0] === 'number')) {
    const parts = splitList(key, raw);
    const nums = parts.map((x) => parseNumber(key, x, defaults));
    nums.forEach((v, i) => {
      checkNumber(key, parts[i], v, rule, defaults);
    });
    value = nums;
  } else {
    const parts = splitList(key, raw);
    for (const v of parts) checkString(key, v, rule);
    value = parts;
  }
  if (Array.isArray(value)) {
    const min = rule?.minLength ?? 1;
    if (value.length < min) throw new UsageError(`--set ${key}: needs at least ${min} comma-separated value(s), got '${raw}'`);
  }
  return [key as keyof P & string, value];
}

/** Defaults of the chosen scale with the overrides applied (later assignments win). */
export function resolveParams<P extends ParamsOf<P>>(
  defaults: P,
  assignments: readonly string[],
  rules: RulesOf<P> = {},
): { params: P; overridden: Array<keyof P & string> } {
  const params: P = { ...defaults };
  const overridden: Array<keyof P & string> = [];
  for (const a of assignments) {
    const [k, v] = parseOverride(a, defaults, rules);
    // v was parsed against the default of k, so it has the type of params[k].
    params[k] = v as P[typeof k];
    if (!overridden.includes(k)) overridden.push(k);
  }
  return { params, overridden };
}

/** The size measure of one value under a cost exponent k: |v|^k, or Σ |v_i|^k for a list. */
function costMeasure(v: ParamValue, k: number): number | null {
  if (typeof v === 'number') return Math.abs(v) ** k;
  if (Array.isArray(v) && v.every((x) => typeof x === 'number')) return (v as number[]).reduce((s, x) => s + Math.abs(x) ** k, 0);
  if (Array.isArray(v)) return v.length;
  return null;
}

/**
 * Estimated cost of a run relative to the figure's paper-scale defaults (1 = paper scale). The
 * generic rule: every parameter whose rule has a `cost` exponent k contributes the factor
 * measure(value)/measure(paper default), measure = |v|^k (Σ|v_i|^k for lists); the factors multiply.
 * An estimate of the order of magnitude, for a warning before a run far beyond paper scale.
 */
/** What costRatio reads of a figure: its paper-scale defaults and rules. */
export interface CostModel<P extends ParamsOf<P>> {
  params: { paper: P };
  rules?: RulesOf<P>;
}

export function costRatio<P extends ParamsOf<P>>(fig: CostModel<P>, params: P): number {
  return costFactors(fig, params).reduce((r, f) => r * f.factor, 1);
}

/** The factors of costRatio, one per parameter with a cost exponent whose value differs from paper scale. */
export function costFactors<P extends ParamsOf<P>>(fig: CostModel<P>, typed: P): Array<{ key: string; factor: number }> {
  const out: Array<{ key: string; factor: number }> = [];
  const params = paramMap(typed);
  const paper = paramMap(fig.params.paper);
  const rules: Partial<Record<string, ParamRule>> = fig.rules ?? {};
  for (const [key, rule] of Object.entries(rules)) {
    if (rule?.cost === undefined || !(key in params) || !(key in paper)) continue;
    const now = costMeasure(params[key], rule.cost);
    const ref = costMeasure(paper[key], rule.cost);
    if (now === null || ref === null || !(ref > 0) || now === ref) continue;
    out.push({ key, factor: now / ref });
  }
  return out;
}

/** Ratio above which a run is "far beyond paper scale" and costWarning speaks. */
export const COST_WARNING_RATIO = 10;

/**
 * One line for a run whose estimated cost is far beyond paper scale, naming the parameters that drive
 * it (largest factor first); null otherwise. It informs and asks nothing.
 */
export function costWarning<P extends ParamsOf<P>>(
  fig: CostModel<P> & { id: string },
  params: P,
  threshold = COST_WARNING_RATIO,
): string | null {
  const ratio = costRatio(fig, params);
  if (!(ratio > threshold)) return null;
  const drivers = costFactors(fig, params)
    .filter((f) => f.factor > 1)
    .sort((a, b) => b.factor - a.factor)
    .slice(0, 3)
    .map((f) => `${f.key} ×${Number(f.factor.toPrecision(2))}`);
  return `${fig.id}: estimated cost ≈ ${Number(ratio.toPrecision(2))}× a paper-scale run (${drivers.join(', ')}); this may take long`;
}
