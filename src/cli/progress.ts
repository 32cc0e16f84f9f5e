/**
 * Progress display: an ora spinner with stage and counts on a TTY; plain, throttled lines otherwise
 * (CI logs). Everything goes to stderr so `--json` keeps stdout clean.
 */
import ora, { type Ora } from 'ora';
import type { Progress } from '../context.js';

export interface ProgressDisplay {
  forFigure(id: string): Progress;
  succeed(text: string): void;
  fail(text: string): void;
  stop(): void;
}

export function makeProgress(opts: { quiet: boolean; tty: boolean }): ProgressDisplay {
  if (opts.quiet) {
    return { forFigure: () => () => {}, succeed: () => {}, fail: () => {}, stop: () => {} };
  }
  if (opts.tty) {
    let spinner: Ora | null = null;
    return {
      forFigure(id) {
        spinner?.stop();
        spinner = ora({ text: `${id}: starting`, stream: process.stderr }).start();
        return (stage, done, total) => {
          if (spinner) spinner.text = total ? `${id}: ${stage} ${done}/${total}` : `${id}: ${stage}`;
        };
      },
      succeed(text) { spinner?.succeed(text); spinner = null; },
      fail(text) { spinner?.fail(text); spinner = null; },
      stop() { spinner?.stop(); spinner = null; },
    };
  }
  return {
    forFigure(id) {
      let lastStage = '';
      let lastTime = 0;
      return (stage, done, total) => {
        const now = Date.now();
        const finished = total !== undefined && done === total;
        if (stage !== lastStage || finished || now - lastTime > 5000) {
          process.stderr.write(`${id}: ${stage}${total ? ` ${done}/${total}` : ''}\n`);
          lastStage = stage;
          lastTime = now;
        }
      };
    },
    succeed(text) { process.stderr.write(`${text}\n`); },
    fail(text) { process.stderr.write(`${text}\n`); },
    stop() {},
  };
}
