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

/**
 * The most outputs one op may have (`Split`'s `num_split`, `Unpack`'s `num`): each is a Tensor
 * object, so `split(x, 2 ** 28)` on a tensor of unknown shape would otherwise exhaust the heap.
 */
export const MAX_OUTPUTS_PER_OP = 2 ** 20;

/** Refuses an op of more than `MAX_OUTPUTS_PER_OP` outputs before any is made (a ResourceExhaustedError). */
export function checkOutputCount(count: number, attr: string, opName: string, opType: string): void {
  if (count <= MAX_OUTPUTS_PER_OP) return;
  throw new ResourceExhaustedError(
    `${attr} of ${count} for '${opName}' (op: '${opType}') would make more outputs than ${MAX_OUTPUTS_PER_OP} (MAX_OUTPUTS_PER_OP)`,
    opName,
  );
}

/**
 * What is wrong with a static shape an op's shape inference gave, if anything: a rank over
 * `MAX_RANK` or a dim over `MAX_DIM` is a limit (`limit`), anything else that is not a
 * non-negative integer a broken inference (`broken`).
 */
export function outputShapeProblem(shape: readonly (number | null)[] | null): { kind: 'limit' | 'broken'; message: string } | undefined {
  if (shape === null) return undefined;
  if (!Array.isArray(shape)) return { kind: 'broken', message: `shape inference gave ${String(shape)}, not a list` };
  if (shape.length > MAX_RANK) return { kind: 'limit', message: `Output rank ${shape.length} exceeds the maximum rank ${MAX_RANK}` };
  for (const d of shape) {
    if (d === null) continue;
    if (!Number.isInteger(d) || d < 0) return { kind: 'broken', message: `shape inference gave a dimension of ${d}` };
    if (d > MAX_DIM) return { kind: 'limit', message: `Output dimension ${d} exceeds ${MAX_DIM} (dims are int32 here)` };
  }
  return undefined;
}

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
