import { InternalError } from '@tf/graph';
import type { KernelTable } from './shared/types.js';
import { input, output } from './shared/util.js';

export const addNKernels = {
  /**
   * The sum of N same-shape inputs (shape inference merged them). Accumulates in the output array
   * one input at a time, so each partial sum is rounded to float32 or wrapped to int32 as TF's
   * kernel does.
   */
  AddN: (call) => {
    const out = output(call, 0).storage;
    out.set(input(call, 0).storage);
    for (let k = 1; k < call.inputs.length; k++) {
      const x = input(call, k).storage;
      if (x.length !== out.length) {
        throw new InternalError(`AddN kernel for '${call.name}' got input ${k} of ${x.length} elements for ${out.length}`, call.name);
      }
      for (let i = 0; i < out.length; i++) out[i] = out[i]! + x[i]!;
    }
  },
} satisfies KernelTable;
