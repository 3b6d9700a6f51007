import type { Tensor } from '../../tensor.js';
import type { TensorLike } from '../build.js';
import { binary, defineBinary, NUMERIC } from './elementwise.js';

// Comparisons broadcast like arithmetic, give bool and are NotDifferentiable, as in TF.

/** Elementwise `x == y` with broadcasting. */
export const Equal = defineBinary({ type: 'Equal', dtypes: ['float32', 'float64', 'int32', 'bool'], outDType: 'bool', gradient: null });
export const Greater = defineBinary({ type: 'Greater', dtypes: NUMERIC, outDType: 'bool', gradient: null });
export const GreaterEqual = defineBinary({ type: 'GreaterEqual', dtypes: NUMERIC, outDType: 'bool', gradient: null });
export const Less = defineBinary({ type: 'Less', dtypes: NUMERIC, outDType: 'bool', gradient: null });
export const LessEqual = defineBinary({ type: 'LessEqual', dtypes: NUMERIC, outDType: 'bool', gradient: null });

export function equal(x: TensorLike, y: TensorLike, name?: string): Tensor {
  return binary(Equal, x, y, name);
}
export function greater(x: TensorLike, y: TensorLike, name?: string): Tensor {
  return binary(Greater, x, y, name);
}
export function greaterEqual(x: TensorLike, y: TensorLike, name?: string): Tensor {
  return binary(GreaterEqual, x, y, name);
}
export function less(x: TensorLike, y: TensorLike, name?: string): Tensor {
  return binary(Less, x, y, name);
}
export function lessEqual(x: TensorLike, y: TensorLike, name?: string): Tensor {
  return binary(LessEqual, x, y, name);
}
