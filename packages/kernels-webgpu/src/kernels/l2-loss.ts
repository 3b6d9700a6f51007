import { runReduction } from './shared/reduce-program.js';
import type { KernelTable } from './shared/types.js';
import { input, output } from './shared/util.js';

export const l2LossKernels = {
  /** `sum(t²) / 2` over every axis: the reduction program with the L2Loss reducer (square, sum, halve). */
  L2Loss: (call, gpu) => {
    const x = input(call, 0);
    runReduction(gpu, 'L2Loss', x, output(call, 0), new Set(x.shape.map((_, i) => i)));
  },
} satisfies KernelTable;
