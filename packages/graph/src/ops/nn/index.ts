// `tf.nn.*`: neural-network ops, imported as a namespace (`tf.nn.relu`).
export { relu, reluGrad } from './relu.js';
export { softmax } from './softmax.js';
export { softmaxCrossEntropyWithLogits } from './softmax-cross-entropy.js';
export { sparseSoftmaxCrossEntropyWithLogits } from './sparse-softmax-cross-entropy.js';
export { sigmoidCrossEntropyWithLogits } from './sigmoid-cross-entropy.js';
export { l2Loss } from './l2-loss.js';
// TF exposes `tf.sigmoid` as `tf.nn.sigmoid` too.
export { sigmoid } from '../math/unary-math.js';
