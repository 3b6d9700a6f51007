// `tf.losses`: TF 1.x's weighted, reduced losses. Each adds its result to the LOSSES collection.
export { Reduction, type ReductionKey } from './reduction.js';
export { computeWeightedLoss, addLoss, getLosses, type LossOptions } from './compute-weighted-loss.js';
export { meanSquaredError } from './mean-squared-error.js';
export { absoluteDifference } from './absolute-difference.js';
export { huberLoss, type HuberLossOptions } from './huber-loss.js';
export { sigmoidCrossEntropy, type SigmoidCrossEntropyOptions } from './sigmoid-cross-entropy.js';
export { softmaxCrossEntropy, type SoftmaxCrossEntropyOptions } from './softmax-cross-entropy.js';
export { sparseSoftmaxCrossEntropy } from './sparse-softmax-cross-entropy.js';
