import { InternalError } from '@tf/graph';
import { inPlaceProgram, stateInOutput } from './shared/in-place.js';
import type { GpuKernel, KernelTable } from './shared/types.js';
import { input, output } from './shared/util.js';

// Ref ops: the executor passes the variable's storage as inputs[0] and as outputs[0] (the same
// buffer), so updating the output updates the variable in place.

/** `ref = value`, copied, so later changes to `value`'s buffer do not leak into the variable. */
const assign: GpuKernel = (call, gpu) => {
  const value = input(call, 1).storage;
  const out = output(call, 0).storage;
  if (value.size !== out.size) {
    throw new InternalError(`Assign '${call.name}': variable has ${out.size} elements, value ${value.size}`, call.name);
  }
  gpu.copy(value, out, { bytes: out.byteLength });
};

function updateInPlace(operator: '+' | '-'): GpuKernel {
  return (call, gpu) => {
    const value = input(call, 1);
    const out = stateInOutput(call, gpu, 0, output(call, 0));
    if (value.storage.size !== out.storage.size) {
      throw new InternalError(
        `${call.type} '${call.name}': variable has ${out.storage.size} elements, value ${value.storage.size}`,
        call.name,
      );
    }
    gpu.run(
      inPlaceProgram({
        name: 'AssignUpdate',
        key: operator,
        state: [['variable', out]],
        operands: [['value', value]],
        size: out.storage.size,
        body: `  variable[i] = variable[i] ${operator} value[i];`,
      }),
    );
  };
}

export const assignKernels = {
  Assign: assign,
  AssignAdd: updateInPlace('+'),
  AssignSub: updateInPlace('-'),
} satisfies KernelTable;
