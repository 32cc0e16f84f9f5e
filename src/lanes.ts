/**
 * Runs `work(item)` for every item with at most `lanes` in flight, items started in array order.
 * Used for the points of a stage (src/context.ts) and for the figures of `lrnn repro` (src/cli/main.ts).
 * With `stop`, no further item starts once it returns true (items in flight finish).
 */
export async function inLanes<T>(
  items: readonly T[],
  lanes: number,
  work: (item: T) => Promise<void>,
  stop: () => boolean = () => false,
): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length && !stop()) await work(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(lanes, items.length)) }, lane));
}
