import type { Grads } from '../../op-def.js';
import type { Tensor } from '../../tensor.js';
import type { TensorLike } from '../build.js';
import { div, mul, neg, square } from './arithmetic.js';
import { FLOATS, unaryOp } from './elementwise.js';
import { unaryGradOp } from './unary-grad.js';

// Square roots and reciprocals. As in TF (math_grad.py), each gradient is a helper op on the
// forward output `y` (`SqrtGrad(y, dy)`, …), and the helper ops have gradients of their own, so
// second derivatives work.

/** `sqrt(x)`; gradient `SqrtGrad(y, dy) = dy · 0.5 / y`. */
export const sqrt = unaryOp('Sqrt', { dtypes: FLOATS, gradient: (op, [dy]): Grads => [dy && sqrtGrad(op.outputs[0]!, dy)] });

/** `1 / sqrt(x)`; gradient `RsqrtGrad(y, dy) = dy · -0.5 · y³`. */
export const rsqrt = unaryOp('Rsqrt', { dtypes: FLOATS, gradient: (op, [dy]): Grads => [dy && rsqrtGrad(op.outputs[0]!, dy)] });

/**
 * `1 / x` (TF's `Reciprocal`, formerly `Inv`); float only, as TF's CPU kernels. Gradient
 * `ReciprocalGrad(y, dy) = -dy · y²`.
 */
export const reciprocal = unaryOp('Reciprocal', {
  dtypes: FLOATS,
  gradient: (op, [dy]): Grads => [dy && reciprocalGrad(op.outputs[0]!, dy)],
});

/** `dy · 0.5 / y`. TF's `_SqrtGradGrad`: with `o` the output, `(-g/y · o, 0.5 · g/y)`. */
export const sqrtGrad = unaryGradOp('SqrtGrad', (op, [g]): Grads => {
  if (!g) return [undefined, undefined];
  const gOverY = div(g, op.inputs[0]!);
  return [neg(mul(gOverY, op.outputs[0]!)), mul(gOverY, 0.5)];
});

/** `dy · -0.5 · y³`. TF's `_RsqrtGradGrad`: `(-1.5 · g · dy · y², RsqrtGrad(y, g))`. */
export const rsqrtGrad = unaryGradOp('RsqrtGrad', (op, [g]): Grads => {
  if (!g) return [undefined, undefined];
  const [y, dy] = op.inputs as [Tensor, Tensor];
  return [mul(mul(mul(g, -1.5), dy), square(y)), rsqrtGrad(y, g)];
});

/** `-dy · y²`. TF's `_ReciprocalGradGrad`: `(-2 · g · dy · y, ReciprocalGrad(y, g))`. */
export const reciprocalGrad = unaryGradOp('ReciprocalGrad', (op, [g]): Grads => {
  if (!g) return [undefined, undefined];
  const [y, dy] = op.inputs as [Tensor, Tensor];
  return [mul(mul(mul(g, -2), dy), y), reciprocalGrad(y, g)];
});
