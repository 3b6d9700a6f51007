import { checkNumericsError } from '@tf/graph/backend';
import type { CpuKernelFor, KernelTable } from './shared/types.js';
import { copyInto, input, output } from './shared/util.js';

/**
 * TF's `CheckNumerics`: the input passes through unless it holds NaN or ±Inf; then the run fails
 * with `<message> : Tensor had NaN values` (`Inf`, or `Inf and NaN` for both), naming the node.
 */
const checkNumericsKernel: CpuKernelFor<'CheckNumerics'> = (call) => {
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
    throw checkNumericsError(call.name, call.attrs.message, x.dtype, { nan, inf });
  }
  copyInto(call, output(call, 0).storage, data);
};

export const checkNumericsKernels = {
  CheckNumerics: checkNumericsKernel,
} satisfies KernelTable;
