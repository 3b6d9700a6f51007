import type { Tensor } from '../../tensor.js';
import type { TensorLike } from '../build.js';
import { mul, neg } from './arithmetic.js';
import { binary, defineBinary, NUMERIC } from './elementwise.js';

// Python-style division with broadcasting. Floats follow TF's kernels: `FloorDiv` is
// `floor(x / y)` of the quotient rounded to the dtype (so `1 // 0.1` is 10, where Python says 9),
// `FloorMod` is `fmod` moved onto the divisor's sign. int32 divides exactly and rejects a zero
// divisor with InvalidArgumentError, as TF does.

/** `floor(x / y)`. TF registers a gradient of `(None, None)` (`_FloorDivGrad`): nothing flows back. */
export const FloorDiv = defineBinary({ type: 'FloorDiv', dtypes: NUMERIC, gradient: () => [undefined, undefined] });
/**
 * `x - floor(x / y) · y`, with the sign of `y` (`-7 mod 3 = 2`, `7 mod -3 = -2`). TF's
 * `_FloorModGrad`: `dx = dy`, `dy_y = -dy · floor_div(x, y)`.
 */
export const FloorMod = defineBinary({
  type: 'FloorMod',
  dtypes: NUMERIC,
  gradient: (op, [dz]) => {
    if (!dz) return [undefined, undefined];
    const [x, y] = op.inputs as [Tensor, Tensor];
    return [dz, mul(dz, neg(floorDiv(x, y)))];
  },
});

/** `tf.floordiv` / `tf.floor_div` (TF.js `floorDiv`). */
export function floorDiv(x: TensorLike, y: TensorLike, name?: string): Tensor {
  return binary(FloorDiv, x, y, name);
}
/** `tf.floormod` / `tf.mod` (TF.js `mod`). */
export function floorMod(x: TensorLike, y: TensorLike, name?: string): Tensor {
  return binary(FloorMod, x, y, name);
}
export const floordiv = floorDiv;
export const mod = floorMod;
