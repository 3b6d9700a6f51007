import { square, sub, type Tensor, type TensorLike } from '@tf/graph';
import type { LossOptions } from './compute-weighted-loss.js';
import { floatLabelsAndPredictions, weightedLoss } from './inputs.js';

/** `tf.losses.mean_squared_error`: weighted `(predictions - labels)²`, reduced. */
export function meanSquaredError(labels: TensorLike, predictions: TensorLike, options: LossOptions = {}): Tensor {
  return weightedLoss('mean_squared_error', [predictions, labels, options.weights], options, () => {
    const [y, p] = floatLabelsAndPredictions(labels, predictions);
    return square(sub(p, y));
  });
}
