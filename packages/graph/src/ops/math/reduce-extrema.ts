import type { GradientFn } from '../../op-def.js';
import type { Tensor } from '../../tensor.js';
import { reducedShape } from '../array/broadcast.js';
import { reshape } from '../array/reshape.js';
import { shape as shapeOf } from '../array/shape.js';
import type { TensorLike } from '../build.js';
import { div, mul } from './arithmetic.js';
import { cast } from './cast.js';
import { equal } from './compare.js';
import { NUMERIC } from './elementwise.js';
import { argReduceWith, defineArgReduction, defineReduction, reduceSum, reduceWith, type Axis, type ReduceAttrs } from './reduce.js';

/**
 * TF's `_MinOrMaxGrad`: the gradient flows to the positions that hold the extremum, split evenly
 * among ties (`indicators / count`). A NaN extremum matches nothing, so its gradient is NaN (0/0),
 * as in TF.
 */
const minOrMaxGradient: GradientFn = (op, [dy]) => {
  if (!dy) return [undefined, undefined];
  const x = op.inputs[0]!;
  const axes = op.inputs[1]!;
  const { keepDims } = op.attrs as unknown as ReduceAttrs;
  let y = op.outputs[0]!;
  let grad = dy;
  if (!keepDims) {
    const kept = reducedShape(shapeOf(x), axes);
    y = reshape(y, kept);
    grad = reshape(dy, kept);
  }
  const indicators = cast(equal(y, x), dy.dtype);
  const count = reduceSum(indicators, axes, true);
  return [mul(div(indicators, count), grad), undefined];
};

/** The largest element over `reduction_indices` (TF's `Max`): `-Inf` over no elements; a NaN wins. */
export const Max = defineReduction('Max', NUMERIC, minOrMaxGradient);

/** The smallest element over `reduction_indices` (TF's `Min`): `+Inf` over no elements; a NaN wins. */
export const Min = defineReduction('Min', NUMERIC, minOrMaxGradient);

/** The index of the smallest value along `dimension` (TF's `ArgMin`; int32 output, as `ArgMax`). */
export const ArgMin = defineArgReduction('ArgMin');

/** `tf.reduceMax(x, axis?, keepDims?)`; no axis reduces everything. */
export function reduceMax(x: TensorLike, axis?: Axis | null, keepDims = false, name = 'Max'): Tensor {
  return reduceWith(Max, x, axis, keepDims, name);
}

/** `tf.reduceMin(x, axis?, keepDims?)`. */
export function reduceMin(x: TensorLike, axis?: Axis | null, keepDims = false, name = 'Min'): Tensor {
  return reduceWith(Min, x, axis, keepDims, name);
}

/** `tf.argmin(x, axis)`: int32 indices of the minima along `axis` (ties: the first; a NaN wins). */
export function argmin(x: TensorLike, axis: number | Tensor = 0, name = 'ArgMin'): Tensor {
  return argReduceWith(ArgMin, x, axis, name);
}
