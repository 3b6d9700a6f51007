import { checkPermutation, stridesOf } from '@tf/graph/backend';
import { inputVariable, outputVariable } from '../shader/tensor-variable.js';
import { stridedCopy } from './shared/strided-copy.js';
import type { GpuKernel, KernelTable } from './shared/types.js';
import { failWith, hostInput, input, output, perElementProgram } from './shared/util.js';

// Transpose: one strided copy reading the input through permuted strides. InvertPermutation: a
// scatter on the device.

const transpose: GpuKernel = (call, gpu) => {
  const x = input(call, 0);
  const out = output(call, 0);
  const perm = checkPermutation(Array.from(hostInput(call, 1)), x.shape.length, failWith(call));
  const strides = stridesOf(x.shape);
  stridedCopy(gpu, out.shape, { tensor: x, strides: out.shape.map((_, d) => strides[perm[d]!]!) }, { tensor: out });
};

/**
 * `y[x[i]] = i` on the device (x is device data): every element is first set to -1, then each
 * invocation scatters its index. No error can be raised without a read-back, so an invalid `x`
 * is not reported: entries outside `[0, n)` are skipped and a duplicated target gets one of its
 * indices (whichever write lands last). Either way some position is left at -1, so the output
 * holds a -1 exactly when `x` is not a permutation.
 */
const invertPermutationKernel: GpuKernel = (call, gpu) => {
  const x = input(call, 0);
  const y = output(call, 0);
  const n = y.storage.size;
  if (n === 0) return;
  gpu.run(
    perElementProgram({
      name: 'InvertPermutationFill',
      cacheKey: '',
      variables: [outputVariable('y', y, { shape: [n] })],
      total: n,
      body: () => `  y[global_idx] = -1;
}`,
    }),
  );
  gpu.run(
    perElementProgram({
      name: 'InvertPermutationScatter',
      cacheKey: '',
      variables: [inputVariable('x', x, { shape: [n] }), outputVariable('y', y, { shape: [n] })],
      total: n,
      body: (shader) => `  let position = x[global_idx];
  if (position >= 0 && u32(position) < ${shader.uniform('total')}) { y[u32(position)] = i32(global_idx); }
}`,
    }),
  );
};

export const transposeKernels = {
  Transpose: transpose,
  InvertPermutation: invertPermutationKernel,
} satisfies KernelTable;
