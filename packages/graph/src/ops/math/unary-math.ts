import type { Grads } from '../../op-def.js';
import type { Tensor } from '../../tensor.js';
import type { TensorLike } from '../build.js';
import { zerosLike } from '../array/fill.js';
import { add, div, mul } from './arithmetic.js';
import { FLOATS, unaryOp } from './elementwise.js';
import { sigmoidGrad } from './transcendental.js';

/** `|x|`; gradient `dy · sign(x)` (TF's `_AbsGrad`). */
export const abs = unaryOp('Abs', { gradient: (op, [dy]): Grads => [dy && mul(dy, sign(op.inputs[0]!))] });

/** -1, 0 or 1; its gradient is zero everywhere (TF's `_SignGrad`). */
export const sign = unaryOp('Sign', { gradient: (op, [dy]): Grads => [dy && zerosLike(op.inputs[0]!)] });

/** Largest integer not above `x`; TF registers no gradient through it (`_FloorGrad` returns None). */
export const floor = unaryOp('Floor', { dtypes: FLOATS, gradient: (): Grads => [undefined] });

/** `log(1 + x)`, accurate for small `x`; gradient `dy / (1 + x)`. */
export const log1p = unaryOp('Log1p', { dtypes: FLOATS, gradient: (op, [dy]): Grads => [dy && div(dy, add(op.inputs[0]!, 1))] });

/** `1 / (1 + exp(-x))`; gradient `SigmoidGrad(y, dy) = dy · y · (1 - y)` from the output, as in TF. */
export const sigmoid = unaryOp('Sigmoid', { dtypes: FLOATS, gradient: (op, [dy]): Grads => [dy && sigmoidGrad(op.outputs[0]!, dy)] });
