// The size limits of the validation layer (docs/reliability.md, "Limits"). Dims, axes and sizes are
// int32 in this project (it has no int64), so a dim is at most 2^31 - 1; a tensor the library
// allocates from a user's shape has at most `DEFAULT_MAX_ELEMENTS_PER_TENSOR` elements unless a
// session says otherwise (`SessionOptions.maxElementsPerTensor`, up to `MAX_ELEMENTS_PER_TENSOR`).

import { tfDTypeName, type DType } from '../dtype.js';
import { ResourceExhaustedError } from '../errors.js';

/** The largest dim (and index, and element count of one tensor): int32's maximum. */
export const MAX_DIM = 2 ** 31 - 1;

/** TF's `TensorShape::MaxDimensions()`: the largest rank, and the deepest nesting of a value. */
export const MAX_RANK = 254;

/**
 * The element limit of a tensor allocated from a shape: a constant filled from a scalar, an
 * `NDArray` made from a shape, a value converted from nested arrays, and every tensor a session
 * run allocates unless `SessionOptions.maxElementsPerTensor` says otherwise. 2^28 elements is
 * 1 GiB of float32.
 */
export const DEFAULT_MAX_ELEMENTS_PER_TENSOR = 2 ** 28;

/** The most `SessionOptions.maxElementsPerTensor` may allow: int32 indexing (`MAX_DIM`). */
export const MAX_ELEMENTS_PER_TENSOR = MAX_DIM;

/** Number of elements of `shape`, as a double (exact up to 2^53; larger only compares). */
export function elementCount(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/**
 * Refuses, before anything is allocated, a tensor of more than `limit` elements: TF's
 * `ResourceExhaustedError` ("OOM when allocating tensor with shape[20000,20000] and type float"),
 * with the limit that refused it. `where` names the op or the value (`for 'x' (op: 'Fill')`).
 */
export function checkAllocation(
  shape: readonly number[],
  dtype: DType,
  limit = DEFAULT_MAX_ELEMENTS_PER_TENSOR,
  where = '',
  limitName = 'DEFAULT_MAX_ELEMENTS_PER_TENSOR',
  opName?: string,
): void {
  const n = elementCount(shape);
  if (n <= limit) return;
  const count = Number.isSafeInteger(n) ? String(n) : n.toExponential(3);
  throw new ResourceExhaustedError(
    `OOM when allocating tensor with shape[${shape.join(',')}] and type ${tfDTypeName(dtype)}${where}: ` +
      `${count} elements exceed the limit of ${limit} (${limitName})`,
    opName,
  );
}
