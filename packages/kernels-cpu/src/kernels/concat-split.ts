import type { TypedArray } from '@tf/graph';
import { product } from './shared/axis-offsets.js';
import type { CpuCall, CpuKernel, CpuKernelFor, CpuTensor, KernelTable } from './shared/types.js';
import { hostInput, input, normalizeKernelAxis, output } from './shared/util.js';

// ConcatV2/Pack and Split/SplitV/Unpack. Viewing every tensor as [outer, size along the axis,
// inner] makes each part a run of `size * inner` contiguous elements per outer index, so both
// directions are `set(subarray)` copies. Shapes were checked by the op definitions.

/** Copies `parts` side by side along the middle axis of `[outer, Σ sizes, inner]`. */
function join(parts: readonly { data: TypedArray; size: number }[], out: TypedArray, outer: number, inner: number): void {
  const total = parts.reduce((n, p) => n + p.size, 0) * inner;
  let offset = 0;
  for (const part of parts) {
    const run = part.size * inner;
    if (run > 0) for (let o = 0; o < outer; o++) out.set(part.data.subarray(o * run, (o + 1) * run), o * total + offset);
    offset += run;
  }
}

/** The inverse of `join`: each part takes its run of every outer index. */
function cut(data: TypedArray, parts: readonly { data: TypedArray; size: number }[], outer: number, inner: number): void {
  const total = parts.reduce((n, p) => n + p.size, 0) * inner;
  let offset = 0;
  for (const part of parts) {
    const run = part.size * inner;
    if (run > 0) for (let o = 0; o < outer; o++) part.data.set(data.subarray(o * total + offset, o * total + offset + run), o * run);
    offset += run;
  }
}

const concatKernel: CpuKernel = (call) => {
  const n = call.inputs.length - 1;
  const out = output(call, 0);
  const axis = normalizeKernelAxis(call, hostInput(call, n)[0]!, out.shape.length);
  const values = call.inputs.slice(0, n);
  const parts = values.map((v) => ({ data: v.storage, size: v.shape[axis]! }));
  join(parts, out.storage, product(out.shape, 0, axis), product(out.shape, axis + 1));
};

const packKernel: CpuKernelFor<'Pack'> = (call) => {
  const out = output(call, 0);
  const axis = normalizeKernelAxis(call, call.attrs.axis, out.shape.length);
  const parts = call.inputs.map((v) => ({ data: v.storage, size: 1 }));
  join(parts, out.storage, product(out.shape, 0, axis), product(out.shape, axis + 1));
};

function splitInto(call: CpuCall, x: CpuTensor, axis: number, sizeOf: (part: CpuTensor) => number): void {
  const parts = call.outputs.map((o) => ({ data: o.storage, size: sizeOf(o) }));
  cut(x.storage, parts, product(x.shape, 0, axis), product(x.shape, axis + 1));
}

const splitKernel: CpuKernel = (call) => {
  const x = input(call, 1);
  const axis = normalizeKernelAxis(call, hostInput(call, 0)[0]!, x.shape.length);
  splitInto(call, x, axis, (o) => o.shape[axis]!);
};

const splitVKernel: CpuKernel = (call) => {
  const x = input(call, 0);
  const axis = normalizeKernelAxis(call, hostInput(call, 2)[0]!, x.shape.length);
  splitInto(call, x, axis, (o) => o.shape[axis]!);
};

const unpackKernel: CpuKernelFor<'Unpack'> = (call) => {
  const x = input(call, 0);
  const axis = normalizeKernelAxis(call, call.attrs.axis, x.shape.length);
  splitInto(call, x, axis, () => 1);
};

export const concatSplitKernels = {
  ConcatV2: concatKernel,
  Pack: packKernel,
  Split: splitKernel,
  SplitV: splitVKernel,
  Unpack: unpackKernel,
} satisfies KernelTable;
