import { reverseAxes, stridesOf } from '@tf/graph/backend';
import { stridedCopy } from './shared/strided-copy.js';
import type { GpuKernel, KernelTable } from './shared/types.js';
import { failWith, hostInput, input, output } from './shared/util.js';

// ReverseV2: one strided copy reading the input through negated strides from its far corner.

const reverse: GpuKernel = (call, gpu) => {
  const x = input(call, 0);
  const out = output(call, 0);
  const axes = reverseAxes(Array.from(hostInput(call, 1)), x.shape.length, failWith(call));
  const strides = stridesOf(x.shape);
  let base = 0;
  const srcStrides = x.shape.map((n, d) => {
    if (!axes.has(d)) return strides[d]!;
    base += (n - 1) * strides[d]!;
    return -strides[d]!;
  });
  stridedCopy(gpu, out.shape, { tensor: x, base, strides: srcStrides }, { tensor: out });
};

export const reverseKernels = {
  ReverseV2: reverse,
} satisfies KernelTable;
