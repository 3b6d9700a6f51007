import type { CpuKernel, KernelTable } from './shared/types.js';
import { input, output } from './shared/util.js';

/**
 * TF 1.x `Select`: `t` and `e` share the output's shape; the condition is a scalar (picks one
 * whole input), the same shape (elementwise), or a vector that picks whole rows.
 */
const select: CpuKernel = (call) => {
  const condition = input(call, 0).storage;
  const t = input(call, 1).storage;
  const e = input(call, 2).storage;
  const out = output(call, 0).storage;
  if (out.length === 0) return;
  // Elements per condition entry: all of them (scalar), one (same shape), or one row (vector).
  const run = out.length / condition.length;
  for (let c = 0, i = 0; i < out.length; c++) {
    const source = condition[c] ? t : e;
    for (const end = i + run; i < end; i++) out[i] = source[i]!;
  }
};

export const selectKernels = { Select: select } satisfies KernelTable;
