import { checkPermutation, InvalidArgumentError, reverseAxes } from '@tf/graph';
import { axisOffsets, gatherByOffsets, sourceStrides } from './axis-offsets.js';
import type { CpuCall, CpuKernel, KernelTable } from './types.js';
import { copyInto, hostInput, input, output } from './util.js';

// Axis rearrangements: Transpose and ReverseV2 as offset tables, plus InvertPermutation.

function failWith(call: CpuCall) {
  return (message: string): never => {
    throw new InvalidArgumentError(message, call.name);
  };
}

const transposeKernel: CpuKernel = (call) => {
  const x = input(call, 0);
  const out = output(call, 0);
  const perm = checkPermutation(Array.from(hostInput(call, 1)), x.shape.length, failWith(call));
  const strides = sourceStrides(x.shape);
  const offsets = out.shape.map((n, d) => axisOffsets(n, strides[perm[d]!]!, (k) => k));
  gatherByOffsets(x.storage, out.storage, out.shape, offsets);
};

const reverseKernel: CpuKernel = (call) => {
  const x = input(call, 0);
  const out = output(call, 0);
  const axes = reverseAxes(Array.from(hostInput(call, 1)), x.shape.length, failWith(call));
  if (axes.size === 0) return copyInto(call, out.storage, x.storage);
  const strides = sourceStrides(x.shape);
  const offsets = x.shape.map((n, d) => axisOffsets(n, strides[d]!, axes.has(d) ? (k) => n - 1 - k : (k) => k));
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

export const transposeKernels: KernelTable = {
  Transpose: transposeKernel,
  ReverseV2: reverseKernel,
  InvertPermutation: invertPermutationKernel,
};
