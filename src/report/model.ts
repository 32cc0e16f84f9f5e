/**
 * The facts of the reproduction report, computed once from the figure JSONs of an output folder.
 * REPORT.md and report.html are two renderings of this one model (src/report/report.ts), so they
 * cannot disagree. Pure: takes what src/report/write.ts read, returns plain strings.
 *
 * Figure JSONs are read defensively: every field may be missing or of the wrong type (an old or
 * hand-edited file); a missing claim verdict falls back to its pass flag (JSONs written before verdicts).
 */
import type { ClaimVerdict, FigureMeta } from '../figure.js';

/** What write.ts found for one figure. */
export interface ReportItem {
  /** The figure's metadata, from its module. */
  entry: FigureMeta;
  /** The parsed <id>.json (any shape), or null when absent or unreadable. */
  json: unknown;
  /** Why <id>.json (or <id>.robustness.json) could not be read, e.g. the JSON parse error. */
  error?: string;
  /** Output files beside the report, by kind, when they exist (relative names). */
  files: {
    png?: string;
    svg?: string;
    json?: string;
    vl?: string;
    robustness?: string;
    /** Per-seed outputs of a `--seeds` run (seed-<n>/<id>.*), in the order of the robustness table's seeds. */
    seeds?: Array<{ seed: number; json: string; png?: string; svg?: string }>;
  };
  /** The parsed <id>.robustness.json, when present. */
  robustness?: unknown;
}

export type Status = 'unreadable' | 'failed' | 'diverged runs' | 'not converged' | 'deviation' | 'passed' | 'not run';
/** How a status reads at a glance: fail (red), warn (amber), pass (green), none (grey). */
export type Tone = 'fail' | 'warn' | 'pass' | 'none';

export const TONE: Record<Status, Tone> = {
  unreadable: 'fail',
  failed: 'fail',
  'diverged runs': 'warn',
  'not converged': 'warn',
  deviation: 'warn',
  passed: 'pass',
  'not run': 'none',
};
const ORDER: Status[] = ['unreadable', 'failed', 'diverged runs', 'not converged', 'deviation', 'passed', 'not run'];
const VERDICT_TEXT: Record<ClaimVerdict, string> = {
  pass: 'pass',
  fail: 'FAIL',
  deviation: 'deviation (recorded)',
  'unexpected-pass': 'UNEXPECTED PASS',
};
export const VERDICT_TONE: Record<ClaimVerdict, Tone> = { pass: 'pass', fail: 'fail', deviation: 'warn', 'unexpected-pass': 'fail' };

export interface ClaimRow {
  id: string;
  text: string;
  measured: string;
  expected: string;
  verdict: ClaimVerdict;
  result: string;
}
export interface DeviationRow {
  figure: string;
  claim: string;
  text: string;
  measured: string;
  expected: string;
  kind: string;
  record: string;
}
export interface SummaryRow {
  figure: string;
  paper: string;
  command: string;
  scale: string;
  time: string;
  claims: string;
  snapshot: string;
  status: Status;
}
export interface RobustnessRow {
  claim: string;
  text: string;
  passRate: string;
  verdicts: string;
  mean: string;
  sd: string;
  range: string;
  ci95: string;
  n: string;
}
export interface Link {
  label: string;
  href: string;
}

export interface Section {
  id: string;
  heading: string;
  caption: string;
  status: Status;
  image: string | null;
  links: Link[];
  /** Set when the figure was not run (command to run it) or its JSON is unreadable (the error). */
  notRun?: string;
  unreadable?: string;
  claims: ClaimRow[];
  robustness?: { seeds: string; rows: RobustnessRow[] };
  paragraphs: string[]; // parameters differing from paper scale, diverged-run summary
  notesTitle: string;
  notes: string[];
  provenance: string;
}

export interface ReportModel {
  title: string;
  byline: string;
  deviations: DeviationRow[];
  attention: string[];
  /** The line shown when nothing needs attention. */
  nothing: string | null;
  summary: SummaryRow[];
  sections: Section[];
}

