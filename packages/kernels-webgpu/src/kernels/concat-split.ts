import { stridedCopy } from './shared/strided-copy.js';
import type { GpuContext, GpuKernel, GpuKernelFor, GpuTensor, KernelTable } from './shared/types.js';
import { hostInput, input, normalizeKernelAxis, output, product } from './shared/util.js';

// ConcatV2 and Pack join their inputs along an axis; Split, SplitV and Unpack cut one apart. Each
// part is one strided copy over `[outer, run]`.

/** Copies `parts` side by side along the middle axis of `[outer, Σ sizes, inner]` of `out`. */
function join(gpu: GpuContext, parts: readonly { tensor: GpuTensor; size: number }[], out: GpuTensor, axis: number): void {
  const outer = product(out.shape.slice(0, axis));
  const inner = product(out.shape.slice(axis + 1));
  const total = parts.reduce((n, p) => n + p.size, 0) * inner;
  let offset = 0;
  for (const part of parts) {
    const run = part.size * inner;
    stridedCopy(gpu, [outer, run], { tensor: part.tensor }, { tensor: out, base: offset, strides: [total, 1] });
    offset += run;
  }
}

/** The inverse of `join`: each part takes its run of every outer index. */
function cut(gpu: GpuContext, x: GpuTensor, parts: readonly { tensor: GpuTensor; size: number }[], axis: number): void {
  const outer = product(x.shape.slice(0, axis));
  const inner = product(x.shape.slice(axis + 1));
  const total = parts.reduce((n, p) => n + p.size, 0) * inner;
  let offset = 0;
  for (const part of parts) {
    const run = part.size * inner;
    stridedCopy(gpu, [outer, run], { tensor: x, base: offset, strides: [total, 1] }, { tensor: part.tensor });
    offset += run;
  }
}

const concat: GpuKernel = (call, gpu) => {
  const n = call.inputs.length - 1;
  const out = output(call, 0);
  const axis = normalizeKernelAxis(call, hostInput(call, n)[0]!, out.shape.length);
  join(
    gpu,
    call.inputs.slice(0, n).map((t) => ({ tensor: t, size: t.shape[axis]! })),
    out,
    axis,
  );
};

const pack: GpuKernelFor<'Pack'> = (call, gpu) => {
  const out = output(call, 0);
  const axis = normalizeKernelAxis(call, call.attrs.axis, out.shape.length);
  join(
    gpu,
    call.inputs.map((t) => ({ tensor: t, size: 1 })),
    out,
    axis,
  );
};

const split: GpuKernel = (call, gpu) => {
  const x = input(call, 1);
  const axis = normalizeKernelAxis(call, hostInput(call, 0)[0]!, x.shape.length);
  cut(
    gpu,
    x,
    call.outputs.map((o) => ({ tensor: o, size: o.shape[axis]! })),
    axis,
  );
};

const splitV: GpuKernel = (call, gpu) => {
  const x = input(call, 0);
  const axis = normalizeKernelAxis(call, hostInput(call, 2)[0]!, x.shape.length);
  cut(
    gpu,
    x,
    call.outputs.map((o) => ({ tensor: o, size: o.shape[axis]! })),
    axis,
  );
};

const unpack: GpuKernelFor<'Unpack'> = (call, gpu) => {
  const x = input(call, 0);
  const axis = normalizeKernelAxis(call, call.attrs.axis, x.shape.length);
  cut(
    gpu,
    x,
    call.outputs.map((o) => ({ tensor: o, size: 1 })),
    axis,
  );
};

export const concatSplitKernels = {
  ConcatV2: concat,
  Pack: pack,
  Unpack: unpack,
  Split: split,
  SplitV: splitV,
} satisfies KernelTable;
