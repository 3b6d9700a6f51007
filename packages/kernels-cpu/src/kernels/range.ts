import type { CpuKernel, KernelTable } from './types.js';
import { hostInput, output } from './util.js';

/**
 * TF's `Range` kernel: `val = start; out[i] = val; val += delta`, accumulating in the output dtype
 * (float32 rounding at each step), so long float ranges drift exactly as TF's do.
 */
const rangeKernel: CpuKernel = (call) => {
  const out = output(call, 0);
  const start = hostInput(call, 0)[0]!;
  const delta = hostInput(call, 2)[0]!;
  const data = out.storage;
  const round = out.dtype === 'float32' ? Math.fround : out.dtype === 'int32' ? (v: number) => v | 0 : (v: number) => v;
  let value = start;
  for (let i = 0; i < data.length; i++) {
    data[i] = value;
    value = round(value + delta);
  }
};

export const rangeKernels: KernelTable = {
  Range: rangeKernel,
};
