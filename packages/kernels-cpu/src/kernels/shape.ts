import { InternalError, InvalidArgumentError } from '@tf/graph';
import { broadcastGradientArgs, reducedShapeOf, sizeOf } from '@tf/graph/backend';
import type { CpuCall, CpuKernel, KernelTable } from './shared/types.js';
import { hostInput, input, output } from './shared/util.js';

// Shape-valued ops: int32 outputs computed from shapes, which the executor knows concretely.

/** Writes a host-computed int32 list into an output whose length shape inference already fixed. */
function writeInts(call: CpuCall, index: number, values: readonly number[]): void {
  const out = output(call, index).storage;
  if (out.length !== values.length) {
    throw new InternalError(
      `${call.type} '${call.name}': output ${index} has ${out.length} elements, expected ${values.length}`,
      call.name,
    );
  }
  for (let i = 0; i < values.length; i++) out[i] = values[i]!;
}

const shapeKernel: CpuKernel = (call) => writeInts(call, 0, input(call, 0).shape);

const broadcastGradientArgsKernel: CpuKernel = (call) => {
  // The same function the op's shape inference uses, so output lengths always agree.
  const [r0, r1] = broadcastGradientArgs(Array.from(hostInput(call, 0)), Array.from(hostInput(call, 1)), (message) => {
    throw new InvalidArgumentError(message, call.name);
  });
  writeInts(call, 0, r0);
  writeInts(call, 1, r1);
};

/** `input_shape` with every axis in `axes` set to 1; axes may be negative, a scalar or a vector. */
const reducedShapeKernel: CpuKernel = (call) => {
  const shape = reducedShapeOf(hostInput(call, 0), hostInput(call, 1), (message) => {
    throw new InvalidArgumentError(message, call.name);
  });
  writeInts(call, 0, shape);
};

export const shapeKernels = {
  Shape: shapeKernel,
  Size: (call) => writeInts(call, 0, [sizeOf(input(call, 0).shape)]),
  Rank: (call) => writeInts(call, 0, [input(call, 0).shape.length]),
  BroadcastGradientArgs: broadcastGradientArgsKernel,
  ReducedShape: reducedShapeKernel,
} satisfies KernelTable;
