import type { Tensor } from '../../tensor.js';
import { convertToTensor, graphOf, type TensorLike } from '../build.js';
import { mul, square } from '../math/arithmetic.js';
import { maximum } from '../math/binary-math.js';
import { reduceSum } from '../math/reduce.js';
import { rsqrt } from '../math/roots.js';

/**
 * `tf.nn.l2Normalize(x, axis?, epsilon = 1e-12)`: `x / sqrt(max(sum(x²), epsilon))` along `axis`
 * (every axis when omitted), TF's composite `x · rsqrt(max(sum(x²), epsilon))`. The epsilon
 * floor keeps an all-zero slice at 0 instead of NaN.
 */
export function l2Normalize(
  x: TensorLike,
  axis?: number | readonly number[] | Tensor | null,
  epsilon = 1e-12,
  name = 'l2_normalize',
): Tensor {
  const graph = graphOf([x]);
  return graph.nameScope(name, (scope) => {
    const t = convertToTensor(x, undefined, graph, 'x');
    const squareSum = reduceSum(square(t), axis ?? null, true);
    const invNorm = rsqrt(maximum(squareSum, epsilon));
    return mul(t, invNorm, scope);
  });
}
