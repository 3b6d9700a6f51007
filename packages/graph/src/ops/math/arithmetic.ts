import type { Grads } from '../../op-def.js';
import type { Tensor } from '../../tensor.js';
import type { TensorLike } from '../build.js';
import { FLOATS, binaryOp, refusesIntegerValues, unaryOp } from './elementwise.js';

// Gradients below never un-broadcast: `gradients()` sums each to its input's shape (broadcasts: true).

/** `x + y` with broadcasting (TF's `tf.add`). */
export const add = binaryOp('Add', { tfAliases: ['AddV2'], gradient: (_op, [dy]): Grads => [dy, dy] });

/** `x - y` with broadcasting (`tf.subtract`, TF 0.x `tf.sub`). */
export const sub = binaryOp('Sub', { gradient: (_op, [dy]): Grads => [dy, dy && neg(dy)] });

/** `x * y` with broadcasting (`tf.multiply`, TF 0.x `tf.mul`). */
export const mul = binaryOp('Mul', {
  gradient: (op, [dy]): Grads => {
    const [x, y] = op.inputs;
    return dy ? [mul(dy, y!), mul(x!, dy)] : [undefined, undefined];
  },
});

/** TF 1.x `Div`: true division for floats, truncating division for integers.
 * `x / y` with broadcasting (`tf.div`). */
export const div = binaryOp('Div', {
  // TF's RealDiv (what `/` writes for floats) is Div's float semantics.
  tfAliases: ['RealDiv'],
  refusesValues: refusesIntegerValues,
  gradient: (op, [dy]): Grads => {
    const [x, y] = op.inputs;
    if (!dy) return [undefined, undefined];
    return [div(dy, y!), mul(dy, div(div(neg(x!), y!), y!))];
  },
});

export const neg = unaryOp('Neg', { gradient: (_op, [dy]): Grads => [dy && neg(dy)] });

export const square = unaryOp('Square', { gradient: (op, [dy]): Grads => [dy && mul(dy, mul(op.inputs[0]!, 2))] });

export const exp = unaryOp('Exp', { dtypes: FLOATS, gradient: (op, [dy]): Grads => [dy && mul(dy, op.outputs[0]!)] });
/** `exp(x) - 1`, accurate for small `x`; gradient `dy · exp(x)` (TF's `_Expm1Grad`). */
export const expm1 = unaryOp('Expm1', { dtypes: FLOATS, gradient: (op, [dy]): Grads => [dy && mul(dy, exp(op.inputs[0]!))] });

export const log = unaryOp('Log', { dtypes: FLOATS, gradient: (op, [dy]): Grads => [dy && div(dy, op.inputs[0]!)] });

export const subtract = sub;
export const multiply = mul;
export const divide = div;

export const negative = neg;
