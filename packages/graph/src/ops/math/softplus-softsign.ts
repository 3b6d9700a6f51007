import type { Grads } from '../../op-def.js';
import type { Tensor } from '../../tensor.js';
import type { TensorLike } from '../build.js';
import { add, div, mul, square } from './arithmetic.js';
import { FLOATS, unaryOp } from './elementwise.js';
import { abs, sigmoid } from './unary-math.js';

// TF's smooth activations (`tf.nn.softplus`, `tf.nn.softsign`). TF computes their gradients with
// `SoftplusGrad`/`SoftsignGrad` kernels; here the same formulas are composed from existing ops.

/**
 * `log(1 + exp(x))`, computed stably as `log1p(exp(-|x|)) + max(x, 0)` so large `|x|` neither
 * overflows nor loses the tail. Gradient `dy · sigmoid(x)` (TF's `SoftplusGrad`).
 */
export const softplus = unaryOp('Softplus', {
  input: 'features',
  dtypes: FLOATS,
  gradient: (op, [dy]): Grads => [dy && mul(dy, sigmoid(op.inputs[0]!))],
});

/**
 * `x / (1 + |x|)`. ±Inf gives NaN (Inf/Inf), as in TF's kernel and PyTorch: no special case.
 * Gradient `dy / (1 + |x|)²` (TF's `SoftsignGrad`).
 */
export const softsign = unaryOp('Softsign', {
  input: 'features',
  dtypes: FLOATS,
  gradient: (op, [dy]): Grads => [dy && div(dy, square(add(abs(op.inputs[0]!), 1)))],
});
