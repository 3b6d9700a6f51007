import type { Tensor } from '../../tensor.js';
import type { TensorLike } from '../build.js';
import { binary, defineBinary, defineUnary, FLOATS, unary } from './elementwise.js';

// Gradients below never un-broadcast: `gradients()` sums each to its input's shape (broadcasts: true).

export const Add = defineBinary({ type: 'Add', gradient: (_op, [dy]) => [dy, dy] });
export const Sub = defineBinary({ type: 'Sub', gradient: (_op, [dy]) => [dy, dy && neg(dy)] });
export const Mul = defineBinary({
  type: 'Mul',
  gradient: (op, [dy]) => {
    const [x, y] = op.inputs;
    return dy ? [mul(dy, y!), mul(x!, dy)] : [undefined, undefined];
  },
});
/** TF 1.x `Div`: true division for floats, truncating division for integers. */
export const Div = defineBinary({
  type: 'Div',
  gradient: (op, [dy]) => {
    const [x, y] = op.inputs;
    if (!dy) return [undefined, undefined];
    return [div(dy, y!), mul(dy, div(div(neg(x!), y!), y!))];
  },
});

export const Neg = defineUnary({ type: 'Neg', gradient: (_op, [dy]) => [dy && neg(dy)] });
export const Square = defineUnary({
  type: 'Square',
  gradient: (op, [dy]) => [dy && mul(dy, mul(op.inputs[0]!, 2))],
});
export const Exp = defineUnary({ type: 'Exp', dtypes: FLOATS, gradient: (op, [dy]) => [dy && mul(dy, op.outputs[0]!)] });
export const Log = defineUnary({ type: 'Log', dtypes: FLOATS, gradient: (op, [dy]) => [dy && div(dy, op.inputs[0]!)] });

/** `x + y` with broadcasting (TF's `tf.add`). */
export function add(x: TensorLike, y: TensorLike, name?: string): Tensor {
  return binary(Add, x, y, name);
}
/** `x - y` with broadcasting (`tf.subtract`, TF 0.x `tf.sub`). */
export function sub(x: TensorLike, y: TensorLike, name?: string): Tensor {
  return binary(Sub, x, y, name);
}
/** `x * y` with broadcasting (`tf.multiply`, TF 0.x `tf.mul`). */
export function mul(x: TensorLike, y: TensorLike, name?: string): Tensor {
  return binary(Mul, x, y, name);
}
/** `x / y` with broadcasting (`tf.div`). */
export function div(x: TensorLike, y: TensorLike, name?: string): Tensor {
  return binary(Div, x, y, name);
}
export const subtract = sub;
export const multiply = mul;
export const divide = div;

export function neg(x: TensorLike, name?: string): Tensor {
  return unary(Neg, x, name);
}
export const negative = neg;
export function square(x: TensorLike, name?: string): Tensor {
  return unary(Square, x, name);
}
export function exp(x: TensorLike, name?: string): Tensor {
  return unary(Exp, x, name);
}
export function log(x: TensorLike, name?: string): Tensor {
  return unary(Log, x, name);
}
