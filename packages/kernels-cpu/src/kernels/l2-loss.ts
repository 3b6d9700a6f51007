import type { CpuKernel, KernelTable } from './shared/types.js';
import { input, output } from './shared/util.js';

/** `sum(t²) / 2`, accumulated in float64. */
const l2Loss: CpuKernel = (call) => {
  const t = input(call, 0).storage;
  let sum = 0;
  for (let i = 0; i < t.length; i++) sum += t[i]! * t[i]!;
  output(call, 0).storage[0] = sum / 2;
};

export const l2LossKernels = {
  L2Loss: l2Loss,
} satisfies KernelTable;
