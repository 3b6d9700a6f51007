import { abs, add, convertToTensor, minimum, mul, sub, type Tensor, type TensorLike } from '@tf/graph';
import type { LossOptions } from './compute-weighted-loss.js';
import { floatLabelsAndPredictions, weightedLoss } from './inputs.js';

export interface HuberLossOptions extends LossOptions {
  /** Where the loss turns from quadratic to linear; default 1. */
  delta?: number;
}

/**
 * `tf.losses.huber_loss`: with `e = |predictions - labels|`, `½e²` for `e ≤ delta` and
 * `½delta² + delta(e - delta)` beyond, written as TF does: `q = min(e, delta)`, `½q² + delta(e - q)`.
 */
export function huberLoss(labels: TensorLike, predictions: TensorLike, options: HuberLossOptions = {}): Tensor {
  const { delta = 1, ...rest } = options;
  return weightedLoss('huber_loss', [predictions, labels, options.weights], rest, () => {
    const [y, p] = floatLabelsAndPredictions(labels, predictions);
    const absError = abs(sub(p, y));
    const quadratic = minimum(absError, delta);
    const linear = sub(absError, quadratic);
    const half = convertToTensor(0.5, quadratic.dtype, quadratic.graph);
    return add(mul(half, mul(quadratic, quadratic)), mul(delta, linear));
  });
}
