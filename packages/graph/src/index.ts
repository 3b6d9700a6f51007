// @tf/graph: the symbolic world (Graph, Operation, Tensor), the op catalogue, gradients,
// the default graph/session stacks and the Backend contract kernels implement.
export * from './dtype.js';
export * from './errors.js';
export * from './shape.js';
export * from './ndarray.js';
export * from './default-stack.js';
export { Graph, GraphKeys, KeyError, getDefaultGraph, resetDefaultGraph, type Scope } from './graph.js';
export { Operation, type AttrValue } from './operation.js';
export { Tensor } from './tensor.js';
export { Variable, RefVariable, globalVariables, trainableVariables, type VariableOptions } from './variable.js';
export { defineOp, getOpDef, allOpDefs, makeInferContext, hostInputIndices } from './op-def.js';
export type { OpDef, OpDefSpec, InferContext, InputInfo, OutputSpec, GradientFn } from './op-def.js';
export type { Backend, KernelCall, KernelTensor, Kernel, TensorInfo, PlanSummary } from './backend.js';
export type { FeedDict, FeedKey, Fetch, FetchResult, RunOptions, SessionLike } from './session-api.js';
export { defaultSessionStack, getDefaultSession } from './default-session.js';
export { getSeed, DEFAULT_GRAPH_SEED } from './random-seed.js';
export { gradients } from './gradients.js';
export * from './scopes.js';
export * from './ops/index.js';
export * as nn from './ops/nn/index.js';
export { mulberry32 } from './mulberry32.js';
