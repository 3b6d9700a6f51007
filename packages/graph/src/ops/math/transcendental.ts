import type { Tensor } from '../../tensor.js';
import type { TensorLike } from '../build.js';
import { exp, mul, neg, square, sub } from './arithmetic.js';
import { defineUnary, FLOATS, unary } from './elementwise.js';
import { defineUnaryGrad, unaryGrad } from './unary-grad.js';

// Trigonometric, hyperbolic and error functions (float only, as in TF), with TF's gradients
// (math_grad.py). `Tanh` and `Sigmoid` take their gradients through TF's helper ops
// `TanhGrad`/`SigmoidGrad`, whose own gradients give second derivatives.

/** `sin(x)`; gradient `dy · cos(x)`. */
export const Sin = defineUnary({ type: 'Sin', dtypes: FLOATS, gradient: (op, [dy]) => [dy && mul(dy, cos(op.inputs[0]!))] });
/** `cos(x)`; gradient `-dy · sin(x)`. */
export const Cos = defineUnary({ type: 'Cos', dtypes: FLOATS, gradient: (op, [dy]) => [dy && mul(neg(dy), sin(op.inputs[0]!))] });
/** `tanh(x)`; gradient `TanhGrad(y, dy) = dy · (1 - y²)` from the output. */
export const Tanh = defineUnary({ type: 'Tanh', dtypes: FLOATS, gradient: (op, [dy]) => [dy && tanhGrad(op.outputs[0]!, dy)] });
/** The Gauss error function; gradient `dy · 2/√π · exp(-x²)`. */
export const Erf = defineUnary({
  type: 'Erf',
  dtypes: FLOATS,
  gradient: (op, [dy]) => {
    const x = op.inputs[0]!;
    return [dy && mul(mul(dy, 2 / Math.sqrt(Math.PI)), exp(neg(square(x))))];
  },
});

/** `dy · (1 - y²)`. TF's `_TanhGradGrad`: `(-2 · g · dy · y, TanhGrad(y, g))`. */
export const TanhGrad = defineUnaryGrad('TanhGrad', (op, [g]) => {
  if (!g) return [undefined, undefined];
  const [y, dy] = op.inputs as [Tensor, Tensor];
  return [mul(mul(mul(g, -2), dy), y), tanhGrad(y, g)];
});
/** `dy · y · (1 - y)`. TF's `_SigmoidGradGrad`: with `gb = g · dy`, `(gb - 2 · gb · y, SigmoidGrad(y, g))`. */
export const SigmoidGrad = defineUnaryGrad('SigmoidGrad', (op, [g]) => {
  if (!g) return [undefined, undefined];
  const [y, dy] = op.inputs as [Tensor, Tensor];
  const gb = mul(g, dy);
  return [sub(gb, mul(mul(gb, 2), y)), sigmoidGrad(y, g)];
});

export function sin(x: TensorLike, name?: string): Tensor {
  return unary(Sin, x, name);
}
export function cos(x: TensorLike, name?: string): Tensor {
  return unary(Cos, x, name);
}
export function tanh(x: TensorLike, name?: string): Tensor {
  return unary(Tanh, x, name);
}
export function erf(x: TensorLike, name?: string): Tensor {
  return unary(Erf, x, name);
}
export function tanhGrad(y: Tensor, dy: Tensor, name?: string): Tensor {
  return unaryGrad(TanhGrad, y, dy, name);
}
export function sigmoidGrad(y: Tensor, dy: Tensor, name?: string): Tensor {
  return unaryGrad(SigmoidGrad, y, dy, name);
}
