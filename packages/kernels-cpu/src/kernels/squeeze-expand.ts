import type { CpuKernel, KernelTable } from './shared/types.js';
import { copyInto, input, output } from './shared/util.js';

/** Shape-only ops: row-major data does not move, so (unless forwarded) the input is copied. */
const copyInput: CpuKernel = (call) => copyInto(call, output(call, 0).storage, input(call, 0).storage);

export const squeezeExpandKernels = {
  Squeeze: copyInput,
  ExpandDims: copyInput,
} satisfies KernelTable;
