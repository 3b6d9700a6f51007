import type { Tensor } from '../../tensor.js';
import type { TensorLike } from '../build.js';
import { NUMERIC, binaryOp } from './elementwise.js';

// Comparisons broadcast like arithmetic, give bool and are NotDifferentiable, as in TF.

/** Elementwise `x == y` with broadcasting. */
export const equal = binaryOp('Equal', { dtypes: ['float32', 'float64', 'int32', 'bool'], outDType: 'bool', gradient: null });

export const greater = binaryOp('Greater', { dtypes: NUMERIC, outDType: 'bool', gradient: null });

export const greaterEqual = binaryOp('GreaterEqual', { dtypes: NUMERIC, outDType: 'bool', gradient: null });

export const less = binaryOp('Less', { dtypes: NUMERIC, outDType: 'bool', gradient: null });

export const lessEqual = binaryOp('LessEqual', { dtypes: NUMERIC, outDType: 'bool', gradient: null });
