import { InternalError } from '@tf/graph';
import type { CpuCall, CpuKernel, KernelTable } from './shared/types.js';
import { copyInto, input, output } from './shared/util.js';

// Ref ops: the executor passes the variable's storage as inputs[0] and as outputs[0] (the same
// typed array), so writing the output updates the variable in place.

/** `ref = value`: copied, so later changes to `value`'s buffer do not leak into the variable. */
const assign: CpuKernel = (call) => copyInto(call, output(call, 0).storage, input(call, 1).storage);

function updateInPlace(sign: 1 | -1): CpuKernel {
  return (call: CpuCall) => {
    const ref = input(call, 0).storage;
    const value = input(call, 1).storage;
    const out = output(call, 0).storage;
    if (ref.length !== value.length || out.length !== ref.length) {
      throw new InternalError(
        `${call.type} '${call.name}': variable has ${ref.length} elements, value ${value.length}, output ${out.length}`,
        call.name,
      );
    }
    // Reading ref[i] before writing out[i] keeps this right whether or not they alias.
    for (let i = 0; i < out.length; i++) out[i] = ref[i]! + sign * value[i]!;
  };
}

export const assignKernels = {
  Assign: assign,
  AssignAdd: updateInPlace(1),
  AssignSub: updateInPlace(-1),
} satisfies KernelTable;
