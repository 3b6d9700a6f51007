import { checkPermutation, reverseAxes, stridesOf } from '@tf/graph';
import { failWith, stridedCopy } from './strided-copy.js';
import type { GpuKernel, KernelTable } from './types.js';
import { hostInput, input, output } from './util.js';

// Transpose and ReverseV2: one strided copy each, reading the input through permuted or negated
// strides.

const transpose: GpuKernel = (call, gpu) => {
  const x = input(call, 0);
  const out = output(call, 0);
  const perm = checkPermutation(Array.from(hostInput(call, 1)), x.shape.length, failWith(call));
  const strides = stridesOf(x.shape);
  stridedCopy(gpu, out.shape, { tensor: x, strides: out.shape.map((_, d) => strides[perm[d]!]!) }, { tensor: out });
};

const reverse: GpuKernel = (call, gpu) => {
  const x = input(call, 0);
  const out = output(call, 0);
  const axes = reverseAxes(Array.from(hostInput(call, 1)), x.shape.length, failWith(call));
  const strides = stridesOf(x.shape);
  let base = 0;
  const srcStrides = x.shape.map((n, d) => {
    if (!axes.has(d)) return strides[d]!;
    base += (n - 1) * strides[d]!;
    return -strides[d]!;
  });
  stridedCopy(gpu, out.shape, { tensor: x, base, strides: srcStrides }, { tensor: out });
};

export const transposeReverseKernels: KernelTable = {
  Transpose: transpose,
  ReverseV2: reverse,
};
