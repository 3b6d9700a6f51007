import { InvalidArgumentError, NDArray } from '@tf/graph';
import { allocArray } from '@tf/graph/backend';
import { permutation, randomSeed } from './random.js';

export interface ShuffleOptions {
  /** Same seed, same permutation (mulberry32 + Fisher–Yates, see `permutation`). Random when omitted. */
  seed?: number;
}

/**
 * Shuffles several arrays in unison along axis 0 — images and their labels stay paired — and
 * returns new arrays (`out[i] = in[perm[i]]`); the inputs are not modified.
 *
 *     const [x, y] = shuffle(images, labels, { seed: 7 });
 */
export function shuffle<T extends NDArray[]>(...args: [...arrays: T, options: ShuffleOptions]): T;
export function shuffle<T extends NDArray[]>(...arrays: T): T;
export function shuffle(...args: (NDArray | ShuffleOptions)[]): NDArray[] {
  const last = args[args.length - 1];
  const options: ShuffleOptions = last !== undefined && !(last instanceof NDArray) ? last : {};
  const arrays = (last === options ? args.slice(0, -1) : args) as NDArray[];
  const rows = commonRows(arrays, 'shuffle');
  const perm = permutation(rows, options.seed ?? randomSeed());
  return arrays.map((array) => takeRows(array, perm));
}

/** Rows of `array` at `indices`, in that order, as a new array of the same dtype. */
export function takeRows<A extends NDArray>(array: A, indices: Int32Array): A {
  const rows = array.shape[0]!;
  const rowSize = rows === 0 ? 0 : array.size / rows;
  const out = allocArray(array.dtype, indices.length * rowSize);
  if (rowSize === 1) {
    // Labels: one element per row, so skip the per-row subarray allocation.
    for (let i = 0; i < indices.length; i++) out[i] = array.data[indices[i]!]!;
  } else {
    for (let i = 0; i < indices.length; i++) {
      const src = indices[i]!;
      out.set(array.data.subarray(src * rowSize, (src + 1) * rowSize), i * rowSize);
    }
  }
  return new NDArray(array.dtype, [indices.length, ...array.shape.slice(1)], out) as A;
}

/** The shared length along axis 0, or an error naming the first array that disagrees. */
export function commonRows(arrays: readonly NDArray[], caller: string): number {
  const first = arrays[0];
  if (first === undefined) throw new InvalidArgumentError(`${caller} needs at least one array`);
  arrays.forEach((a, i) => {
    if (!(a instanceof NDArray)) throw new InvalidArgumentError(`${caller}: argument ${i} is not an NDArray`);
    if (a.rank === 0) throw new InvalidArgumentError(`${caller}: argument ${i} is a scalar; arrays need an axis 0 to split along`);
  });
  const rows = first.shape[0]!;
  arrays.forEach((a, i) => {
    if (a.shape[0] !== rows) {
      throw new InvalidArgumentError(
        `${caller}: all arrays must have the same size along axis 0; argument 0 has ${rows} rows, argument ${i} has ${a.shape[0]}`,
      );
    }
  });
  return rows;
}
