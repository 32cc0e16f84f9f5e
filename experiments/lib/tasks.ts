/** Task references for RunContext.map: pure functions that may run in worker threads. */
import type { TaskRef } from '../../src/context.js';

/** trainAligned (src/core/aligned.ts): one aligned network, trained, with recovered modes. */
export const ALIGNED_TASK: TaskRef = { module: new URL('../../src/core/aligned.js', import.meta.url).href, fn: 'trainAligned' };
