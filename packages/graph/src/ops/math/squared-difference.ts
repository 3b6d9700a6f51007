import type { Tensor } from '../../tensor.js';
import type { TensorLike } from '../build.js';
import { mul, neg, sub } from './arithmetic.js';
import { binary, defineBinary, NUMERIC } from './elementwise.js';

/**
 * `(x - y)²` with broadcasting. TF's `_SquaredDifferenceGrad`: `dx = 2 · dz · (x - y)`, `dy = -dx`
 * (`gradients()` sums each back to its input's shape).
 */
export const SquaredDifference = defineBinary({
  type: 'SquaredDifference',
  dtypes: NUMERIC,
  gradient: (op, [dz]) => {
    if (!dz) return [undefined, undefined];
    const [x, y] = op.inputs as [Tensor, Tensor];
    const dx = mul(mul(dz, 2), sub(x, y));
    return [dx, neg(dx)];
  },
});

export function squaredDifference(x: TensorLike, y: TensorLike, name?: string): Tensor {
  return binary(SquaredDifference, x, y, name);
}
