import { planReduction, reduceProgram } from './shared/reduce-program.js';
import type { GpuKernel, KernelTable } from './shared/types.js';
import { hostInput, input, normalizeKernelAxis, output } from './shared/util.js';

// ArgMax and ArgMin: the reduction program (shared/reduce-program.ts) carrying (value, index) pairs.

function argKernel(compare: '>' | '<'): GpuKernel {
  return (call, gpu) => {
    const x = input(call, 0);
    const axis = normalizeKernelAxis(call, hostInput(call, 1)[0] ?? 0, x.shape.length);
    const plan = planReduction(x.shape, new Set([axis]));
    gpu.run(reduceProgram({ key: compare === '>' ? 'ArgMax' : 'ArgMin', argCompare: compare, x, out: output(call, 0), plan }));
  };
}

export const argMaxKernels = {
  ArgMax: argKernel('>'),
  ArgMin: argKernel('<'),
} satisfies KernelTable;
