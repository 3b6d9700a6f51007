import type { Grads } from '../../op-def.js';
import type { Tensor } from '../../tensor.js';
import type { TensorLike } from '../build.js';
import { exp, mul, neg, square, sub } from './arithmetic.js';
import { FLOATS, unaryOp } from './elementwise.js';
import { unaryGradOp } from './unary-grad.js';

// Trigonometric, hyperbolic and error functions (float only, as in TF), with TF's gradients
// (math_grad.py). `Tanh` and `Sigmoid` take their gradients through TF's helper ops
// `TanhGrad`/`SigmoidGrad`, whose own gradients give second derivatives.

/** `sin(x)`; gradient `dy · cos(x)`. */
export const sin = unaryOp('Sin', { dtypes: FLOATS, gradient: (op, [dy]): Grads => [dy && mul(dy, cos(op.inputs[0]!))] });

/** `cos(x)`; gradient `-dy · sin(x)`. */
export const cos = unaryOp('Cos', { dtypes: FLOATS, gradient: (op, [dy]): Grads => [dy && mul(neg(dy), sin(op.inputs[0]!))] });

/** `tanh(x)`; gradient `TanhGrad(y, dy) = dy · (1 - y²)` from the output. */
export const tanh = unaryOp('Tanh', { dtypes: FLOATS, gradient: (op, [dy]): Grads => [dy && tanhGrad(op.outputs[0]!, dy)] });

/** The Gauss error function; gradient `dy · 2/√π · exp(-x²)`. */
export const erf = unaryOp('Erf', {
  dtypes: FLOATS,
  gradient: (op, [dy]): Grads => {
    const x = op.inputs[0]!;
    return [dy && mul(mul(dy, 2 / Math.sqrt(Math.PI)), exp(neg(square(x))))];
  },
});

/** `dy · (1 - y²)`. TF's `_TanhGradGrad`: `(-2 · g · dy · y, TanhGrad(y, g))`. */
export const tanhGrad = unaryGradOp('TanhGrad', (op, [g]): Grads => {
  if (!g) return [undefined, undefined];
  const [y, dy] = op.inputs as [Tensor, Tensor];
  return [mul(mul(mul(g, -2), dy), y), tanhGrad(y, g)];
});

/** `dy · y · (1 - y)`. TF's `_SigmoidGradGrad`: with `gb = g · dy`, `(gb - 2 · gb · y, SigmoidGrad(y, g))`. */
export const sigmoidGrad = unaryGradOp('SigmoidGrad', (op, [g]): Grads => {
  if (!g) return [undefined, undefined];
  const [y, dy] = op.inputs as [Tensor, Tensor];
  const gb = mul(g, dy);
  return [sub(gb, mul(mul(gb, 2), y)), sigmoidGrad(y, g)];
});
