import { InvalidArgumentError } from '@tf/graph';
import { stridesOf } from '@tf/graph/backend';
import { product } from './shared/axis-offsets.js';
import type { CpuKernel, KernelTable } from './shared/types.js';
import { hostInput, input, normalizeKernelAxis, output } from './shared/util.js';

// Index-driven ops: GatherV2 and UnsortedSegmentSum (OneHot is in one-hot.ts). Indices are validated here, with TF's
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
  const axis = normalizeKernelAxis(call, hostInput(call, 2)[0]!, rank);
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

export const gatherKernels = {
  GatherV2: gatherKernel,
  UnsortedSegmentSum: unsortedSegmentSumKernel,
} satisfies KernelTable;
