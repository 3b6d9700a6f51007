import { elementwiseProgram } from './shared/elementwise.js';
import type { GpuKernel, KernelTable } from './shared/types.js';
import { input, output } from './shared/util.js';

// Ops that produce an output from a pattern rather than elementwise math. Output shapes (Fill's
// `dims`, BroadcastTo's `shape`) were already inferred from the host inputs by the executor.

/** Every output element is the (broadcast) input element: Fill's scalar, BroadcastTo's input. */
const broadcastInput: GpuKernel = (call, gpu) => {
  const source = call.type === 'Fill' ? input(call, 1) : input(call, 0);
  gpu.run(elementwiseProgram({ name: 'Broadcast', key: '', inputs: [source], output: output(call, 0), expression: (_s, [v]) => v! }));
};

export const fillKernels = {
  Fill: broadcastInput,
  BroadcastTo: broadcastInput,
  ZerosLike: (call, gpu) => gpu.clear(output(call, 0).storage),
  OnesLike: (call, gpu) => {
    gpu.run(elementwiseProgram({ name: 'Ones', key: '', inputs: [], output: output(call, 0), expression: (_s, _v, _t, t) => `${t}(1)` }));
  },
} satisfies KernelTable;
