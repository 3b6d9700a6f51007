import { stridedSliceSpec, type AttrsOf } from '@tf/graph/backend';
import { axisOffsets, gatherByOffsets, scatterAddByOffsets, sourceStrides } from './shared/axis-offsets.js';
import type { CpuCall, CpuKernel, CpuKernelFor, KernelTable } from './shared/types.js';
import { failWith, hostInput, input, output } from './shared/util.js';

// Slice, StridedSlice and StridedSliceGrad: axis `d` of the (processing) result reads source index
// `begin[d] + k * stride[d]`. StridedSlice resolves its masks with the same function as the op's
// shape inference (`stridedSliceSpec`), so kernel and shape always agree.

const sliceKernel: CpuKernel = (call) => {
  const x = input(call, 0);
  const out = output(call, 0);
  const begin = hostInput(call, 1);
  const strides = sourceStrides(x.shape);
  const offsets = out.shape.map((n, d) => axisOffsets(n, strides[d]!, (k) => begin[d]! + k));
  gatherByOffsets(x.storage, out.storage, out.shape, offsets);
};

/** The resolved slice of a `shape`, with the kernel's InvalidArgumentError for bad arguments. */
function resolve(call: CpuCall<AttrsOf<'StridedSlice'>>, shape: readonly number[], first: number) {
  const [begin, end, strides] = [first, first + 1, first + 2].map((i) => Array.from(hostInput(call, i)));
  const spec = stridedSliceSpec(shape, begin!, end!, strides!, call.attrs, failWith(call));
  const processing = spec.processingShape as readonly number[];
  const sourceStride = sourceStrides(shape);
  const offsets = processing.map((n, d) => axisOffsets(n, sourceStride[d]!, (k) => spec.begin[d]! + k * spec.strides[d]!));
  return { processing, offsets };
}

const stridedSliceKernel: CpuKernelFor<'StridedSlice'> = (call) => {
  const x = input(call, 0);
  const { processing, offsets } = resolve(call, x.shape, 1);
  // The result is the processing shape with size-1 axes added or removed: the same elements.
  gatherByOffsets(x.storage, output(call, 0).storage, processing, offsets);
};

const stridedSliceGradKernel: CpuKernelFor<'StridedSliceGrad'> = (call) => {
  const shape = Array.from(hostInput(call, 0));
  const dy = input(call, 4);
  const out = output(call, 0).storage;
  const { processing, offsets } = resolve(call, shape, 1);
  out.fill(0);
  scatterAddByOffsets(dy.storage, processing, out, offsets);
};

export const sliceKernels = {
  Slice: sliceKernel,
  StridedSlice: stridedSliceKernel,
  StridedSliceGrad: stridedSliceGradKernel,
} satisfies KernelTable;
