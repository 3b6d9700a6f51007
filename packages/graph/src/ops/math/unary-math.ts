import type { Tensor } from '../../tensor.js';
import type { TensorLike } from '../build.js';
import { zerosLike } from '../array/fill.js';
import { add, div, mul } from './arithmetic.js';
import { defineUnary, FLOATS, unary } from './elementwise.js';
import { sigmoidGrad } from './transcendental.js';

/** `|x|`; gradient `dy · sign(x)` (TF's `_AbsGrad`). */
export const Abs = defineUnary({ type: 'Abs', gradient: (op, [dy]) => [dy && mul(dy, sign(op.inputs[0]!))] });
/** -1, 0 or 1; its gradient is zero everywhere (TF's `_SignGrad`). */
export const Sign = defineUnary({ type: 'Sign', gradient: (op, [dy]) => [dy && zerosLike(op.inputs[0]!)] });
/** Largest integer not above `x`; TF registers no gradient through it (`_FloorGrad` returns None). */
export const Floor = defineUnary({ type: 'Floor', dtypes: FLOATS, gradient: () => [undefined] });
/** `log(1 + x)`, accurate for small `x`; gradient `dy / (1 + x)`. */
export const Log1p = defineUnary({
  type: 'Log1p',
  dtypes: FLOATS,
  gradient: (op, [dy]) => [dy && div(dy, add(op.inputs[0]!, 1))],
});
/** `1 / (1 + exp(-x))`; gradient `SigmoidGrad(y, dy) = dy · y · (1 - y)` from the output, as in TF. */
export const Sigmoid = defineUnary({
  type: 'Sigmoid',
  dtypes: FLOATS,
  gradient: (op, [dy]) => [dy && sigmoidGrad(op.outputs[0]!, dy)],
});

export function abs(x: TensorLike, name?: string): Tensor {
  return unary(Abs, x, name);
}
export function sign(x: TensorLike, name?: string): Tensor {
  return unary(Sign, x, name);
}
export function floor(x: TensorLike, name?: string): Tensor {
  return unary(Floor, x, name);
}
export function log1p(x: TensorLike, name?: string): Tensor {
  return unary(Log1p, x, name);
}
export function sigmoid(x: TensorLike, name?: string): Tensor {
  return unary(Sigmoid, x, name);
}
