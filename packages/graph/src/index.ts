// @tf/graph: the user API, in TensorFlow's names — Graph, Operation, Tensor, Variable, the op
// builders (`tf.matmul`, `tf.nn.relu`, …), gradients, name scopes, collections, the default graph
// and default session. Backend authors and executors import the kernel contract from
// `@tf/graph/backend` instead. test/exports.test.ts pins the list of names exported here.

// Core objects, dtypes, shapes and errors.
export {
  AlreadyExistsError,
  CancelledError,
  DataLossError,
  FailedPreconditionError,
  InternalError,
  InvalidArgumentError,
  LookupError,
  NotFoundError,
  OpError,
  OutOfRangeError,
  ResourceExhaustedError,
  RuntimeError,
  UnavailableError,
  UnimplementedError,
  ValueError,
} from './errors.js';
export { DTYPES, isDType, isFloatDType, type DType, type TypedArray, type ArrayFor } from './dtype.js';
export { formatShapeTuple, isFullyDefined, shapesCompatible, type ConcreteShape, type Dim, type PartialShape } from './shape.js';
export { NDArray, type AnyTypedArray, type NestedArray, type TensorValue } from './ndarray.js';
export { Graph, GraphKeys, KeyError, getDefaultGraph, resetDefaultGraph, type Scope } from './graph.js';
export { Operation, type AttrValue } from './operation.js';
export { Tensor } from './tensor.js';
export { RefVariable, Variable, globalVariables, trainableVariables, type VariableDefFields, type VariableOptions } from './variable.js';
export type { FeedDict, FeedKey, Fetch, FetchResult, RunOptions, SessionLike } from './session-api.js';
export { getDefaultSession } from './default-session.js';
export { getSeed } from './random-seed.js';
export { gradients } from './gradients.js';
export { addToCollection, controlDependencies, device, getCollection, getCollectionRef, nameScope } from './scopes.js';

// `tf.nn.*`, as a namespace (`tf.nn.relu`).
export * as nn from './ops/nn/index.js';

// Elementwise math: these modules hold only builders (one row each), so new ones need no edit here.
export * from './ops/math/arithmetic.js';
export * from './ops/math/binary-math.js';
export * from './ops/math/compare.js';
export * from './ops/math/floor-div-mod.js';
export * from './ops/math/logical.js';
export * from './ops/math/roots.js';
export * from './ops/math/rounding.js';
export * from './ops/math/softplus-softsign.js';
export * from './ops/math/squared-difference.js';
export * from './ops/math/transcendental.js';
export * from './ops/math/unary-math.js';

// The other builders, by family (their modules also hold op definitions, which stay internal).
export { convertToTensor, type TensorLike } from './ops/build.js';
export { constant } from './ops/state/const.js';
export { placeholder, placeholderWithDefault } from './ops/state/placeholder.js';
export { assign, assignAdd, assignSub, type AssignOptions, type AssignTarget } from './ops/state/assign.js';
export { globalVariablesInitializer, initializeAllVariables, variablesInitializer } from './ops/state/initializers.js';
export { group, identity, noOp, stopGradient } from './ops/array/identity.js';
export { rank, shape, size } from './ops/array/shape.js';
export { reshape } from './ops/array/reshape.js';
export { fill, ones, onesLike, zeros, zerosLike } from './ops/array/fill.js';
export { broadcastTo, reducedShape } from './ops/array/broadcast.js';
export { where } from './ops/array/select.js';
export { expandDims, squeeze } from './ops/array/squeeze-expand.js';
export { invertPermutation, transpose } from './ops/array/transpose.js';
export { range } from './ops/array/range.js';
export { reverse } from './ops/array/reverse.js';
export { pad, tile } from './ops/array/pad-tile.js';
export { stack, unstack, type UnstackOptions } from './ops/array/pack.js';
export { concat, split } from './ops/array/concat-split.js';
export { slice, stridedSlice, stridedSliceGrad, type StridedSliceOptions } from './ops/array/slice.js';
export type { StridedSliceMasks } from './ops/array/strided-slice-spec.js';
export { gather, unsortedSegmentSum } from './ops/array/gather.js';
export { dynamicStitch } from './ops/array/dynamic-stitch.js';
export { oneHot, type OneHotOptions } from './ops/array/one-hot.js';
export { checkNumerics } from './ops/debug/check-numerics.js';
export { addN } from './ops/math/add-n.js';
export { clipByValue } from './ops/math/clip.js';
export { clipByGlobalNorm, clipByNorm, globalNorm } from './ops/math/clip-norm.js';
export { cast } from './ops/math/cast.js';
export { matmul } from './ops/math/matmul.js';
export { argmax, reduceMean, reduceSum, type Axis } from './ops/math/reduce.js';
export { argmin, reduceMax, reduceMin } from './ops/math/reduce-extrema.js';
export { reduceProd } from './ops/math/reduce-prod.js';
export { reduceAll, reduceAny } from './ops/math/reduce-logical.js';
export { cumsum } from './ops/math/cumsum.js';
export { batchMatMul } from './ops/linalg/batch-matmul.js';
export { tensordot, type TensordotAxes } from './ops/linalg/tensordot.js';
export type { DimList } from './ops/linalg/contraction.js';
export { einsum } from './ops/linalg/einsum.js';
export { randomNormal, randomUniform, setRandomSeed, truncatedNormal, type RandomOptions } from './ops/random/random.js';
export { randomShuffle, type RandomShuffleOptions } from './ops/random/random-shuffle.js';
export { multinomial, type MultinomialOptions } from './ops/random/multinomial.js';
export {
  applyAdagrad,
  applyAdam,
  applyCenteredRMSProp,
  applyGradientDescent,
  applyMomentum,
  applyRMSProp,
  type VariableRef,
} from './ops/train/apply-ops.js';

// TensorFlow interop: GraphDef import.
export { importGraphDef, type ImportGraphDefOptions } from './interop/import-graph-def.js';
export { GraphDefImportError } from './interop/import-error.js';
// TensorFlow interop: TF.js graph models (model.json + weight shards) as GraphDefs.
export {
  graphModelShardPaths,
  loadGraphModel,
  loadGraphModelSync,
  type GraphModelJson,
  type LoadGraphModelOptions,
  type ShardBytes,
  type ShardReader,
} from './interop/tfjs-graph-model.js';
export { GraphModelError, type GraphModelErrorCode } from './interop/tfjs-error.js';

// TensorFlow interop: GraphDef in binary and text form, from TF's own .proto schemas.
export { decodeGraphDef, encodeGraphDef, graphDefToText, parseGraphDef, parseGraphDefText, serializeGraphDef } from './proto/index.js';
export type { AttrValue as AttrValueProto, DataType, GraphDef, NodeDef, TensorProto, TensorShapeProto } from './proto/index.js';
// TensorFlow interop: export (`graph.asGraphDef()` is a Graph method; `writeGraph` is in `@tf/graph/node`).
// TF's `tf.graph_util`: `graphUtil.convertVariablesToConstants(sess, graphDef, outputs)`, `extractSubGraph`.
export * as graphUtil from './interop/export-freeze.js';
