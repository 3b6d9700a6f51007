import { InvalidArgumentError } from '@tf/graph';
import { reductionAxes } from '@tf/graph/backend';
import { type reducers, runReduction } from './shared/reduce-program.js';
import type { GpuCall, GpuContext, GpuKernel, KernelTable } from './shared/types.js';
import { hostInput, input, output } from './shared/util.js';

// Sum, Mean, Prod, Max, Min, All, Any over any axes: one reduction program each (shared/reduce-program.ts).

function reduceKernel(key: keyof typeof reducers): GpuKernel {
  return (call: GpuCall, gpu: GpuContext) => {
    const x = input(call, 0);
    const axes = new Set(
      reductionAxes(hostInput(call, 1), x.shape.length, (message) => {
        throw new InvalidArgumentError(message, call.name);
      }),
    );
    runReduction(gpu, key, x, output(call, 0), axes);
  };
}

export const reduceKernels = {
  Sum: reduceKernel('Sum'),
  Mean: reduceKernel('Mean'),
  Prod: reduceKernel('Prod'),
  Max: reduceKernel('Max'),
  Min: reduceKernel('Min'),
  All: reduceKernel('All'),
  Any: reduceKernel('Any'),
} satisfies KernelTable;
