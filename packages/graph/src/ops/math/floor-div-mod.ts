import type { Grads } from '../../op-def.js';
import type { Tensor } from '../../tensor.js';
import type { TensorLike } from '../build.js';
import { mul, neg } from './arithmetic.js';
import { NUMERIC, binaryOp, refusesIntegerValues } from './elementwise.js';

// Python-style division with broadcasting. Floats follow TF's kernels: `FloorDiv` is
// `floor(x / y)` of the quotient rounded to the dtype (so `1 // 0.1` is 10, where Python says 9),
// `FloorMod` is `fmod` moved onto the divisor's sign. int32 divides exactly and rejects a zero
// divisor with InvalidArgumentError, as TF does.

/** `floor(x / y)`. TF registers a gradient of `(None, None)` (`_FloorDivGrad`): nothing flows back.
 * `tf.floordiv` / `tf.floor_div` (TF.js `floorDiv`). */
export const floorDiv = binaryOp('FloorDiv', {
  dtypes: NUMERIC,
  refusesValues: refusesIntegerValues,
  gradient: (): Grads => [undefined, undefined],
});

/**
 * `x - floor(x / y) · y`, with the sign of `y` (`-7 mod 3 = 2`, `7 mod -3 = -2`). TF's
 * `_FloorModGrad`: `dx = dy`, `dy_y = -dy · floor_div(x, y)`.
 * `tf.floormod` / `tf.mod` (TF.js `mod`). */
export const floorMod = binaryOp('FloorMod', {
  dtypes: NUMERIC,
  refusesValues: refusesIntegerValues,
  gradient: (op, [dz]): Grads => {
    if (!dz) return [undefined, undefined];
    const [x, y] = op.inputs as [Tensor, Tensor];
    return [dz, mul(dz, neg(floorDiv(x, y)))];
  },
});

export const floordiv = floorDiv;
export const mod = floorMod;
