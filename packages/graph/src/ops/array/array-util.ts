import { toTypedArray } from '../../dtype.js';
import { constantValueOf } from '../../graph.js';
import { NDArray } from '../../ndarray.js';
import type { InferContext } from '../../op-def.js';
import type { Dim } from '../../shape.js';
import type { Tensor } from '../../tensor.js';
import { convertToTensor, graphOf, type TensorLike } from '../build.js';
import { Const } from '../state/const.js';

// Helpers shared by the array ops (Transpose, Pad, ConcatV2, Slice, GatherV2, …): int constants for
// gradient code, and the host-input checks their shape functions have in common.

/** An int32 constant (a scalar for a number, a vector for a list) in the graph of `like`. */
export function intConst(values: number | readonly number[], like: Tensor, name = 'Const', shape?: readonly number[]): Tensor {
  const list = typeof values === 'number' ? [values] : values;
  shape ??= typeof values === 'number' ? [] : [values.length];
  const value = new NDArray('int32', shape, toTypedArray('int32', list));
  return like.graph.createOp(Const, [], { value, dtype: 'int32' }, name).outputs[0]!;
}

/** The value of `t` as numbers when it is a constant (TF's `constant_value`), else `undefined`. */
export function constInts(t: Tensor): number[] | undefined {
  const value = constantValueOf(t);
  return value ? Array.from(value) : undefined;
}

/**
 * Converts a shape-like argument (perm, multiples, paddings, begin, axis) to an int32 tensor; a
 * tensor of another dtype passes through, for the op definition to reject.
 */
export function intInput(value: TensorLike, like: readonly TensorLike[]): Tensor {
  return convertToTensor(value, 'int32', graphOf(like));
}

/** Fails unless input `i` has rank `rank` (when its rank is known): TF's `WithRank` message. */
export function requireRank(ctx: InferContext<object>, i: number, rank: number): void {
  const shape = ctx.inputs[i]!.shape;
  if (shape !== null && shape.length !== rank) ctx.fail(`Shape must be rank ${rank} but is rank ${shape.length}`);
}

/** The value of host input `i` as numbers, when known. */
export function hostInts(ctx: InferContext<object>, i: number): number[] | undefined {
  const value = ctx.value(i);
  return value ? Array.from(value) : undefined;
}

/** A shape of `rank` unknown dims, or an unknown shape when the rank is unknown too. */
export function unknownDims(rank: number | null | undefined): Dim[] | null {
  return rank === null || rank === undefined ? null : new Array<Dim>(rank).fill(null);
}

/** A scalar (or one-element) axis from a host input; `undefined` when not known yet. */
export function scalarInt(ctx: InferContext<object>, i: number, what: string): number | undefined {
  const shape = ctx.inputs[i]!.shape;
  const value = ctx.value(i);
  if (value && value.length !== 1) ctx.fail(`${what} must be a scalar, got ${value.length} values`);
  if (!value && shape !== null && shape.length > 1) ctx.fail(`${what} must be a scalar, got shape [${shape.join(',')}]`);
  return value ? value[0]! : undefined;
}
