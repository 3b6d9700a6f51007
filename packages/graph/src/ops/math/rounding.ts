import type { Grads } from '../../op-def.js';
import type { Tensor } from '../../tensor.js';
import type { TensorLike } from '../build.js';
import { FLOATS, NUMERIC, unaryOp } from './elementwise.js';

// Rounding ops. TF registers their gradients as `[None]` (`_CeilGrad`, `_RoundGrad`, like
// `_FloorGrad`): the slope is zero almost everywhere, and `gradients()` gives no tensor for the
// input (callers treat `undefined` as zero), so nothing is added to the graph.

/** Smallest integer not below `x`. */
export const ceil = unaryOp('Ceil', { dtypes: FLOATS, gradient: (): Grads => [undefined] });

/** Nearest integer, halves to even (`round(2.5) = 2`, `round(-0.5) = -0`), like TF and NumPy; int32 passes through. */
export const round = unaryOp('Round', { dtypes: NUMERIC, gradient: (): Grads => [undefined] });