/** The paper reference of a figure; figures that extend the paper (App. M) say so. */
function paperRef(e: FigureMeta): string {
  return e.beyondPaper ? `${e.paper} (beyond the paper)` : e.paper;
}

// --- defensive reading ------------------------------------------------------------------------------

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

export function fmt(v: unknown): string {
  if (v === null || v === undefined) return '—';
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : Number(v.toPrecision(6)).toString();
  if (Array.isArray(v)) return v.map(fmt).join(', ');
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

const VERDICTS: readonly ClaimVerdict[] = ['pass', 'fail', 'deviation', 'unexpected-pass'];

interface ReadClaim {
  id: string;
  text: string;
  measured: unknown;
  expected: string;
  verdict: ClaimVerdict;
  deviation: Obj | null;
}

function readClaims(j: Obj): ReadClaim[] {
  return arr(j.claims).map((raw, i) => {
    const c = isObj(raw) ? raw : {};
    const given = VERDICTS.find((v) => v === c.verdict);
    const verdict: ClaimVerdict = given ?? (c.pass === true ? 'pass' : 'fail');
    return {
      id: c.id === undefined ? `claim ${i + 1}` : String(c.id),
      text: str(c.text) ?? `(claim ${c.id === undefined ? i + 1 : String(c.id)}: no text in the JSON)`,
      measured: c.measured,
      expected: str(c.expected) ?? '—',
      verdict,
      deviation: isObj(c.deviation) ? c.deviation : null,
    };
  });
}

const failsRun = (v: ClaimVerdict) => v === 'fail' || v === 'unexpected-pass';

function snapshotStatus(j: Obj): string {
  return isObj(j.snapshot) ? (str(j.snapshot.status) ?? 'not-checked') : 'not-checked';
}

/** Entries of `diverged` that record runs which ended without converging (fig3 lists both kinds). */
function isNotConverged(d: unknown): boolean {
  return isObj(d) && d.status === 'not converged';
}

/** Verdict counts of each claim of a robustness table, summed over its seeds. */
function robustCounts(r: unknown): Array<{ id: string; text: string; runs: number; counts: Record<ClaimVerdict, number> }> {
  if (!isObj(r)) return [];
  return arr(r.claims).map((raw, i) => {
    const c = isObj(raw) ? raw : {};
    const v = isObj(c.verdicts) ? c.verdicts : {};
    const counts = Object.fromEntries(VERDICTS.map((k) => [k, num(v[k]) ?? 0])) as Record<ClaimVerdict, number>;
    return { id: c.id === undefined ? `claim ${i + 1}` : String(c.id), text: str(c.text) ?? '(no text)', runs: num(c.runs) ?? 0, counts };
  });
}

function statusOf(it: ReportItem): Status {
  if (it.error) return 'unreadable';
  if (!isObj(it.json)) {
    if (!isObj(it.robustness)) return 'not run';
    const rc = robustCounts(it.robustness);
    if (rc.some((c) => c.counts.fail + c.counts['unexpected-pass'] > 0)) return 'failed';
    return rc.some((c) => c.counts.deviation > 0) ? 'deviation' : 'passed';
  }
  const j = it.json;
  const claims = readClaims(j);
  if (claims.some((c) => failsRun(c.verdict)) || snapshotStatus(j) === 'mismatch') return 'failed';
  const div = arr(j.diverged);
  if (div.some((d) => !isNotConverged(d))) return 'diverged runs';
  if (div.length > 0) return 'not converged';
  if (claims.some((c) => c.verdict === 'deviation')) return 'deviation';
  return 'passed';
}

/** Failed first, then warnings, then passed, then not run; catalog order within. */
export function orderItems(items: ReportItem[]): ReportItem[] {
  return items
    .map((it, i) => ({ it, i }))
    .sort((a, b) => ORDER.indexOf(statusOf(a.it)) - ORDER.indexOf(statusOf(b.it)) || a.i - b.i)
    .map((x) => x.it);
}

function seedsArg(r: unknown): string {
  const seeds = isObj(r) ? arr(r.seeds).filter((x): x is number => typeof x === 'number') : [];
  return compactSeeds(seeds).replace(/–/g, '-').replace(/, /g, ',');
}

function robustCommand(e: FigureMeta, r: unknown): string {
  return `lrnn repro ${e.id}${isObj(r) && r.scale === 'quick' ? ' --quick' : ''} --seeds ${seedsArg(r)}`;
}

function command(e: FigureMeta, j: Obj | null): string {
  const quick = j?.scale === 'quick' ? ' --quick' : '';
  const seed = j && num(j.seed) !== undefined && j.seed !== 1 ? ` --seed ${j.seed}` : '';
  const overrides = j && isObj(j.overrides) ? Object.entries(j.overrides) : [];
  const sets = overrides.map(([k, v]) => ` --set ${k}=${fmt(isObj(v) ? v.value : v).replace(/, /g, ',')}`).join('');
  return `lrnn repro ${e.id}${quick}${seed}${sets}`;
}

function claimsCount(claims: ReadClaim[]): string {
  const n = (v: ClaimVerdict) => claims.filter((c) => c.verdict === v).length;
  const parts = [`${n('pass')}/${claims.length} pass`];
  if (n('deviation')) parts.push(`${n('deviation')} deviation${n('deviation') > 1 ? 's' : ''} (recorded)`);
  if (n('fail')) parts.push(`${n('fail')} FAIL`);
  if (n('unexpected-pass')) parts.push(`${n('unexpected-pass')} UNEXPECTED PASS`);
  return parts.join(', ');
}

function snapshotText(j: Obj): string {
  const s = snapshotStatus(j);
  if (s === 'mismatch') return `MISMATCH (${isObj(j.snapshot) ? arr(j.snapshot.mismatches).length : '?'} keys)`;
  return (
    (
      {
        match: 'match',
        missing: 'no snapshot',
        'not-comparable': 'not comparable (parameters differ)',
        updated: 'updated',
        'not-checked': 'not checked',
      } as Record<string, string>
    )[s] ?? s
  );
}

// --- diverged runs in words -------------------------------------------------------------------------

const NOT_PLACE = new Set(['step', 'reason', 't', 'rho', 'status', 'network', 'what', 'loss', 'lossRatio']);

/** Where a run failed: its `what` field, else its identifying fields as key = value. */
function place(d: unknown): string {
  if (!isObj(d)) return fmt(d);
  if (typeof d.what === 'string') return d.what;
  const parts = Object.entries(d)
    .filter(([k, v]) => !NOT_PLACE.has(k) && v !== null && typeof v !== 'object')
    .map(([k, v]) => `${k} = ${fmt(v)}`);
  return parts.join(', ') || 'unnamed run';
}

/** The bound a run crossed, without the value it reached: 'max|W| = 3.2e+7 > 1000000' → 'max|W| > 1000000'. */
function bound(d: unknown): string {
  const reason = isObj(d) && typeof d.reason === 'string' ? d.reason : 'no reason recorded';
  return reason.replace(/\s*=\s*[-+0-9.eE]+(?=\s*[<>])/g, '').replace(/ after \d+ steps/, '');
}

function listPlaces(ds: unknown[], max = 4): string {
  const ps = ds.slice(0, max).map(place);
  return ps.join('; ') + (ds.length > max ? `; and ${ds.length - max} more` : '');
}

function countBy(xs: string[]): string {
  const m = new Map<string, number>();
  for (const x of xs) m.set(x, (m.get(x) ?? 0) + 1);
  return [...m].map(([k, n]) => (m.size > 1 || n > 1 ? `${k} (${n})` : k)).join('; ');
}

/** One sentence per kind: "3 runs diverged (bound: max|W| > 1e6): panel exp, T = 6; …". */
export function divergedInWords(diverged: unknown[]): string[] {
  const out: string[] = [];
  const div = diverged.filter((d) => !isNotConverged(d));
  const nc = diverged.filter(isNotConverged);
  if (div.length) out.push(`${div.length} run${div.length > 1 ? 's' : ''} diverged (${countBy(div.map(bound))}): ${listPlaces(div)}`);
  if (nc.length)
    out.push(`${nc.length} run${nc.length > 1 ? 's' : ''} did not converge (not diverged; ${countBy(nc.map(bound))}): ${listPlaces(nc)}`);
  return out;
}

// --- robustness across seeds ------------------------------------------------------------------------

function robustnessOf(it: ReportItem): Section['robustness'] {
  const r = it.robustness;
  if (!isObj(r)) return undefined;
  const seeds = arr(r.seeds).filter((s): s is number => typeof s === 'number');
  const stats = (nm: Obj | null) => {
    const ci = nm ? arr(nm.ci95) : [];
    return {
      mean: nm ? fmt(nm.mean) : '—',
      sd: nm ? fmt(nm.sd) : '—',
      range: nm ? `${fmt(nm.min)} … ${fmt(nm.max)}` : '—',
      ci95: ci.length === 2 ? `[${fmt(ci[0])}, ${fmt(ci[1])}]` : '—',
      n: nm ? fmt(nm.n) : '—',
    };
  };
  const rows = arr(r.claims).flatMap((raw): RobustnessRow[] => {
    const c = isObj(raw) ? raw : {};
    const v = isObj(c.verdicts) ? c.verdicts : {};
    const verdicts =
      VERDICTS.filter((k) => (num(v[k]) ?? 0) > 0)
        .map((k) => `${k} ${v[k]}`)
        .join(', ') || '—';
    const rate = num(c.passRate);
    const claim = c.id === undefined ? '?' : String(c.id);
    const row: RobustnessRow = {
      claim,
      text: str(c.text) ?? '—',
      passRate: `${rate === undefined ? '—' : `${Math.round(rate * 1000) / 10} %`} (${fmt(c.passes)}/${fmt(c.runs)})`,
      verdicts,
      ...stats(isObj(c.numeric) ? c.numeric : null),
    };
    // Named values of the claim (e.g. a ratio behind a categorical verdict), one row each.
    const named = isObj(c.values) ? Object.entries(c.values) : [];
    return [
      row,
      ...named.map(
        ([name, sm]): RobustnessRow => ({
          claim: `${claim} · ${name}`,
          text: `value ${name}`,
          passRate: '',
          verdicts: '',
          ...stats(isObj(sm) ? sm : null),
        }),
      ),
    ];
  });
  const ranges = compactSeeds(seeds);
  return { seeds: `${seeds.length} seed${seeds.length === 1 ? '' : 's'} (${ranges})${str(r.scale) ? `, ${r.scale} scale` : ''}`, rows };
}

function compactSeeds(seeds: number[]): string {
  const s = [...new Set(seeds)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < s.length; i++) {
    let j = i;
    while (j + 1 < s.length && s[j + 1] === s[j] + 1) j++;
    parts.push(j > i ? `${s[i]}–${s[j]}` : String(s[i]));
    i = j;
  }
  return parts.join(', ') || 'none';
}

// --- the model --------------------------------------------------------------------------------------

const REQUIRED = ['figure', 'scale', 'seed', 'params', 'provenance'];

export function buildModel(itemsIn: ReportItem[], generated: string): ReportModel {
  const items = orderItems(itemsIn);
  const deviations: DeviationRow[] = [];
  const attention: string[] = [];
  const run = items.filter((it) => !it.error && isObj(it.json));

  for (const it of items) {
    const id = it.entry.id;
    if (it.error) {
      attention.push(`${id} — unreadable: ${it.error}`);
      continue;
    }
    if (!isObj(it.json)) {
      for (const c of robustCounts(it.robustness)) {
        const seeds = `over --seeds ${seedsArg(it.robustness)}`;
        if (c.counts.fail) attention.push(`${id} — claim failed on ${c.counts.fail}/${c.runs} seeds (${seeds}): ${c.text}`);
        if (c.counts['unexpected-pass'])
          attention.push(`${id} — recorded deviation passed on ${c.counts['unexpected-pass']}/${c.runs} seeds (${seeds}): ${c.text}`);
      }
      continue;
    }
    const j = it.json;
    const missing = REQUIRED.filter((k) => j[k] === undefined);
    if (missing.length) attention.push(`${id} — ${id}.json lacks ${missing.join(', ')} (an old or hand-edited file?)`);
    for (const c of readClaims(j)) {
      if (c.verdict === 'fail') attention.push(`${id} — claim failed: ${c.text} (measured ${fmt(c.measured)}; expected ${c.expected})`);
      if (c.verdict === 'unexpected-pass')
        attention.push(
          `${id} — recorded deviation now passes (update or remove the record): ${c.text} (measured ${fmt(c.measured)}; expected ${c.expected})`,
        );
      if (c.verdict === 'deviation') {
        const d = c.deviation ?? {};
        deviations.push({
          figure: id,
          claim: c.id,
          text: c.text,
          measured: fmt(c.measured),
          expected: c.expected,
          kind: `${str(d.kind) ?? 'kind not recorded'}${Array.isArray(d.scales) ? ` (recorded at ${d.scales.map(String).join(', ')} scale)` : ''}`,
          record: str(d.text) ?? '(no record in the JSON)',
        });
      }
    }
    if (snapshotStatus(j) === 'mismatch' && isObj(j.snapshot)) {
      const mm = arr(j.snapshot.mismatches);
      for (const m of mm.slice(0, 5)) {
        const o = isObj(m) ? m : {};
        attention.push(`${id} — snapshot mismatch: ${fmt(o.key)}: expected ${fmt(o.expected)}, got ${fmt(o.got)}`);
      }
      if (mm.length > 5) attention.push(`${id} — and ${mm.length - 5} more snapshot mismatches (see ${id}.json)`);
    }
    for (const s of divergedInWords(arr(j.diverged))) attention.push(`${id} — ${s}`);
  }
  // A folder mixing scales or seeds compares figures that were not made alike.
  for (const field of ['scale', 'seed'] as const) {
    const groups = new Map<string, string[]>();
    for (const it of run) {
      const v = fmt((it.json as Obj)[field]);
      groups.set(v, [...(groups.get(v) ?? []), it.entry.id]);
    }
    if (groups.size > 1) {
      attention.push(`this folder mixes ${field}s: ${[...groups].map(([v, ids]) => `${field} ${v}: ${ids.join(', ')}`).join('; ')}`);
    }
  }
  const notRun = items.filter((it) => statusOf(it) === 'not run').map((it) => it.entry.id);
  if (notRun.length) attention.push(`not run: ${notRun.join(', ')}`);

  const problems = attention.length - (notRun.length ? 1 : 0);
  const summary: SummaryRow[] = items.map((it) => {
    const j = isObj(it.json) && !it.error ? it.json : null;
    if (!j && !it.error && isObj(it.robustness)) {
      const rc = robustCounts(it.robustness);
      const every = rc.filter((c) => c.counts.pass === c.runs && c.runs > 0).length;
      const dev = rc.filter((c) => c.counts.deviation > 0).length;
      const bad = rc.filter((c) => c.counts.fail + c.counts['unexpected-pass'] > 0).length;
      const parts = [
        `${every}/${rc.length} pass on every seed`,
        dev ? `${dev} deviation${dev > 1 ? 's' : ''} (recorded)` : '',
        bad ? `${bad} FAIL on some seed` : '',
      ];
      return {
        figure: it.entry.id,
        paper: paperRef(it.entry),
        command: robustCommand(it.entry, it.robustness),
        scale: str(it.robustness.scale) ?? '—',
        time: '—',
        claims: parts.filter(Boolean).join(', '),
        snapshot: '—',
        status: statusOf(it),
      };
    }
    const el = j ? num(j.elapsedMs) : undefined;
    return {
      figure: it.entry.id,
      paper: paperRef(it.entry),
      command: command(it.entry, j),
      scale: j ? (str(j.scale) ?? '—') : '—',
      time: el !== undefined ? `${(el / 1000).toFixed(1)} s` : '—',
      claims: j ? claimsCount(readClaims(j)) : '—',
      snapshot: j ? snapshotText(j) : '—',
      status: statusOf(it),
    };
  });

  const sections: Section[] = items.map((it) => {
    const id = it.entry.id;
    const j = isObj(it.json) && !it.error ? it.json : null;
    const links: Link[] = [];
    if (j) {
      if (it.files.svg) links.push({ label: 'SVG', href: it.files.svg });
      if (it.files.png) links.push({ label: 'PNG', href: it.files.png });
      if (it.files.json) links.push({ label: 'JSON (numbers, claims, provenance)', href: it.files.json });
      if (it.files.vl) links.push({ label: 'Vega-Lite spec', href: it.files.vl });
      if (it.files.robustness) links.push({ label: 'robustness across seeds', href: it.files.robustness });
    }
    const base: Section = {
      id,
      heading: `${id} — ${paperRef(it.entry)}`,
      caption: it.entry.caption,
      status: statusOf(it),
      image: j ? (it.files.png ?? it.files.svg ?? null) : null,
      links,
      claims: [],
      paragraphs: [],
      notesTitle: 'Parameters the paper leaves open, and how claims are measured:',
      notes: [],
      provenance: '',
    };
    if (it.error) return { ...base, unreadable: `Unreadable: ${it.error}. \`${command(it.entry, null)}\` regenerates it.` };
    if (!j && isObj(it.robustness)) {
      const perSeed = it.files.seeds ?? [];
      const first = perSeed[0];
      const seedLinks: Link[] = perSeed.map((x) => ({ label: `seed ${x.seed} JSON`, href: x.json }));
      return {
        ...base,
        image: first ? (first.png ?? first.svg ?? null) : null,
        links: [...(it.files.robustness ? [{ label: 'robustness across seeds', href: it.files.robustness }] : []), ...seedLinks],
        robustness: robustnessOf(it),
        paragraphs: [
          `Run over several seeds (\`${robustCommand(it.entry, it.robustness)}\`): each seed's outputs are in seed-<n>/${first ? `; the image is seed ${first.seed}'s` : ''}.`,
        ],
        provenance: '',
      };
    }
    if (!j) return { ...base, notRun: `Not run. \`${command(it.entry, null)}\` regenerates it.` };
    const claims = readClaims(j).map(
      (c): ClaimRow => ({
        id: c.id,
        text: c.text,
        measured: fmt(c.measured),
        expected: c.expected,
        verdict: c.verdict,
        result: VERDICT_TEXT[c.verdict],
      }),
    );
    const paragraphs: string[] = [];
    const diffs = isObj(j.differsFromPaperScale) ? Object.entries(j.differsFromPaperScale) : [];
    if (diffs.length)
      paragraphs.push(
        `Parameters that differ from paper scale: ${diffs.map(([k, v]) => `${k} = ${fmt(isObj(v) ? v.value : v)} (paper scale ${fmt(isObj(v) ? v.default : undefined)})`).join('; ')}.`,
      );
    for (const s of divergedInWords(arr(j.diverged))) paragraphs.push(`${s[0].toUpperCase()}${s.slice(1)}.`);
    const pv = isObj(j.provenance) ? j.provenance : {};
    const commit = str(pv.gitCommit) ? `${(pv.gitCommit as string).slice(0, 12)}${pv.gitDirty ? ' (uncommitted changes)' : ''}` : 'unknown';
    return {
      ...base,
      claims,
      robustness: robustnessOf(it),
      paragraphs,
      notes: arr(j.notes).map((n) => String(n)),
      provenance: `Provenance: ${str(pv.tool) ?? 'lrnn'} ${str(pv.version) ?? '?'}, commit ${commit}, Node ${str(pv.node) ?? '?'}, seed ${fmt(j.seed)}, scale ${fmt(j.scale)}.`,
    };
  });

  return {
    title: 'Reproduction report: Learning dynamics in linear recurrent neural networks',
    byline: `Proca, Dominé, Shanahan, Mediano, ICML 2025. Regenerated by lrnn; ${generated}.`,
    deviations,
    attention,
    nothing:
      problems === 0
        ? 'Among the figures that were run: no failed claim, no snapshot mismatch, no unreadable output, no diverged run.'
        : null,
    summary,
    sections,
  };
}

/** Whether the report shows a problem that should fail `lrnn report` (an unreadable figure JSON). */
export function hasUnreadable(items: ReportItem[]): boolean {
  return items.some((it) => it.error !== undefined);
}
