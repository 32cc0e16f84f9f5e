/**
 * Parameter overrides: `--set key=value`, typed by the figure's defaults and checked against its rules.
 * Every error names the bad value and lists the valid keys with their defaults.
 */
import { UsageError, closest } from './errors.js';
import type { ParamRule, ParamValue, Params } from './figure.js';

export function formatValue(v: ParamValue): string {
  return Array.isArray(v) ? v.join(',') : String(v);
}

function keyList(defaults: Params): string {
  return Object.entries(defaults)
    .map(([k, v]) => `${k}=${formatValue(v)}`)
    .join(' ');
}

function parseNumber(key: string, raw: string, defaults: Params): number {
  const t = raw.trim();
  // Allow a few symbolic constants researchers type for angles and roots.
  const symbolic: Record<string, number> = { pi: Math.PI, '-pi': -Math.PI };
  const v = t in symbolic ? symbolic[t] : t === '' ? NaN : Number(t);
  if (!Number.isFinite(v)) {
    throw new UsageError(`--set ${key}=${raw}: '${raw}' is not a finite number (valid keys and defaults: ${keyList(defaults)})`);
  }
  return v;
}

function checkNumber(key: string, v: number, rule: ParamRule | undefined, defaults: Params): void {
  if (!rule) return;
  const range = `${rule.min ?? '-∞'}…${rule.max ?? '∞'}${rule.integer ? ', whole numbers' : ''}`;
  const bad =
    (rule.integer && !Number.isInteger(v)) || (rule.min !== undefined && v < rule.min) || (rule.max !== undefined && v > rule.max);
  if (bad) {
    throw new UsageError(
      `--set ${key}: ${v} is out of range (allowed ${range}${rule.help ? `; ${rule.help}` : ''}); valid keys and defaults: ${keyList(defaults)}`,
    );
  }
}

function checkString(key: string, v: string, rule: ParamRule | undefined): void {
  if (rule?.choices && !rule.choices.includes(v)) {
    throw new UsageError(`--set ${key}: '${v}' is not allowed (choose one of ${rule.choices.join(', ')})`);
  }
}

/** Parse one `key=value` against the defaults; returns the typed value. */
export function parseOverride(
  assignment: string,
  defaults: Params,
  rules: Partial<Record<string, ParamRule>> = {},
): [string, ParamValue] {
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
    checkNumber(key, value, rule, defaults);
  } else if (typeof def === 'boolean') {
    const t = raw.trim().toLowerCase();
    if (!['true', 'false', '1', '0', 'yes', 'no'].includes(t)) throw new UsageError(`--set ${key}=${raw}: expected true or false`);
    value = ['true', '1', 'yes'].includes(t);
  } else if (typeof def === 'string') {
    value = raw.trim();
    checkString(key, value, rule);
  } else if (Array.isArray(def) && (def.length === 0 || typeof def[0] === 'number')) {
    const parts = raw.split(',').filter((x) => x.trim() !== '');
    const nums = parts.map((x) => parseNumber(key, x, defaults));
    nums.forEach((v) => checkNumber(key, v, rule, defaults));
    value = nums;
  } else {
    const parts = raw.split(',').map((x) => x.trim()).filter((x) => x !== '');
    parts.forEach((v) => checkString(key, v, rule));
    value = parts;
  }
  if (Array.isArray(value)) {
    const min = rule?.minLength ?? 1;
    if (value.length < min) throw new UsageError(`--set ${key}: needs at least ${min} comma-separated value(s), got '${raw}'`);
  }
  return [key, value];
}

/** Defaults of the chosen scale with the overrides applied (later assignments win). */
export function resolveParams<P extends Params>(
  defaults: P,
  assignments: readonly string[],
  rules: Partial<Record<string, ParamRule>> = {},
): { params: P; overridden: string[] } {
  const params: Params = { ...defaults };
  const overridden: string[] = [];
  for (const a of assignments) {
    const [k, v] = parseOverride(a, defaults, rules);
    params[k] = v;
    if (!overridden.includes(k)) overridden.push(k);
  }
  return { params: params as P, overridden };
}
