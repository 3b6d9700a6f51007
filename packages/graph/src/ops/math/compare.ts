import type { Tensor } from '../../tensor.js';
import type { TensorLike } from '../build.js';
import { binary, defineBinary } from './elementwise.js';

/** Elementwise `x == y` with broadcasting; NotDifferentiable as in TF. */
export const Equal = defineBinary({ type: 'Equal', dtypes: ['float32', 'float64', 'int32', 'bool'], outDType: 'bool', gradient: null });

export function equal(x: TensorLike, y: TensorLike, name?: string): Tensor {
  return binary(Equal, x, y, name);
}
