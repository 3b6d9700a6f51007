import { stridedSliceSpec, stridesOf, type AttrsOf } from '@tf/graph/backend';
import { stridedCopy } from './shared/strided-copy.js';
import type { GpuCall, GpuKernel, GpuKernelFor, KernelTable } from './shared/types.js';
import { failWith, hostInput, input, output } from './shared/util.js';

// Slice, StridedSlice and StridedSlice's gradient: one strided copy from (or, for the gradient,
// into) the sliced region.

const slice: GpuKernel = (call, gpu) => {
  const x = input(call, 0);
  const out = output(call, 0);
  const begin = hostInput(call, 1);
  const strides = stridesOf(x.shape);
  const base = out.shape.reduce((sum, _, d) => sum + begin[d]! * strides[d]!, 0);
  stridedCopy(gpu, out.shape, { tensor: x, base, strides }, { tensor: out });
};

/** The resolved strided slice of `shape`: the processing shape and where it sits in `shape`. */
function resolveSlice(call: GpuCall<AttrsOf<'StridedSlice'>>, shape: readonly number[], first: number) {
  const [begin, end, strides] = [first, first + 1, first + 2].map((i) => Array.from(hostInput(call, i)));
  const spec = stridedSliceSpec(shape, begin!, end!, strides!, call.attrs, failWith(call));
  const processing = spec.processingShape as readonly number[];
  const own = stridesOf(shape);
  const base = processing.reduce((sum, _, d) => sum + spec.begin[d]! * own[d]!, 0);
  return { processing, base, strides: processing.map((_, d) => spec.strides[d]! * own[d]!) };
}

const stridedSlice: GpuKernelFor<'StridedSlice'> = (call, gpu) => {
  const x = input(call, 0);
  const { processing, base, strides } = resolveSlice(call, x.shape, 1);
  stridedCopy(gpu, processing, { tensor: x, base, strides }, { tensor: output(call, 0) });
};

/** A strided slice picks every source element at most once, so its gradient is a plain scatter. */
const stridedSliceGrad: GpuKernelFor<'StridedSliceGrad'> = (call, gpu) => {
  const shape = Array.from(hostInput(call, 0));
  const dy = input(call, 4);
  const out = output(call, 0);
  const { processing, base, strides } = resolveSlice(call, shape, 1);
  if (out.storage.size > 0) gpu.clear(out.storage);
  stridedCopy(gpu, processing, { tensor: dy }, { tensor: out, base, strides });
};

export const sliceKernels = {
  Slice: slice,
  StridedSlice: stridedSlice,
  StridedSliceGrad: stridedSliceGrad,
} satisfies KernelTable;
