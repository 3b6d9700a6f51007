import type { Tensor } from '../../tensor.js';
import type { TensorLike } from '../build.js';
import { defineUnary, FLOATS, NUMERIC, unary } from './elementwise.js';

// Rounding ops. TF registers their gradients as `[None]` (`_CeilGrad`, `_RoundGrad`, like
// `_FloorGrad`): the slope is zero almost everywhere, and `gradients()` gives no tensor for the
// input (callers treat `undefined` as zero), so nothing is added to the graph.

/** Smallest integer not below `x`. */
export const Ceil = defineUnary({ type: 'Ceil', dtypes: FLOATS, gradient: () => [undefined] });
/** Nearest integer, halves to even (`round(2.5) = 2`, `round(-0.5) = -0`), like TF and NumPy; int32 passes through. */
export const Round = defineUnary({ type: 'Round', dtypes: NUMERIC, gradient: () => [undefined] });

export function ceil(x: TensorLike, name?: string): Tensor {
  return unary(Ceil, x, name);
}
export function round(x: TensorLike, name?: string): Tensor {
  return unary(Round, x, name);
}
