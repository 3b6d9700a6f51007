import type { Grads } from '../../op-def.js';
import type { Tensor } from '../../tensor.js';
import type { TensorLike } from '../build.js';
import { mul, neg, sub } from './arithmetic.js';
import { NUMERIC, binaryOp } from './elementwise.js';

/**
 * `(x - y)²` with broadcasting. TF's `_SquaredDifferenceGrad`: `dx = 2 · dz · (x - y)`, `dy = -dx`
 * (`gradients()` sums each back to its input's shape).
 */
export const squaredDifference = binaryOp('SquaredDifference', {
  dtypes: NUMERIC,
  gradient: (op, [dz]): Grads => {
    if (!dz) return [undefined, undefined];
    const [x, y] = op.inputs as [Tensor, Tensor];
    const dx = mul(mul(dz, 2), sub(x, y));
    return [dx, neg(dx)];
  },
});
