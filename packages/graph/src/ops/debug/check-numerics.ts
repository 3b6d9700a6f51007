import { tfEnumName, type DType } from '../../dtype.js';
import { InvalidArgumentError } from '../../errors.js';
import { defineOp } from '../../op-def.js';
import type { Tensor } from '../../tensor.js';
import { apply, convertToTensor, type TensorLike } from '../build.js';
import { FLOATS } from '../math/elementwise.js';
import { tfAttr } from '../../interop/export-attr.js';

export interface CheckNumericsAttrs {
  /** Prefix of the error: `<message> : Tensor had NaN values`. */
  message: string;
}

/**
 * Passes `tensor` through, or fails the run with an InvalidArgumentError when it holds a NaN or an
 * infinity (TF's `CheckNumerics`). Its gradient is checked the same way.
 */
export const CheckNumerics = defineOp<CheckNumericsAttrs, 'CheckNumerics'>({
  type: 'CheckNumerics',
  // A NaN or Inf in the input; on WebGPU the device finds it and the verdict follows the run.
  refusesValues: true,
  checkedOnDevice: true,
  tf: {
    attrs: (a) => ({ message: a.string('message') }),
    exportAttrs: (a) => ({ message: tfAttr.string(a.message) }),
    typeAttrs: { T: 'tensor' },
  },
  inputs: ['tensor'],
  inputDTypes: { tensor: FLOATS },
  forwards: [[0, 0]],
  infer: (ctx) => [ctx.inputs[0]!],
  // TF's `_CheckNumericsGrad`.
  gradient: (op, [dy]) => [
    dy && checkNumerics(dy, `Not a number (NaN) or infinity (Inf) values detected in gradient. ${op.getAttr<string>('message')}`),
  ],
});

/**
 * `tf.checkNumerics(tensor, message)`: the tensor, checked for NaN and Inf when it is computed.
 * On WebGPU the check completes asynchronously, as in TF on a GPU: `runAsync` / `evalAsync`
 * reject with its error, and a synchronous `run` (a train step) returns before the verdict, so
 * its failure rejects the session's next asynchronous run.
 */
export function checkNumerics(tensor: TensorLike, message: string, name = 'CheckNumerics'): Tensor {
  return apply(CheckNumerics, [convertToTensor(tensor)], { message }, name);
}

/** What a CheckNumerics kernel found in its input. */
export interface NonFiniteFindings {
  readonly nan: boolean;
  readonly inf: boolean;
}

/**
 * The error a CheckNumerics kernel fails with, as TF words it: `<message> : Tensor had NaN values`
 * (`Inf`, or `Inf and NaN` for both), naming the node. One builder for every backend: the CPU
 * kernel throws it at once, the WebGPU backend when it settles the device's findings.
 */
export function checkNumericsError(opName: string, message: string, dtype: DType, found: NonFiniteFindings): InvalidArgumentError {
  const status = found.nan && found.inf ? 'Inf and NaN' : found.nan ? 'NaN' : 'Inf';
  return new InvalidArgumentError(
    `${message} : Tensor had ${status} values\n\t [[Node: ${opName} = CheckNumerics[T=${tfEnumName(dtype)}, message="${message}"]]]`,
    opName,
  );
}
