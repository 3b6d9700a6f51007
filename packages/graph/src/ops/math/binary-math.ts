import type { Grads } from '../../op-def.js';
import type { Tensor } from '../../tensor.js';
import type { TensorLike } from '../build.js';
import { onesLike, zerosLike } from '../array/fill.js';
import { where } from '../array/select.js';
import { greater, greaterEqual, lessEqual } from './compare.js';
import { log, mul, neg, sub } from './arithmetic.js';
import { FLOATS, binaryOp, refusesIntegerValues } from './elementwise.js';

// Broadcasting binary ops; `gradients()` sums each input's gradient back to its shape.

/**
 * TF's `_MaximumMinimumGrad`: the gradient goes to `x` where `pick(x, y)` holds (ties go to `x`),
 * to `y` elsewhere.
 */
function minMaxGradient(pick: (x: Tensor, y: Tensor) => Tensor) {
  return (op: { inputs: readonly Tensor[] }, [dy]: readonly (Tensor | undefined)[]) => {
    if (!dy) return [undefined, undefined];
    const xWins = pick(op.inputs[0]!, op.inputs[1]!);
    const zeros = zerosLike(dy);
    return [where(xWins, dy, zeros), where(xWins, zeros, dy)];
  };
}

export const maximum = binaryOp('Maximum', { gradient: minMaxGradient((x, y) => greaterEqual(x, y)) });

export const minimum = binaryOp('Minimum', { gradient: minMaxGradient((x, y) => lessEqual(x, y)) });

/**
 * `x ** y`. TF's `_PowGrad`: `dx = dy · y · x^(y-1)`, `dy = dy · x^y · log(x)` where `x > 0`
 * (0 elsewhere, so a non-positive base gives no NaN).
 */
export const pow = binaryOp('Pow', {
  refusesValues: refusesIntegerValues,
  gradient: (op, [dz]): Grads => {
    if (!dz) return [undefined, undefined];
    const [x, y] = op.inputs as [Tensor, Tensor];
    const z = op.outputs[0]!;
    const gx = mul(dz, mul(y, pow(x, sub(y, 1))));
    const positive = greater(x, 0);
    const logX = where(positive, log(where(positive, x, onesLike(x))), zerosLike(x));
    return [gx, mul(dz, mul(z, logX))];
  },
});

/** `x / y`, or 0 where `y == 0` (TF's `DivNoNan`, used by `tf.losses` for safe means). */
export const divNoNan = binaryOp('DivNoNan', {
  dtypes: FLOATS,
  gradient: (op, [dy]): Grads => {
    if (!dy) return [undefined, undefined];
    const [x, y] = op.inputs as [Tensor, Tensor];
    return [divNoNan(dy, y), mul(dy, divNoNan(divNoNan(neg(x), y), y))];
  },
});
