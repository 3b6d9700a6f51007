// `tf.nn.*`: neural-network ops, imported as a namespace (`tf.nn.relu`).
export { relu, reluGrad } from './relu.js';
export { softmax } from './softmax.js';
export { softmaxCrossEntropyWithLogits } from './softmax-cross-entropy.js';
export { sparseSoftmaxCrossEntropyWithLogits } from './sparse-softmax-cross-entropy.js';
export { sigmoidCrossEntropyWithLogits } from './sigmoid-cross-entropy.js';
export { l2Loss } from './l2-loss.js';
export { relu6, relu6Grad, elu, eluGrad, selu, seluGrad } from './activations.js';
export { leakyRelu } from './leaky-relu.js';
export { logSoftmax } from './log-softmax.js';
export { biasAdd, biasAddGrad } from './bias-add.js';
export { dropout, type DropoutOptions } from './dropout.js';
export { batchNormalization, fusedBatchNorm, fusedBatchNormGrad, type FusedBatchNormOptions } from './batch-norm.js';
export { l2Normalize } from './l2-normalize.js';
export { moments } from './moments.js';
export {
  conv2d,
  conv2dBackpropInput,
  conv2dBackpropFilter,
  conv2dTranspose,
  type Conv2DOptions,
  type Conv2DTransposeOptions,
} from './conv2d.js';
export {
  depthwiseConv2d,
  depthwiseConv2dNative,
  depthwiseConv2dNativeBackpropInput,
  depthwiseConv2dNativeBackpropFilter,
  type DepthwiseConv2dOptions,
} from './depthwise-conv2d.js';
export { maxPool, avgPool, type PoolOptions } from './pool.js';
// TF exposes `tf.sigmoid` as `tf.nn.sigmoid` too.
export { sigmoid } from '../math/unary-math.js';
// `tf.nn.softplus`, `tf.nn.softsign` (TF 1.x has them only here) and the `tf.nn.tanh` alias.
export { softplus, softsign } from '../math/softplus-softsign.js';
export { tanh } from '../math/transcendental.js';
