import { reverseAxes } from '@tf/graph/backend';
import { axisOffsets, gatherByOffsets, sourceStrides } from './shared/axis-offsets.js';
import type { CpuKernel, KernelTable } from './shared/types.js';
import { copyInto, failWith, hostInput, input, output } from './shared/util.js';

// ReverseV2 as an offset table: a reversed axis reads its offsets back to front.

const reverseKernel: CpuKernel = (call) => {
  const x = input(call, 0);
  const out = output(call, 0);
  const axes = reverseAxes(Array.from(hostInput(call, 1)), x.shape.length, failWith(call));
  if (axes.size === 0) return copyInto(call, out.storage, x.storage);
  const strides = sourceStrides(x.shape);
  const offsets = x.shape.map((n, d) => axisOffsets(n, strides[d]!, axes.has(d) ? (k) => n - 1 - k : (k) => k));
  gatherByOffsets(x.storage, out.storage, out.shape, offsets);
};

export const reverseKernels = {
  ReverseV2: reverseKernel,
} satisfies KernelTable;
