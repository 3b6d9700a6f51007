import { allocArray, fillRange } from '@tf/graph/backend';
import type { GpuKernel, KernelTable } from './shared/types.js';
import { hostInput, output } from './shared/util.js';

// Placement usually runs Range on the host (its value feeds host inputs); this kernel serves a
// range wanted on the device, e.g. a fetched `tf.range`.

/**
 * Range's values come from a sequential float32 accumulation (TF's kernel), which a parallel
 * `start + i·delta` would not reproduce; computing them on the host and uploading keeps the CPU's
 * values exactly, at the cost of one upload the size of the output.
 */
const rangeKernel: GpuKernel = (call, gpu) => {
  const out = output(call, 0);
  const values = allocArray(out.dtype, out.storage.size);
  fillRange(values, hostInput(call, 0)[0]!, hostInput(call, 2)[0]!, out.dtype);
  gpu.upload(out.storage, values);
};

export const rangeKernels = {
  Range: rangeKernel,
} satisfies KernelTable;
