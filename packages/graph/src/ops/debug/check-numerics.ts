import { defineOp } from '../../op-def.js';
import type { Tensor } from '../../tensor.js';
import { apply, checkDType, convertToTensor, type TensorLike } from '../build.js';
import { FLOATS } from '../math/elementwise.js';

interface CheckNumericsAttrs {
  /** Prefix of the error: `<message> : Tensor had NaN values`. */
  message: string;
}

/**
 * Passes `tensor` through, or fails the run with an InvalidArgumentError when it holds a NaN or an
 * infinity (TF's `CheckNumerics`). Its gradient is checked the same way.
 */
export const CheckNumerics = defineOp<CheckNumericsAttrs>({
  type: 'CheckNumerics',
  inputs: ['tensor'],
  inputDTypes: { tensor: FLOATS },
  forwards: [[0, 0]],
  infer: (ctx) => {
    const x = ctx.inputs[0]!;
    if (!FLOATS.includes(x.dtype)) ctx.fail(`CheckNumerics needs a float tensor, got ${x.dtype}`);
    return [x];
  },
  // TF's `_CheckNumericsGrad`.
  gradient: (op, [dy]) => [
    dy &&
      checkNumerics(
        dy,
        `Not a number (NaN) or infinity (Inf) values detected in gradient. ${op.getAttr<string>('message')}`,
      ),
  ],
});

/** `tf.checkNumerics(tensor, message)`: the tensor, checked for NaN and Inf when it is computed. */
export function checkNumerics(tensor: TensorLike, message: string, name = 'CheckNumerics'): Tensor {
  const t = convertToTensor(tensor);
  checkDType('CheckNumerics', 'tensor', t, FLOATS);
  return apply(CheckNumerics, [t], { message }, name);
}
