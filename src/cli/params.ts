/**
 * `lrnn params <figure> [--json]`: every parameter of a figure with its default at both scales, its
 * type, what is allowed and one line of help. `lrnn repro <figure> --help` appends the same table.
 */
import type { ParamRule, ParamValue, AnyFigure } from '../figure.js';
import { describeRule, formatValue } from '../params.js';
import { CATALOG, entryFor, loadFigure } from '../registry.js';
import { table } from './summary.js';

export interface ParamDoc {
  name: string;
  type: 'integer' | 'number' | 'integer list' | 'number list' | 'choice' | 'choice list' | 'string' | 'string list' | 'boolean';
  paper: ParamValue;
  quick: ParamValue;
  allowed: string; // the rule in words
  rule: ParamRule;
  help: string;
}

function typeOf(v: ParamValue, rule: ParamRule): ParamDoc['type'] {
  if (typeof v === 'boolean') return 'boolean';
  if (typeof v === 'number') return rule.integer ? 'integer' : 'number';
  if (typeof v === 'string') return rule.choices ? 'choice' : 'string';
  const numeric = v.length === 0 ? rule.choices === undefined : typeof v[0] === 'number';
  if (numeric) return rule.integer ? 'integer list' : 'number list';
  return rule.choices ? 'choice list' : 'string list';
}

/** The documentation of every parameter of a figure, in the order of its paper-scale defaults. */
export function paramDocs(fig: AnyFigure): ParamDoc[] {
  const rules = (fig.rules ?? {}) as Partial<Record<string, ParamRule>>;
  return Object.entries(fig.params.paper as Record<string, ParamValue>).map(([name, paper]) => {
    const rule = rules[name] ?? {};
    return {
      name,
      type: typeOf(paper, rule),
      paper,
      quick: (fig.params.quick as Record<string, ParamValue>)[name],
      allowed: describeRule(rule),
      rule,
      help: rule.help ?? '',
    };
  });
}

/** Short form of a default: numbers as typed, long lists cut in the middle. */
function short(v: ParamValue): string {
  const s = formatValue(v);
  return s.length > 28 ? `${s.slice(0, 12)}…${s.slice(-12)}` : s;
}

export function paramsText(fig: AnyFigure): string {
  const rows = [['parameter', 'type', 'paper', 'quick', 'allowed', 'help']];
  for (const d of paramDocs(fig)) rows.push([d.name, d.type, short(d.paper), short(d.quick), d.allowed, d.help]);
  return [`${fig.id} parameters (${fig.paper}); override with --set key=value, lists comma-separated:`, table(rows)].join('\n');
}

export function paramsJson(fig: AnyFigure): object {
  return {
    figure: fig.id,
    paper: fig.paper,
    title: fig.title,
    params: paramDocs(fig).map((d) => ({
      name: d.name,
      type: d.type,
      paper: d.paper,
      quick: d.quick,
      ...(d.rule.min !== undefined ? { min: d.rule.min } : {}),
      ...(d.rule.max !== undefined ? { max: d.rule.max } : {}),
      ...(d.rule.integer ? { integer: true } : {}),
      ...(d.rule.choices ? { choices: d.rule.choices } : {}),
      ...(d.rule.minLength !== undefined ? { minLength: d.rule.minLength } : {}),
      allowed: d.allowed,
      help: d.help,
    })),
  };
}

/** The `lrnn params` action: prints the table (or JSON) of one figure; exit code 0. */
export async function paramsCommand(id: string, json: boolean): Promise<number> {
  const fig = await loadFigure(entryFor(id));
  process.stdout.write(json ? `${JSON.stringify(paramsJson(fig), null, 2)}\n` : `${paramsText(fig)}\n`);
  return 0;
}

// --- `lrnn repro <figure> --help` -------------------------------------------------------------------
// Commander builds help text synchronously while figure modules load asynchronously, so the figures
// named on a help command line are loaded before parsing (preloadHelpFigures) and looked up here.
const helpFigures = new Map<string, AnyFigure>();

function namedFigures(args: readonly string[]): string[] {
  return args
    .filter((a) => !a.startsWith('-'))
    .flatMap((a) => {
      const e = CATALOG.find((x) => x.id.toLowerCase() === a.toLowerCase());
      return e ? [e.id] : [];
    });
}

/** Load the figures named after `repro` when the command line asks for help. */
export async function preloadHelpFigures(argv: readonly string[]): Promise<void> {
  const args = argv.slice(2);
  const at = args.indexOf('repro');
  if (at < 0 || !args.some((a) => a === '--help' || a === '-h')) return;
  for (const id of namedFigures(args.slice(at + 1))) {
    const e = CATALOG.find((x) => x.id === id)!;
    helpFigures.set(id, await loadFigure(e));
  }
}

/** Text after `repro`'s help: the parameter table of each figure named, or where to find it. */
export function reproHelpText(args: readonly string[]): string {
  const figs = namedFigures(args)
    .map((id) => helpFigures.get(id))
    .filter((f): f is AnyFigure => f !== undefined);
  if (figs.length === 0) return '\nParameters: `lrnn params <figure>` lists them (or `lrnn repro <figure> --help`).\n';
  return `\n${figs.map(paramsText).join('\n\n')}\n`;
}
