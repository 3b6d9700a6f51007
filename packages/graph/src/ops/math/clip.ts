import { ValueError } from '../../errors.js';
import { formatShapeTuple, mergeShapes } from '../../shape.js';
import type { Tensor } from '../../tensor.js';
import { convertToTensor, graphOf, type TensorLike } from '../build.js';
import { maximum, minimum } from './binary-math.js';

/**
 * `tf.clip_by_value(t, clipValueMin, clipValueMax)`: composed as TF 1.x does, `Maximum(Minimum(t,
 * max), min)`, so it needs no kernel and its gradient comes from those ops: `t` gets `dy` where
 * `min <= t <= max` (ties go to `t`), the bounds get it where they clipped. The bounds may
 * broadcast against `t` but must not enlarge it (TF's `merge_with` check, a ValueError).
 */
export function clipByValue(t: TensorLike, clipValueMin: TensorLike, clipValueMax: TensorLike, name = 'clip_by_value'): Tensor {
  const graph = graphOf([t, clipValueMin, clipValueMax]);
  return graph.nameScope(name, (scope) => {
    const x = convertToTensor(t, undefined, graph, 't');
    const tMin = minimum(x, clipValueMax);
    checkSameShape(x, tMin);
    const tMax = maximum(tMin, clipValueMin, scope);
    checkSameShape(x, tMax);
    return tMax;
  });
}

function checkSameShape(t: Tensor, clipped: Tensor): void {
  if (mergeShapes(t.shape, clipped.shape) === undefined) {
    throw new ValueError(`Shapes ${formatShapeTuple(t.shape)} and ${formatShapeTuple(clipped.shape)} are not compatible`);
  }
}
