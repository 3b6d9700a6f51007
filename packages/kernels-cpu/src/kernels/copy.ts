import type { CpuKernel, KernelTable } from './shared/types.js';
import { copyInto, input, output } from './shared/util.js';

/**
 * Ops whose output is their input's elements unchanged. The op definitions mark Identity, Reshape
 * and friends as forwarding, so an executor may hand the same buffer in and out; then the copy
 * is skipped.
 */
const copyInput: CpuKernel = (call) => copyInto(call, output(call, 0).storage, input(call, 0).storage);

export const copyKernels = {
  Identity: copyInput,
  StopGradient: copyInput,
  // The executor substitutes a fed value itself; the kernel only runs for the default.
  PlaceholderWithDefault: copyInput,
  // Row-major data does not move when only the shape changes.
  Reshape: copyInput,
  Const: (call) => {
    copyInto(call, output(call, 0).storage, call.attrs.value.data);
  },
  NoOp: () => {},
} satisfies KernelTable;
