import type { Tensor } from '../../tensor.js';
import type { TensorLike } from '../build.js';
import { binaryOp, unaryOp } from './elementwise.js';

// `NotEqual` (alongside `Equal` in compare.ts) and the boolean ops. All broadcast (except
// `LogicalNot`), give bool and are NotDifferentiable, as in TF.

/** Elementwise `x != y` with broadcasting; NaN != NaN is true. */
export const notEqual = binaryOp('NotEqual', { dtypes: ['float32', 'float64', 'int32', 'bool'], outDType: 'bool', gradient: null });

// TF's logical ops take bool only: their OpDefs have no type attr `T`.
export const logicalAnd = binaryOp('LogicalAnd', { dtypes: ['bool'], outDType: 'bool', gradient: null, tfTypeAttrs: {} });

export const logicalOr = binaryOp('LogicalOr', { dtypes: ['bool'], outDType: 'bool', gradient: null, tfTypeAttrs: {} });

export const logicalNot = unaryOp('LogicalNot', { dtypes: ['bool'], gradient: null, tfTypeAttrs: {} });
