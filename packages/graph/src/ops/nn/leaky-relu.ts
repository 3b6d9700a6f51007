import { isFloatDType } from '../../dtype.js';
import type { Tensor } from '../../tensor.js';
import { convertToTensor, graphOf, type TensorLike } from '../build.js';
import { mul } from '../math/arithmetic.js';
import { maximum } from '../math/binary-math.js';
import { cast } from '../math/cast.js';

/**
 * `tf.nn.leakyRelu(features, alpha = 0.2)`: `max(alpha · features, features)`, composed as TF 1.4–1.12
 * does (later 1.x versions call a fused `LeakyRelu` op with the same values). Integer features are
 * cast to float32 first, as TF's `to_float`. The gradient comes from `Maximum` (ties go to
 * `alpha · x`, which only matters at 0): 1 where `x > 0`, `alpha` where `x < 0`.
 */
export function leakyRelu(features: TensorLike, alpha: TensorLike = 0.2, name = 'LeakyRelu'): Tensor {
  const graph = graphOf([features, alpha]);
  return graph.nameScope(name, (scope) => {
    let x = convertToTensor(features, undefined, graph, 'features');
    if (!isFloatDType(x.dtype)) {
      if (x.dtype !== 'int32') {
        throw new TypeError(
          `Value passed to parameter 'features' has DataType ${x.dtype} not in list of allowed values: float32, float64, int32`,
        );
      }
      x = cast(x, 'float32', 'ToFloat');
    }
    const a = convertToTensor(alpha, x.dtype, graph, 'alpha');
    return maximum(mul(a, x), x, scope);
  });
}
