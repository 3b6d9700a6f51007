import { InvalidArgumentError, NDArray } from '@tf/graph';

/**
 * `[N]` class indices → `[N, depth]` float32 one-hot rows (what `input_data` gives with
 * `one_hot=True`). Unlike `tf.one_hot`, which silently yields an all-zero row for an
 * out-of-range index, a bad label here is an error: in a dataset it means corrupt data.
 */
export function oneHot(labels: NDArray | Int32Array | Uint8Array | readonly number[], depth: number): NDArray<'float32'> {
  if (!Number.isInteger(depth) || depth <= 0) {
    throw new InvalidArgumentError(`oneHot depth must be a positive integer, got ${depth}`);
  }
  let values: ArrayLike<number>;
  if (labels instanceof NDArray) {
    if (labels.rank !== 1) {
      throw new InvalidArgumentError(`oneHot expects labels of rank 1, got shape [${labels.shape.join(',')}]`);
    }
    if (labels.dtype === 'bool') throw new InvalidArgumentError('oneHot expects integer labels, got dtype bool');
    values = labels.data;
  } else {
    values = labels;
  }
  const out = new Float32Array(values.length * depth);
  for (let i = 0; i < values.length; i++) {
    const label = values[i]!;
    if (!Number.isInteger(label) || label < 0 || label >= depth) {
      throw new InvalidArgumentError(`oneHot: label ${label} at index ${i} is not an integer in [0, ${depth})`);
    }
    out[i * depth + label] = 1;
  }
  return new NDArray('float32', [values.length, depth], out);
}
