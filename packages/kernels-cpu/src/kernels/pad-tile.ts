import type { AttrsOf } from '@tf/graph/backend';
import { axisOffsets, gatherByOffsets, scatterAddByOffsets, sourceStrides } from './shared/axis-offsets.js';
import type { CpuKernel, CpuKernelFor, KernelTable } from './shared/types.js';
import { hostInput, input, output } from './shared/util.js';

// Tile, Pad, PadV2, MirrorPad and MirrorPadGrad as offset tables over the output (see
// axis-offsets.ts). Output shapes, and the checks on multiples and paddings, come from the op
// definitions' shape functions, which the executor runs before every kernel.

const tileKernel: CpuKernel = (call) => {
  const x = input(call, 0);
  const out = output(call, 0);
  const strides = sourceStrides(x.shape);
  const offsets = out.shape.map((n, d) => axisOffsets(n, strides[d]!, (k) => k % x.shape[d]!));
  gatherByOffsets(x.storage, out.storage, out.shape, offsets);
};

/** Source index along one axis for output index `k` of a constant pad: -1 in the padding. */
function constantIndex(n: number, before: number) {
  return (k: number) => {
    const i = k - before;
    return i >= 0 && i < n ? i : -1;
  };
}

type MirrorMode = AttrsOf<'MirrorPad'>['mode'];

/** Source index for a mirrored pad: REFLECT leaves out the edge element, SYMMETRIC repeats it. */
function mirrorIndex(n: number, before: number, mode: MirrorMode) {
  const edge = mode === 'REFLECT' ? 0 : 1;
  return (k: number) => {
    const i = k - before;
    if (i < 0) return -i - edge;
    if (i >= n) return 2 * n - 2 + edge - i;
    return i;
  };
}

function padKernel(constant: boolean): CpuKernel {
  return (call) => {
    const x = input(call, 0);
    const out = output(call, 0);
    const paddings = hostInput(call, 1);
    const fill = constant ? (input(call, 2).storage[0] ?? 0) : 0;
    const strides = sourceStrides(x.shape);
    const offsets = out.shape.map((n, d) => axisOffsets(n, strides[d]!, constantIndex(x.shape[d]!, paddings[2 * d]!)));
    gatherByOffsets(x.storage, out.storage, out.shape, offsets, fill);
  };
}

const mirrorPadKernel: CpuKernelFor<'MirrorPad'> = (call) => {
  const x = input(call, 0);
  const out = output(call, 0);
  const paddings = hostInput(call, 1);
  const { mode } = call.attrs;
  const strides = sourceStrides(x.shape);
  const offsets = out.shape.map((n, d) => axisOffsets(n, strides[d]!, mirrorIndex(x.shape[d]!, paddings[2 * d]!, mode)));
  gatherByOffsets(x.storage, out.storage, out.shape, offsets);
};

/** Each element of the padded gradient adds into the element MirrorPad copied it from. */
const mirrorPadGradKernel: CpuKernelFor<'MirrorPadGrad'> = (call) => {
  const dy = input(call, 0);
  const out = output(call, 0);
  const paddings = hostInput(call, 1);
  const { mode } = call.attrs;
  const strides = sourceStrides(out.shape);
  const offsets = dy.shape.map((n, d) => axisOffsets(n, strides[d]!, mirrorIndex(out.shape[d]!, paddings[2 * d]!, mode)));
  out.storage.fill(0);
  scatterAddByOffsets(dy.storage, dy.shape, out.storage, offsets);
};

export const padTileKernels = {
  Tile: tileKernel,
  Pad: padKernel(false),
  PadV2: padKernel(true),
  MirrorPad: mirrorPadKernel,
  MirrorPadGrad: mirrorPadGradKernel,
} satisfies KernelTable;
