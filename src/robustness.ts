/**
 * Robustness across seeds (`lrnn repro <fig> --seeds 1-10`): for each claim, its pass rate over the
 * seeds and, where the measured value (or a named value of the claim) is a number, its mean,
 * standard deviation, range and 95 % interval. Pure: takes the judged claims of each seed.
 */
import type { ClaimVerdict, Scale } from './figure.js';
import type { JudgedClaim } from './claims.js';
import { summarise, type Summary } from './stats.js';

export interface ClaimRobustness {
  id: string;
  text: string;
  /** Seeds on which the claim holds (its `pass`), whatever its verdict. */
  passes: number;
  runs: number;
  passRate: number;
  verdicts: Record<ClaimVerdict, number>;
  /** Statistics of `measured` when it is a finite number on every seed. */
  numeric: Summary | null;
  /** Statistics of each named value of the claim (`values`), over the seeds that report it. */
  values: Record<string, Summary>;
}

export interface Robustness {
  figure: string;
  scale: Scale;
  seeds: number[];
  claims: ClaimRobustness[];
}

export function robustness(figure: string, scale: Scale, seeds: number[], perSeed: readonly JudgedClaim[][]): Robustness {
  const ids = [...new Set(perSeed.flatMap((cs) => cs.map((c) => c.id)))];
  const claims = ids.map((id): ClaimRobustness => {
    const runs = perSeed.map((cs) => cs.find((c) => c.id === id)).filter((c): c is JudgedClaim => c !== undefined);
    const verdicts: Record<ClaimVerdict, number> = { pass: 0, fail: 0, deviation: 0, 'unexpected-pass': 0 };
    for (const c of runs) verdicts[c.verdict]++;
    const passes = runs.filter((c) => c.pass).length;
    const nums = runs.map((c) => c.measured);
    const numeric = nums.every((x): x is number => typeof x === 'number' && Number.isFinite(x)) ? summarise(nums as number[]) : null;
    const names = [...new Set(runs.flatMap((c) => Object.keys(c.values ?? {})))];
    const values: Record<string, Summary> = {};
    for (const name of names) {
      const xs = runs.map((c) => c.values?.[name]).filter((x): x is number => typeof x === 'number' && Number.isFinite(x));
      if (xs.length) values[name] = summarise(xs);
    }
    return { id, text: runs[0].text, passes, runs: runs.length, passRate: passes / runs.length, verdicts, numeric, values };
  });
  return { figure, scale, seeds, claims };
}

const g = (x: number) => Number(x.toPrecision(4)).toString();

function statText(s: Summary): string {
  return `mean ${g(s.mean)}, sd ${s.sd === null ? '—' : g(s.sd)}, min ${g(s.min)}, max ${g(s.max)}, 95 % CI ${s.ci95 ? `[${g(s.ci95[0])}, ${g(s.ci95[1])}]` : '—'}`;
}

/** The short table printed after a --seeds run. */
export function robustnessText(r: Robustness): string {
  const L = [`${r.figure} (${r.scale} scale) over ${r.seeds.length} seeds (${r.seeds[0]}…${r.seeds[r.seeds.length - 1]}):`];
  for (const c of r.claims) {
    const v = c.verdicts;
    const extra = [
      v.deviation ? `${v.deviation} as recorded deviation` : '',
      v['unexpected-pass'] ? `${v['unexpected-pass']} unexpected pass` : '',
    ]
      .filter(Boolean)
      .join(', ');
    L.push(
      `  ${c.id}: holds on ${c.passes}/${c.runs} (${Math.round(100 * c.passRate)} %)${extra ? `; ${extra}` : ''}${c.numeric ? `; measured ${statText(c.numeric)}` : ''}`,
    );
    for (const [name, s] of Object.entries(c.values)) L.push(`    ${name}: ${statText(s)}`);
  }
  return L.join('\n');
}
