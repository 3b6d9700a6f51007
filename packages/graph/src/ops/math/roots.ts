import type { Tensor } from '../../tensor.js';
import type { TensorLike } from '../build.js';
import { div, mul, neg, square } from './arithmetic.js';
import { defineUnary, FLOATS, unary } from './elementwise.js';
import { defineUnaryGrad, unaryGrad } from './unary-grad.js';

// Square roots and reciprocals. As in TF (math_grad.py), each gradient is a helper op on the
// forward output `y` (`SqrtGrad(y, dy)`, …), and the helper ops have gradients of their own, so
// second derivatives work.

/** `sqrt(x)`; gradient `SqrtGrad(y, dy) = dy · 0.5 / y`. */
export const Sqrt = defineUnary({ type: 'Sqrt', dtypes: FLOATS, gradient: (op, [dy]) => [dy && sqrtGrad(op.outputs[0]!, dy)] });
/** `1 / sqrt(x)`; gradient `RsqrtGrad(y, dy) = dy · -0.5 · y³`. */
export const Rsqrt = defineUnary({ type: 'Rsqrt', dtypes: FLOATS, gradient: (op, [dy]) => [dy && rsqrtGrad(op.outputs[0]!, dy)] });
/**
 * `1 / x` (TF's `Reciprocal`, formerly `Inv`); float only, as TF's CPU kernels. Gradient
 * `ReciprocalGrad(y, dy) = -dy · y²`.
 */
export const Reciprocal = defineUnary({
  type: 'Reciprocal',
  dtypes: FLOATS,
  gradient: (op, [dy]) => [dy && reciprocalGrad(op.outputs[0]!, dy)],
});

/** `dy · 0.5 / y`. TF's `_SqrtGradGrad`: with `o` the output, `(-g/y · o, 0.5 · g/y)`. */
export const SqrtGrad = defineUnaryGrad('SqrtGrad', (op, [g]) => {
  if (!g) return [undefined, undefined];
  const gOverY = div(g, op.inputs[0]!);
  return [neg(mul(gOverY, op.outputs[0]!)), mul(gOverY, 0.5)];
});
/** `dy · -0.5 · y³`. TF's `_RsqrtGradGrad`: `(-1.5 · g · dy · y², RsqrtGrad(y, g))`. */
export const RsqrtGrad = defineUnaryGrad('RsqrtGrad', (op, [g]) => {
  if (!g) return [undefined, undefined];
  const [y, dy] = op.inputs as [Tensor, Tensor];
  return [mul(mul(mul(g, -1.5), dy), square(y)), rsqrtGrad(y, g)];
});
/** `-dy · y²`. TF's `_ReciprocalGradGrad`: `(-2 · g · dy · y, ReciprocalGrad(y, g))`. */
export const ReciprocalGrad = defineUnaryGrad('ReciprocalGrad', (op, [g]) => {
  if (!g) return [undefined, undefined];
  const [y, dy] = op.inputs as [Tensor, Tensor];
  return [mul(mul(mul(g, -2), dy), y), reciprocalGrad(y, g)];
});

export function sqrt(x: TensorLike, name?: string): Tensor {
  return unary(Sqrt, x, name);
}
export function rsqrt(x: TensorLike, name?: string): Tensor {
  return unary(Rsqrt, x, name);
}
export function reciprocal(x: TensorLike, name?: string): Tensor {
  return unary(Reciprocal, x, name);
}

export function sqrtGrad(y: Tensor, dy: Tensor, name?: string): Tensor {
  return unaryGrad(SqrtGrad, y, dy, name);
}
export function rsqrtGrad(y: Tensor, dy: Tensor, name?: string): Tensor {
  return unaryGrad(RsqrtGrad, y, dy, name);
}
export function reciprocalGrad(y: Tensor, dy: Tensor, name?: string): Tensor {
  return unaryGrad(ReciprocalGrad, y, dy, name);
}
