import { allocArray, broadcastGradientArgs, fillRange, InternalError, InvalidArgumentError, reducedShapeOf, sizeOf } from '@tf/graph';
import { inputVariable, outputVariable } from '../shader/tensor-variable.js';
import type { GpuCall, GpuContext, GpuKernel, KernelTable } from './types.js';
import { hostInput, input, output, perElementProgram } from './util.js';

// Shape arithmetic on the device. Placement usually runs these ops on the host (their values feed
// host inputs, and Shape/Size/Rank read only shapes); these kernels serve the cases where the
// value is wanted on the device, e.g. a fetched `tf.range`. Everything except InvertPermutation is
// known on the host (shapes, host inputs), so it is computed there — with the same functions as
// the CPU kernels, so the values agree bit for bit — and uploaded in command order.

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

/**
 * Range's values come from a sequential float32 accumulation (TF's kernel), which a parallel
 * `start + i·delta` would not reproduce; computing them on the host and uploading keeps the CPU's
 * values exactly, at the cost of one upload the size of the output.
 */
const rangeKernel: GpuKernel = (call, gpu) => {
  const out = output(call, 0);
  const values = allocArray(out.dtype, out.storage.size);
  fillRange(values, hostInput(call, 0)[0]!, hostInput(call, 2)[0]!, out.dtype);
  gpu.upload(out.storage, values);
};

/**
 * `y[x[i]] = i` on the device (x is device data): every element is first set to -1, then each
 * invocation scatters its index. No error can be raised without a read-back, so an invalid `x`
 * is not reported: entries outside `[0, n)` are skipped and a duplicated target gets one of its
 * indices (whichever write lands last). Either way some position is left at -1, so the output
 * holds a -1 exactly when `x` is not a permutation.
 */
const invertPermutationKernel: GpuKernel = (call, gpu) => {
  const x = input(call, 0);
  const y = output(call, 0);
  const n = y.storage.size;
  if (n === 0) return;
  gpu.run(
    perElementProgram({
      name: 'InvertPermutationFill',
      cacheKey: '',
      variables: [outputVariable('y', y, { shape: [n] })],
      total: n,
      body: () => `  y[global_idx] = -1;
}`,
    }),
  );
  gpu.run(
    perElementProgram({
      name: 'InvertPermutationScatter',
      cacheKey: '',
      variables: [inputVariable('x', x, { shape: [n] }), outputVariable('y', y, { shape: [n] })],
      total: n,
      body: (shader) => `  let position = x[global_idx];
  if (position >= 0 && u32(position) < ${shader.uniform('total')}) { y[u32(position)] = i32(global_idx); }
}`,
    }),
  );
};

const broadcastGradientArgsKernel: GpuKernel = (call, gpu) => {
  // The function the op's shape inference uses, so the output lengths always agree.
  const [r0, r1] = broadcastGradientArgs(Array.from(hostInput(call, 0)), Array.from(hostInput(call, 1)), failWith(call));
  uploadInts(call, gpu, 0, r0);
  uploadInts(call, gpu, 1, r1);
};

export const shapeOpKernels: KernelTable = {
  // The input's shape is all these read: its data may even stay on the host (the executor does
  // not move the input of a shape-only op).
  Shape: (call, gpu) => uploadInts(call, gpu, 0, input(call, 0).shape),
  Size: (call, gpu) => uploadInts(call, gpu, 0, [sizeOf(input(call, 0).shape)]),
  Rank: (call, gpu) => uploadInts(call, gpu, 0, [input(call, 0).shape.length]),
  Range: rangeKernel,
  InvertPermutation: invertPermutationKernel,
  BroadcastGradientArgs: broadcastGradientArgsKernel,
  ReducedShape: (call, gpu) => uploadInts(call, gpu, 0, reducedShapeOf(hostInput(call, 0), hostInput(call, 1), failWith(call))),
};
