import { add, mul, nn, type Tensor, type TensorLike } from '@tf/graph';
import type { LossOptions } from './compute-weighted-loss.js';
import { labelsLikeLogits, weightedLoss } from './inputs.js';

export interface SigmoidCrossEntropyOptions extends LossOptions {
  /** When > 0, labels move towards ½: `labels·(1 - s) + ½s`. */
  labelSmoothing?: number;
}

/** `tf.losses.sigmoid_cross_entropy`: weighted `nn.sigmoidCrossEntropyWithLogits`, reduced. */
export function sigmoidCrossEntropy(multiClassLabels: TensorLike, logits: TensorLike, options: SigmoidCrossEntropyOptions = {}): Tensor {
  const { labelSmoothing = 0, ...rest } = options;
  return weightedLoss('sigmoid_cross_entropy_loss', [logits, multiClassLabels, options.weights], rest, () => {
    let [labels, x] = labelsLikeLogits(multiClassLabels, logits);
    if (labelSmoothing > 0) labels = add(mul(labels, 1 - labelSmoothing), 0.5 * labelSmoothing);
    return nn.sigmoidCrossEntropyWithLogits({ labels, logits: x, name: 'xentropy' });
  });
}
