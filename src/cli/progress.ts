/**
 * Progress display: an ora spinner with stage, counts and ETA on a TTY; plain, throttled lines
 * otherwise (CI logs). Everything goes to stderr so `--json` keeps stdout clean.
 */
import ora, { type Ora } from 'ora';
import type { Progress } from '../context.js';

export interface ProgressDisplay {
  /** Starts the line of one figure (or figure and seed); several may be running at once. */
  forFigure(id: string): Progress;
  /** Ends the line of `id` (as passed to forFigure) with its outcome. */
  succeed(id: string, text: string): void;
  fail(id: string, text: string): void;
  stop(): void;
}

export function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')} min`;
}

/**
 * Tracks one stage's rate: the ETA is the elapsed time over the fraction done times the fraction
 * left. The fraction is the one the stage reports (finished points plus the progress of running
 * ones), or else finished/total; the ETA shows once some progress is made and a second has passed.
 */
export function stageClock(now: () => number = Date.now): (stage: string, done?: number, total?: number, fraction?: number) => string {
  let stage = '';
  let start = 0;
  return (s, done, total, fraction) => {
    const t = now();
    if (s !== stage) {
      stage = s;
      start = t;
    }
    if (!total) return s;
    const f = fraction ?? (done ?? 0) / total;
    const counts = `${s} ${done ?? 0}/${total}${fraction !== undefined && (done ?? 0) < total ? ` (${Math.floor(100 * f)} %)` : ''}`;
    const elapsed = t - start;
    if (!(f > 0) || f >= 1 || elapsed < 1000) return counts;
    return `${counts}, ETA ${formatDuration((elapsed / f) * (1 - f))}`;
  };
}

export function makeProgress(opts: { quiet: boolean; tty: boolean; color?: boolean }): ProgressDisplay {
  if (opts.quiet) {
    return { forFigure: () => () => {}, succeed: () => {}, fail: () => {}, stop: () => {} };
  }
  if (opts.tty) {
    // One spinner for every running figure: its text joins their stages; a figure that ends is
    // persisted as its own ✓/✗ line above the spinner, which goes on for the others.
    const active = new Map<string, string>();
    let spinner: Ora | null = null;
    const plainSymbols = opts.color === false;
    const refresh = () => {
      const text = [...active.values()].join('  ·  ');
      if (active.size === 0) {
        spinner?.stop();
        spinner = null;
      } else if (spinner) spinner.text = text;
      else spinner = ora({ text, stream: process.stderr, color: plainSymbols ? false : 'cyan' }).start();
    };
    const end = (id: string, text: string, ok: boolean) => {
      active.delete(id);
      if (!spinner) spinner = ora({ text, stream: process.stderr, color: plainSymbols ? false : 'cyan' });
      if (plainSymbols) spinner.stopAndPersist({ symbol: ok ? '✓' : '✗', text });
      else if (ok) spinner.succeed(text);
      else spinner.fail(text);
      spinner = null;
      refresh();
    };
    return {
      forFigure(id) {
        active.set(id, `${id}: starting`);
        refresh();
        const clock = stageClock();
        return (stage, done, total, fraction) => {
          if (!active.has(id)) return;
          active.set(id, `${id}: ${clock(stage, done, total, fraction)}`);
          refresh();
        };
      },
      succeed: (id, text) => end(id, text, true),
      fail: (id, text) => end(id, text, false),
      stop() {
        active.clear();
        spinner?.stop();
        spinner = null;
      },
    };
  }
  return {
    forFigure(id) {
      let lastStage = '';
      let lastTime = 0;
      const clock = stageClock();
      return (stage, done, total, fraction) => {
        const now = Date.now();
        const text = clock(stage, done, total, fraction);
        const finished = total !== undefined && done === total;
        if (stage !== lastStage || finished || now - lastTime > 5000) {
          process.stderr.write(`${id}: ${text}\n`);
          lastStage = stage;
          lastTime = now;
        }
      };
    },
    succeed(_id, text) {
      process.stderr.write(`${text}\n`);
    },
    fail(_id, text) {
      process.stderr.write(`${text}\n`);
    },
    stop() {},
  };
}
