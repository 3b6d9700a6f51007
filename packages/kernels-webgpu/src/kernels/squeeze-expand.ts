import type { GpuKernel, KernelTable } from './shared/types.js';
import { input, output } from './shared/util.js';

/** The output is the input's elements in the same order (only the shape changes). */
const copyThrough: GpuKernel = (call, gpu) => {
  const x = input(call, 0).storage;
  const out = output(call, 0).storage;
  if (out.byteLength > 0) gpu.copy(x, out, { bytes: out.byteLength });
};

export const squeezeExpandKernels = {
  Squeeze: copyThrough,
  ExpandDims: copyThrough,
} satisfies KernelTable;
