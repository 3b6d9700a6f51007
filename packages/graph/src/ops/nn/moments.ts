import type { Tensor } from '../../tensor.js';
import { stopGradient } from '../array/identity.js';
import { squeeze } from '../array/squeeze-expand.js';
import { checkArgDType, convertToTensor, type TensorLike } from '../build.js';
import { FLOATS } from '../math/elementwise.js';
import { reduceMean } from '../math/reduce.js';
import { squaredDifference } from '../math/squared-difference.js';

/**
 * `tf.nn.moments(x, axes, keepDims?)`: `[mean, variance]` over `axes` (the population variance).
 * Composite, built as TF 1.x builds it: the mean with kept dims, the mean of squared differences
 * from it (through `stopGradient`, which changes nothing since that gradient is zero, but keeps
 * the gradient graph small), then both squeezed unless `keepDims`.
 */
export function moments(x: TensorLike, axes: number | readonly number[], keepDims = false, name = 'moments'): [Tensor, Tensor] {
  const t = convertToTensor(x);
  // Stays: no op below rejects int32 (TF 1.x would compute integer moments); float-only as before.
  checkArgDType('x', t, FLOATS);
  const axisList = typeof axes === 'number' ? [axes] : axes;
  return t.graph.nameScope(name, () => {
    const mean = reduceMean(t, axisList, true, 'mean');
    const variance = reduceMean(squaredDifference(t, stopGradient(mean)), axisList, true, 'variance');
    // No axes: nothing was reduced. (TF's `squeeze(mean, [])` would drop every size-1 dim.)
    if (keepDims || axisList.length === 0) return [mean, variance];
    return [squeeze(mean, axisList), squeeze(variance, axisList, 'Squeeze_1')];
  });
}
