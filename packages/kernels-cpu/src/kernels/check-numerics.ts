import { checkNumericsError } from '@tf/graph';
import type { CpuKernel, KernelTable } from './shared/types.js';
import { copyInto, input, output } from './shared/util.js';

/**
 * TF's `CheckNumerics`: the input passes through unless it holds NaN or ±Inf; then the run fails
 * with `<message> : Tensor had NaN values` (`Inf`, or `Inf and NaN` for both), naming the node.
 */
const checkNumericsKernel: CpuKernel = (call) => {
  const x = input(call, 0);
  const data = x.storage;
  let nan = false;
  let inf = false;
  for (let i = 0; i < data.length; i++) {
    const v = data[i]!;
    if (v !== v) nan = true;
    else if (v === Infinity || v === -Infinity) inf = true;
  }
  if (nan || inf) {
    const { message } = call.attrs as { readonly message: string };
    throw checkNumericsError(call.name, message, x.dtype, { nan, inf });
  }
  copyInto(call, output(call, 0).storage, data);
};

export const checkNumericsKernels = {
  CheckNumerics: checkNumericsKernel,
} satisfies KernelTable;
