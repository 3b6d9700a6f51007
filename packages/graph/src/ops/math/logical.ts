import type { Tensor } from '../../tensor.js';
import type { TensorLike } from '../build.js';
import { binary, defineBinary, defineUnary, unary } from './elementwise.js';

// `NotEqual` (alongside `Equal` in compare.ts) and the boolean ops. All broadcast (except
// `LogicalNot`), give bool and are NotDifferentiable, as in TF.

/** Elementwise `x != y` with broadcasting; NaN != NaN is true. */
export const NotEqual = defineBinary({
  type: 'NotEqual',
  dtypes: ['float32', 'float64', 'int32', 'bool'],
  outDType: 'bool',
  gradient: null,
});
export const LogicalAnd = defineBinary({ type: 'LogicalAnd', dtypes: ['bool'], outDType: 'bool', gradient: null });
export const LogicalOr = defineBinary({ type: 'LogicalOr', dtypes: ['bool'], outDType: 'bool', gradient: null });
export const LogicalNot = defineUnary({ type: 'LogicalNot', dtypes: ['bool'], gradient: null });

export function notEqual(x: TensorLike, y: TensorLike, name?: string): Tensor {
  return binary(NotEqual, x, y, name);
}
export function logicalAnd(x: TensorLike, y: TensorLike, name?: string): Tensor {
  return binary(LogicalAnd, x, y, name);
}
export function logicalOr(x: TensorLike, y: TensorLike, name?: string): Tensor {
  return binary(LogicalOr, x, y, name);
}
export function logicalNot(x: TensorLike, name?: string): Tensor {
  return unary(LogicalNot, x, name);
}
