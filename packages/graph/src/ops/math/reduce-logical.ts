import type { Tensor } from '../../tensor.js';
import type { TensorLike } from '../build.js';
import { defineReduction, reduceWith, type Axis } from './reduce.js';

// Logical reductions of bool tensors. TF registers no gradient for them; bool never carries one.

/** `true` where every element over `reduction_indices` is (TF's `All`): `true` over no elements. */
export const All = defineReduction('All', ['bool'], null);

/** `true` where some element over `reduction_indices` is (TF's `Any`): `false` over no elements. */
export const Any = defineReduction('Any', ['bool'], null);

/** `tf.reduceAll(x, axis?, keepDims?)` on a bool tensor; no axis reduces everything. */
export function reduceAll(x: TensorLike, axis?: Axis | null, keepDims = false, name = 'All'): Tensor {
  return reduceWith(All, x, axis, keepDims, name);
}

/** `tf.reduceAny(x, axis?, keepDims?)` on a bool tensor. */
export function reduceAny(x: TensorLike, axis?: Axis | null, keepDims = false, name = 'Any'): Tensor {
  return reduceWith(Any, x, axis, keepDims, name);
}
