// The op catalogue: every op definition and builder. Backends check their kernel tables against it.
export { convertToTensor, type TensorLike } from './build.js';
export * from './state/const.js';
export * from './state/placeholder.js';
export * from './state/variable-ops.js';
export * from './state/initializers.js';
export * from './array/identity.js';
export * from './array/shape.js';
export * from './array/reshape.js';
export * from './array/fill.js';
export * from './array/broadcast.js';
export * from './array/select.js';
export * from './array/squeeze-expand.js';
export * from './array/transpose.js';
export * from './array/range.js';
export * from './array/reverse.js';
export * from './array/pad-tile.js';
export * from './array/pack.js';
export * from './array/concat-split.js';
export * from './array/slice.js';
export * from './array/strided-slice-spec.js';
export * from './array/gather.js';
export * from './array/dynamic-stitch.js';
export * from './array/one-hot.js';
export * from './debug/check-numerics.js';
export * from './random/random-shuffle.js';
export * from './random/multinomial.js';
export * from './math/elementwise.js';
export * from './math/arithmetic.js';
export * from './math/unary-math.js';
export * from './math/binary-math.js';
export * from './math/compare.js';
export * from './math/unary-grad.js';
export * from './math/roots.js';
export * from './math/rounding.js';
export * from './math/transcendental.js';
export * from './math/softplus-softsign.js';
export * from './math/floor-div-mod.js';
export * from './math/squared-difference.js';
export * from './math/logical.js';
export * from './math/add-n.js';
export * from './math/clip.js';
export * from './math/cast.js';
export * from './math/matmul.js';
export * from './math/reduce.js';
export * from './math/reduce-extrema.js';
export * from './math/reduce-prod.js';
export * from './math/reduce-logical.js';
export * from './math/cumsum.js';
export * from './linalg/batch-matmul.js';
export * from './linalg/tensordot.js';
export * from './linalg/einsum.js';
export * from './random/random.js';
export { Relu, ReluGrad } from './nn/relu.js';
export { Softmax } from './nn/softmax.js';
export { SoftmaxCrossEntropyWithLogits } from './nn/softmax-cross-entropy.js';
export { SparseSoftmaxCrossEntropyWithLogits } from './nn/sparse-softmax-cross-entropy.js';
export { L2Loss } from './nn/l2-loss.js';
export { Relu6, Relu6Grad, Elu, EluGrad, Selu, SeluGrad } from './nn/activations.js';
export { LogSoftmax } from './nn/log-softmax.js';
export { BiasAdd, BiasAddGrad } from './nn/bias-add.js';
export {
  FusedMatMul,
  fusedMatMul,
  fusedActivation,
  FUSABLE_ACTIVATIONS,
  type FusableActivation,
  type FusedMatMulAttrs,
  type FusedMatMulOptions,
  type FusedOps,
} from './nn/fused-matmul.js';
export { FusedConv2D, fusedConv2d, type FusedConv2DAttrs, type FusedConv2DOptions } from './nn/fused-conv2d.js';
export { FusedBatchNorm, FusedBatchNormGrad } from './nn/batch-norm.js';
export { Conv2D, Conv2DBackpropInput, Conv2DBackpropFilter } from './nn/conv2d.js';
export { DepthwiseConv2dNative, DepthwiseConv2dNativeBackpropInput, DepthwiseConv2dNativeBackpropFilter } from './nn/depthwise-conv2d.js';
export { MaxPool, MaxPoolGrad, MaxPoolGradGrad, AvgPool, AvgPoolGrad } from './nn/pool.js';
export {
  windowGeometry,
  windowedOutputSize,
  type WindowGeometry,
  type ConvAttrs,
  type PoolAttrs,
  type Padding,
  type DataFormat,
} from './nn/conv-padding.js';
export { clipByNorm, clipByGlobalNorm, globalNorm } from './math/clip-norm.js';
export * from './train/apply-ops.js';
