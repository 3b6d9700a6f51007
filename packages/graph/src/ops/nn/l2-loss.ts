import { defineOp } from '../../op-def.js';
import type { Tensor } from '../../tensor.js';
import { apply, convertToTensor, type TensorLike } from '../build.js';
import { mul } from '../math/arithmetic.js';
import { FLOATS } from '../math/elementwise.js';

/** `sum(t²) / 2` as a scalar (TF's `L2Loss`, the usual weight-decay term). */
export const L2Loss = defineOp({
  type: 'L2Loss',
  tf: { typeAttrs: { T: 't' } },
  inputs: ['t'],
  inputDTypes: { t: FLOATS },
  infer: ({ inputs }) => [{ dtype: inputs[0]!.dtype, shape: [] }],
  // d/dt of sum(t²)/2 is t; `dy` is a scalar, so the product broadcasts.
  gradient: (op, [dy]) => [dy && mul(op.inputs[0]!, dy)],
});

/** `tf.nn.l2Loss(t)`. */
export function l2Loss(t: TensorLike, name = 'L2Loss'): Tensor {
  return apply(L2Loss, [convertToTensor(t)], {}, name);
}
