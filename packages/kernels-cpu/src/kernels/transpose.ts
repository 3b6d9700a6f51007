import { InvalidArgumentError } from '@tf/graph';
import { checkPermutation } from '@tf/graph/backend';
import { axisOffsets, gatherByOffsets, sourceStrides } from './shared/axis-offsets.js';
import type { CpuKernel, KernelTable } from './shared/types.js';
import { failWith, hostInput, input, output } from './shared/util.js';

// Transpose as an offset table, plus InvertPermutation.

const transposeKernel: CpuKernel = (call) => {
  const x = input(call, 0);
  const out = output(call, 0);
  const perm = checkPermutation(Array.from(hostInput(call, 1)), x.shape.length, failWith(call));
  const strides = sourceStrides(x.shape);
  const offsets = out.shape.map((n, d) => axisOffsets(n, strides[perm[d]!]!, (k) => k));
  gatherByOffsets(x.storage, out.storage, out.shape, offsets);
};

/** `y[x[i]] = i`, with TF's checks that `x` is a permutation of `0 … n-1`. */
const invertPermutationKernel: CpuKernel = (call) => {
  const x = input(call, 0).storage;
  const y = output(call, 0).storage;
  const n = x.length;
  y.fill(-1);
  for (let i = 0; i < n; i++) {
    const d = x[i]!;
    if (d < 0 || d >= n) throw new InvalidArgumentError(`${d} is not between 0 and ${n}`, call.name);
    if (y[d] !== -1) throw new InvalidArgumentError(`${d} is duplicated in the input.`, call.name);
    y[d] = i;
  }
};

export const transposeKernels = {
  Transpose: transposeKernel,
  InvertPermutation: invertPermutationKernel,
} satisfies KernelTable;
