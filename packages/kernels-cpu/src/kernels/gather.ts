import { InvalidArgumentError, stridesOf } from '@tf/graph';
import { product } from './axis-offsets.js';
import type { CpuKernel, KernelTable } from './types.js';
import { hostInput, input, output } from './util.js';

// Index-driven ops: GatherV2, UnsortedSegmentSum and OneHot. Indices are validated here, with TF's
// messages, since only the kernel sees their values.

/** TF's `SliceDebugString`: the multi-index of flat position `i` in `shape`, e.g. `[1,2]` (`` for a scalar). */
function position(shape: readonly number[], i: number): string {
  if (shape.length === 0) return '';
  const strides = stridesOf(shape);
  return `[${strides.map((s, d) => Math.floor(i / s) % shape[d]!).join(',')}]`;
}

/** params viewed as [outer, dim, inner]; the output as [outer, N, inner] with N = indices.size. */
const gatherKernel: CpuKernel = (call) => {
  const params = input(call, 0);
  const indices = input(call, 1);
  const out = output(call, 0).storage;
  const rank = params.shape.length;
  const raw = hostInput(call, 2)[0]!;
  const axis = raw < 0 ? raw + rank : raw;
  const dim = params.shape[axis]!;
  const idx = indices.storage;
  for (let j = 0; j < idx.length; j++) {
    const v = idx[j]!;
    if (v < 0 || v >= dim) {
      throw new InvalidArgumentError(`indices${position(indices.shape, j)} = ${v} is not in [0, ${dim})`, call.name);
    }
  }
  const outer = product(params.shape, 0, axis);
  const inner = product(params.shape, axis + 1);
  const src = params.storage;
  const n = idx.length;
  let pos = 0;
  for (let o = 0; o < outer; o++) {
    const base = o * dim * inner;
    if (inner === 1) {
      for (let j = 0; j < n; j++) out[pos++] = src[base + idx[j]!]!;
    } else {
      for (let j = 0; j < n; j++) {
        const from = base + idx[j]! * inner;
        out.set(src.subarray(from, from + inner), pos);
        pos += inner;
      }
    }
  }
};

/** data viewed as [N, inner] with N = segment_ids.size; negative ids are dropped, as in TF. */
const unsortedSegmentSumKernel: CpuKernel = (call) => {
  const data = input(call, 0);
  const ids = input(call, 1);
  const out = output(call, 0);
  const numSegments = hostInput(call, 2)[0]!;
  const inner = product(data.shape, ids.shape.length);
  const acc = out.storage;
  acc.fill(0);
  const src = data.storage;
  const segs = ids.storage;
  for (let i = 0; i < segs.length; i++) {
    const j = segs[i]!;
    if (j < 0) continue;
    if (j >= numSegments) {
      throw new InvalidArgumentError(`segment_ids${position(ids.shape, i)} = ${j} is out of range [0, ${numSegments})`, call.name);
    }
    const from = i * inner;
    const to = j * inner;
    for (let k = 0; k < inner; k++) acc[to + k]! += src[from + k]!;
  }
};

/** The output viewed as [prefix, depth, suffix]; the indices as [prefix, suffix]. */
const oneHotKernel: CpuKernel = (call) => {
  const indices = input(call, 0);
  const out = output(call, 0);
  const depth = hostInput(call, 1)[0]!;
  const on = input(call, 2).storage[0]!;
  const off = input(call, 3).storage[0]!;
  const { axis } = call.attrs as { readonly axis: number };
  const at = axis === -1 ? indices.shape.length : axis;
  const prefix = product(indices.shape, 0, at);
  const suffix = product(indices.shape, at);
  const idx = indices.storage;
  const data = out.storage;
  data.fill(off);
  for (let p = 0; p < prefix; p++) {
    for (let s = 0; s < suffix; s++) {
      const v = idx[p * suffix + s]!;
      if (v >= 0 && v < depth) data[(p * depth + v) * suffix + s] = on;
    }
  }
};

export const gatherKernels: KernelTable = {
  GatherV2: gatherKernel,
  UnsortedSegmentSum: unsortedSegmentSumKernel,
  OneHot: oneHotKernel,
};
