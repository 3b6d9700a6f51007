import { add, div, mul, nn, onesLike, reduceSum, stopGradient, type Tensor, type TensorLike } from '@tf/graph';
import type { LossOptions } from './compute-weighted-loss.js';
import { labelsLikeLogits, weightedLoss } from './inputs.js';

export interface SoftmaxCrossEntropyOptions extends LossOptions {
  /** When > 0, one-hot labels become `labels·(1 - s) + s / numClasses`. */
  labelSmoothing?: number;
}

/**
 * `tf.losses.softmax_cross_entropy`: per-example `nn.softmaxCrossEntropyWithLogits` between
 * `onehotLabels` and `logits` (`[batch, classes]`), weighted per example and reduced.
 */
export function softmaxCrossEntropy(onehotLabels: TensorLike, logits: TensorLike, options: SoftmaxCrossEntropyOptions = {}): Tensor {
  const { labelSmoothing = 0, ...rest } = options;
  return weightedLoss('softmax_cross_entropy_loss', [logits, onehotLabels, options.weights], rest, () => {
    let [labels, x] = labelsLikeLogits(onehotLabels, logits);
    if (labelSmoothing > 0) labels = add(mul(labels, 1 - labelSmoothing), smoothNegatives(labels, labelSmoothing));
    return nn.softmaxCrossEntropyWithLogits({ labels: stopGradient(labels, 'labels_stop_gradient'), logits: x, name: 'xentropy' });
  });
}

/** `smoothing / numClasses`, from the static last dim when known, else counted when running. */
function smoothNegatives(labels: Tensor, smoothing: number): Tensor | number {
  const classes = labels.shape?.[labels.shape.length - 1];
  if (classes !== null && classes !== undefined) return smoothing / classes;
  return div(smoothing, reduceSum(onesLike(labels), -1, true));
}
