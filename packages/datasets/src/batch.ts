import { InvalidArgumentError, type NDArray } from '@tf/graph';
import { commonRows } from './shuffle.js';

export interface BatchOptions {
  /** Drop a last batch smaller than `batchSize` (like `tf.data`'s `drop_remainder`). Default false. */
  dropRemainder?: boolean;
}

/**
 * Consecutive batches of `batchSize` rows taken in unison from each array, in order:
 *
 *     for (const [x, y] of batches([images, labels], 100)) sess.run(train, { feeds: ... });
 *
 * Arguments are checked when called, not at the first `next()`, so mistakes surface where they
 * are made. Shuffle first (`shuffle`) for a new order each epoch.
 */
export function batches<T extends NDArray[]>(arrays: [...T], batchSize: number, options: BatchOptions = {}): Generator<T, void, undefined> {
  if (!Number.isInteger(batchSize) || batchSize <= 0) {
    throw new InvalidArgumentError(`batchSize must be a positive integer, got ${batchSize}`);
  }
  const rows = commonRows(arrays, 'batches');
  return generate(arrays, rows, batchSize, options.dropRemainder ?? false);
}

function* generate<T extends NDArray[]>(arrays: T, rows: number, batchSize: number, dropRemainder: boolean): Generator<T, void, undefined> {
  for (let start = 0; start < rows; start += batchSize) {
    const end = Math.min(start + batchSize, rows);
    if (dropRemainder && end - start < batchSize) return;
    yield arrays.map((a) => a.slice(start, end)) as T;
  }
}
