/**
 * Snapshots: the numbers of a figure with per-key tolerances, committed under snapshots/<id>.<scale>.json.
 * A mismatch names the key, the expected value, the value got and the error.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ClaimVerdict, Params, Scale, SnapshotNumbers } from '../figure.js';
import { toJson, writeAtomic } from './files.js';

export interface SnapshotFile {
  figure: string;
  scale: Scale;
  seed: number;
  params: Params;
  values: SnapshotNumbers;
  /** Each claim's verdict (pass, fail, deviation, unexpected-pass): a change of verdict is a mismatch. */
  verdicts?: Record<string, ClaimVerdict>;
}

/** A claim whose verdict differs from the snapshot's (or that appeared or disappeared). */
export interface VerdictChange {
  claim: string;
  expected: ClaimVerdict | 'missing';
  got: ClaimVerdict | 'missing';
}

export interface Mismatch {
  key: string;
  expected: number | null | 'missing';
  got: number | null | 'missing';
  error: number | null;
  allowed: number | null;
}

export type SnapshotStatus =
  | { status: 'match'; compared: number }
  | { status: 'mismatch'; compared: number; mismatches: Mismatch[]; verdicts: VerdictChange[] }
  | { status: 'missing'; path: string; reason: string }
  | { status: 'not-comparable'; reason: string }
  | { status: 'updated'; path: string }
  | { status: 'not-checked' };

export function snapshotPath(dir: string, id: string, scale: Scale): string {
  return resolve(dir, `${id}.${scale}.json`);
}

export function readSnapshot(path: string): SnapshotFile | null {
  if (!existsSync(path)) return null;
  return JSON.parse(readFileSync(path, 'utf8')) as SnapshotFile;
}

export function writeSnapshot(path: string, snap: SnapshotFile): void {
  writeAtomic(path, toJson(snap));
}

/** Compare numbers with a snapshot: |got − expected| ≤ abs + rel·|expected|; nulls (diverged) compare exactly. */
export function compareNumbers(expected: SnapshotNumbers, got: SnapshotNumbers): Mismatch[] {
  const out: Mismatch[] = [];
  for (const [key, e] of Object.entries(expected)) {
    const g = got[key];
    if (!g) {
      out.push({ key, expected: e.value, got: 'missing', error: null, allowed: null });
      continue;
    }
    if (e.value === null || g.value === null) {
      if (e.value !== g.value) out.push({ key, expected: e.value, got: g.value, error: null, allowed: null });
      continue;
    }
    const error = Math.abs(g.value - e.value);
    const allowed = e.abs + e.rel * Math.abs(e.value);
    if (!(error <= allowed)) out.push({ key, expected: e.value, got: g.value, error, allowed });
  }
  for (const key of Object.keys(got)) {
    if (!(key in expected)) out.push({ key, expected: 'missing', got: got[key].value, error: null, allowed: null });
  }
  return out;
}

/** Compare claim verdicts with a snapshot's; every claim that changed, appeared or disappeared. */
export function compareVerdicts(expected: Record<string, ClaimVerdict>, got: Record<string, ClaimVerdict>): VerdictChange[] {
  const out: VerdictChange[] = [];
  for (const [claim, e] of Object.entries(expected)) {
    const g = got[claim] ?? 'missing';
    if (g !== e) out.push({ claim, expected: e, got: g });
  }
  for (const [claim, g] of Object.entries(got)) if (!(claim in expected)) out.push({ claim, expected: 'missing', got: g });
  return out;
}

export function describeVerdictChange(v: VerdictChange): string {
  return `claim ${v.claim}: verdict was ${v.expected}, now ${v.got}`;
}

export function sameParams(a: Params, b: Params): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

export function describeMismatch(m: Mismatch): string {
  const err = m.error === null ? '' : `, |error| ${m.error.toExponential(3)} > allowed ${m.allowed!.toExponential(3)}`;
  return `${m.key}: expected ${m.expected}, got ${m.got}${err}`;
}
