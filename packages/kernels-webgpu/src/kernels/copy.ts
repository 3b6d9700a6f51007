import { InternalError } from '@tf/graph';
import type { GpuCall, GpuContext, GpuKernel, KernelTable } from './shared/types.js';
import { input, output } from './shared/util.js';

/**
 * Ops whose output is their input's elements unchanged: a buffer copy recorded in the encoder,
 * skipped when the executor forwarded one buffer as both (Identity, Reshape).
 */
const copyInput: GpuKernel = (call, gpu) => copyAll(call, gpu, input(call, 0).storage, output(call, 0).storage);

function copyAll(
  call: GpuCall,
  gpu: GpuContext,
  src: GpuCall['inputs'][number]['storage'],
  dst: GpuCall['inputs'][number]['storage'],
): void {
  if (src.size !== dst.size) {
    throw new InternalError(
      `${call.type} kernel for '${call.name}' got an output of ${dst.size} elements for ${src.size} input elements`,
      call.name,
    );
  }
  gpu.copy(src, dst, { bytes: dst.byteLength });
}

export const copyKernels = {
  Identity: copyInput,
  StopGradient: copyInput,
  // The executor substitutes a fed value itself; the kernel only runs for the default.
  PlaceholderWithDefault: copyInput,
  // Row-major data does not move when only the shape changes.
  Reshape: copyInput,
  // The value is uploaded once per backend and copied into the output on each run.
  Const: (call, gpu) => {
    const { value } = call.attrs;
    const out = output(call, 0);
    copyAll(call, gpu, gpu.constant(value, out.dtype, value.data), out.storage);
  },
  NoOp: () => {},
} satisfies KernelTable;
