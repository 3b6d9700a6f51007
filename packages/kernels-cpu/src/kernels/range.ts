import { fillRange } from '@tf/graph/backend';
import type { CpuKernel, KernelTable } from './shared/types.js';
import { hostInput, output } from './shared/util.js';

/** TF's `Range` kernel; `fillRange` accumulates in the output dtype as TF does. */
const rangeKernel: CpuKernel = (call) => {
  const out = output(call, 0);
  fillRange(out.storage, hostInput(call, 0)[0]!, hostInput(call, 2)[0]!, out.dtype);
};

export const rangeKernels = {
  Range: rangeKernel,
} satisfies KernelTable;
