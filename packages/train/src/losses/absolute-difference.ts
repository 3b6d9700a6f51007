import { abs, sub, type Tensor, type TensorLike } from '@tf/graph';
import type { LossOptions } from './compute-weighted-loss.js';
import { floatLabelsAndPredictions, weightedLoss } from './inputs.js';

/** `tf.losses.absolute_difference`: weighted `|predictions - labels|`, reduced. */
export function absoluteDifference(labels: TensorLike, predictions: TensorLike, options: LossOptions = {}): Tensor {
  return weightedLoss('absolute_difference', [predictions, labels, options.weights], options, () => {
    const [y, p] = floatLabelsAndPredictions(labels, predictions);
    return abs(sub(p, y));
  });
}
