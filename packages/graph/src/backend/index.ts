// @tf/graph/backend: the kernel contract, for backend authors (`@tf/kernels-cpu`,
// `@tf/kernels-webgpu`) and executors (`@tf/session`). Users never need it: the root entry point
// `@tf/graph` is the user API in TensorFlow's names.
//
// What is here: the `Backend` interface and kernel calls; op definitions and their inference
// context; the helpers kernels of every backend share (axes, strided and window planning, Philox
// keys, fills), so no backend keeps a copy of its own.
export type {
  Backend,
  BackendMemory,
  KernelCall,
  KernelTensor,
  Kernel,
  KernelFor,
  KernelTable,
  CompleteKernelTable,
  TensorInfo,
  PlanSummary,
  PlanSummaryStep,
} from '../backend.js';
export { mergeKernelTables, kernelMap, kernelsFromRows, type OpRows } from '../backend.js';
export { defineOp, getOpDef, allOpDefs, makeInferContext, hostInputIndices, checkInputDTypes } from '../op-def.js';
export type { OpDef, OpDefSpec, InferContext, InputInfo, OutputSpec, GradientFn, Grads } from '../op-def.js';
export type { OpType, OpDefOf, AttrsOf } from '../op-types.js';
export { opDef } from './op-def-of.js';
export {
  sizeOf,
  stridesOf,
  broadcastStrides,
  broadcastStaticShapes,
  planStrided,
  wrapAxis,
  normalizeShape,
  shapesEqual,
  mergeShapes,
  dimsCompatible,
  staticSize,
  formatShapeList,
  type StridedPlan,
} from '../shape.js';
export { BYTES_PER_ELEMENT, allocArray, toTypedArray, dtypeOfArray, tfDTypeName, tfEnumName } from '../dtype.js';
// The validation layer (src/validate/), for executors: feeds, fetches and session options are
// checked with the same rules and limits as the graph's values.
export {
  DEFAULT_MAX_ELEMENTS_PER_TENSOR,
  MAX_DIM,
  MAX_ELEMENTS_PER_TENSOR,
  MAX_RANK,
  checkAllocation,
  checkOptions,
  makeBool,
  makeInt,
  pyTypeName,
  repr,
  type ConvertMode,
  type ConvertOptions,
} from '../validate/index.js';
export { toNDArray } from '../ndarray.js';
export { defaultSessionStack } from '../default-session.js';
export { DefaultStack } from '../default-stack.js';
export { DEFAULT_GRAPH_SEED } from '../random-seed.js';
export { mulberry32 } from '../mulberry32.js';
export { fillRange } from '../ops/array/range.js';
export { reducedShapeOf, broadcastGradientArgs } from '../ops/array/broadcast.js';
export { reverseAxes } from '../ops/array/reverse.js';
export { checkPermutation } from '../ops/array/transpose.js';
export { reductionAxes } from '../ops/math/reduce.js';
export { stridedSliceSpec, type StridedSliceMasks } from '../ops/array/strided-slice-spec.js';
export { checkNumericsError } from '../ops/debug/check-numerics.js';
export { windowGeometry, windowedOutputSize, type WindowGeometry, type DataFormat, type Padding } from '../ops/nn/conv-padding.js';
export {
  fusedActivation,
  fusedMatMul,
  FUSABLE_ACTIVATIONS,
  FusedMatMul,
  type FusableActivation,
  type FusedOps,
} from '../ops/nn/fused-matmul.js';
export { FusedConv2D, fusedConv2d } from '../ops/nn/fused-conv2d.js';

// The attrs of the ops whose definitions name them (kernels usually write `AttrsOf<'Op'>`).
export type { SplitAttrs } from '../ops/array/concat-split.js';
export type { OneHotAttrs } from '../ops/array/one-hot.js';
export type { AxisAttrs, UnpackAttrs } from '../ops/array/pack.js';
export type { MirrorAttrs } from '../ops/array/pad-tile.js';
export type { MaskAttrs } from '../ops/array/slice.js';
export type { SqueezeAttrs } from '../ops/array/squeeze-expand.js';
export type { CheckNumericsAttrs } from '../ops/debug/check-numerics.js';
export type { BatchMatMulAttrs } from '../ops/linalg/batch-matmul.js';
export type { CumsumAttrs } from '../ops/math/cumsum.js';
export type { MatMulAttrs } from '../ops/math/matmul.js';
export type { ReduceAttrs } from '../ops/math/reduce.js';
export type { FusedBatchNormAttrs } from '../ops/nn/batch-norm.js';
export type { BiasAttrs } from '../ops/nn/bias-add.js';
export { biasChannelAxis } from '../ops/nn/bias-add.js';
export type { ConvAttrs, PoolAttrs } from '../ops/nn/conv-padding.js';
export type { FusedMatMulAttrs } from '../ops/nn/fused-matmul.js';
export type { FusedConv2DAttrs } from '../ops/nn/fused-conv2d.js';
export type { MultinomialAttrs } from '../ops/random/multinomial.js';
export type { ShuffleAttrs } from '../ops/random/random-shuffle.js';
export type { RandomAttrs } from '../ops/random/random.js';
export type { PlaceholderAttrs } from '../ops/state/placeholder.js';
export type { LockingAttrs, NesterovAttrs } from '../ops/train/apply-ops.js';
export { runKernel, type RunKernelCall } from './run-kernel.js';
export { input, output, hostInput, normalizeKernelAxis, failWith } from './kernel-args.js';
export { philox, philoxKey, philoxState, mulHi, PHILOX_M0, PHILOX_M1, PHILOX_W0, PHILOX_W1, type PhiloxState } from './philox.js';
