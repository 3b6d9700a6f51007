import type { Tensor } from '../../tensor.js';
import { broadcastTo } from '../array/broadcast.js';
import { onesLike, zerosLike } from '../array/fill.js';
import { where } from '../array/select.js';
import { shape as shapeOf } from '../array/shape.js';
import type { TensorLike } from '../build.js';
import { div, mul } from './arithmetic.js';
import { cast } from './cast.js';
import { NUMERIC } from './elementwise.js';
import { equal } from './compare.js';
import { defineReduction, reduceSum, reduceWith, spreadOverReduced, type Axis } from './reduce.js';

/**
 * The product of every other element of `x`'s reduction group, for each element: ∂prod/∂x.
 *
 * TF's `_ProdGrad` gets this from two exclusive cumprods over a transposed, reshaped copy. This
 * counts zeros instead (PyTorch's `prod_backward`), which gives the same values, also with zeros,
 * for any (even run-time) axes:
 * - no zero in the group: `prod / x`;
 * - exactly one zero: the product of the non-zeros at the zero, 0 elsewhere;
 * - two or more zeros: 0.
 */
function productOfOthers(x: Tensor, axes: Tensor): Tensor {
  const xShape = shapeOf(x);
  const isZero = equal(x, zerosLike(x));
  const nonZero = where(isZero, onesLike(x), x);
  const zeroCount = broadcastTo(reduceSum(cast(isZero, x.dtype), axes, true), xShape);
  const prodNonZero = broadcastTo(reduceProd(nonZero, axes, true), xShape);
  const zeros = zerosLike(x);
  const withOneZero = where(isZero, prodNonZero, zeros);
  const withoutZeros = div(prodNonZero, nonZero);
  return where(equal(zeroCount, 0), withoutZeros, where(equal(zeroCount, 1), withOneZero, zeros));
}

/** The product of the elements over `reduction_indices` (TF's `Prod`): 1 over no elements. */
export const Prod = defineReduction('Prod', NUMERIC, (op, [dy]) => {
  if (!dy) return [undefined, undefined];
  const x = op.inputs[0]!;
  const axes = op.inputs[1]!;
  return [mul(spreadOverReduced(x, axes, dy), productOfOthers(x, axes)), undefined];
});

/** `tf.reduceProd(x, axis?, keepDims?)`; no axis multiplies everything. int32 products wrap. */
export function reduceProd(x: TensorLike, axis?: Axis | null, keepDims = false, name = 'Prod'): Tensor {
  return reduceWith(Prod, x, axis, keepDims, name);
}
