import { InternalError, InvalidArgumentError } from '@tf/graph';
import { broadcastGradientArgs, reducedShapeOf, sizeOf } from '@tf/graph/backend';
import type { GpuCall, GpuContext, GpuKernel, KernelTable } from './shared/types.js';
import { hostInput, input, output } from './shared/util.js';

// Shape arithmetic on the device: Shape, Size, Rank, BroadcastGradientArgs, ReducedShape (Range is
// in range.ts, InvertPermutation in transpose.ts). Placement usually runs these ops on the host
// (their values feed host inputs, and Shape/Size/Rank read only shapes); these kernels serve the
// cases where the value is wanted on the device. Everything is known on the host (shapes, host
// inputs), so it is computed there — with the same functions as the CPU kernels, so the values
// agree bit for bit — and uploaded in command order.

/** Uploads a host-computed list into output `index`, whose length shape inference already fixed. */
function uploadInts(call: GpuCall, gpu: GpuContext, index: number, values: readonly number[]): void {
  const out = output(call, index);
  if (out.storage.size !== values.length) {
    throw new InternalError(
      `${call.type} '${call.name}': output ${index} has ${out.storage.size} elements, expected ${values.length}`,
      call.name,
    );
  }
  gpu.upload(out.storage, Int32Array.from(values));
}

function failWith(call: GpuCall) {
  return (message: string): never => {
    throw new InvalidArgumentError(message, call.name);
  };
}

const broadcastGradientArgsKernel: GpuKernel = (call, gpu) => {
  // The function the op's shape inference uses, so the output lengths always agree.
  const [r0, r1] = broadcastGradientArgs(Array.from(hostInput(call, 0)), Array.from(hostInput(call, 1)), failWith(call));
  uploadInts(call, gpu, 0, r0);
  uploadInts(call, gpu, 1, r1);
};

export const shapeKernels = {
  // The input's shape is all these read: its data may even stay on the host (the executor does
  // not move the input of a shape-only op).
  Shape: (call, gpu) => uploadInts(call, gpu, 0, input(call, 0).shape),
  Size: (call, gpu) => uploadInts(call, gpu, 0, [sizeOf(input(call, 0).shape)]),
  Rank: (call, gpu) => uploadInts(call, gpu, 0, [input(call, 0).shape.length]),
  BroadcastGradientArgs: broadcastGradientArgsKernel,
  ReducedShape: (call, gpu) => uploadInts(call, gpu, 0, reducedShapeOf(hostInput(call, 0), hostInput(call, 1), failWith(call))),
} satisfies KernelTable;
