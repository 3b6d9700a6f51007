import { broadcastCopy } from './shared/broadcast.js';
import type { KernelTable } from './shared/types.js';
import { input, output } from './shared/util.js';

// Ops that produce an output from a pattern rather than elementwise math. Their output shapes
// (Fill's `dims`, BroadcastTo's `shape`) were already inferred from the host inputs.

export const fillKernels = {
  Fill: (call) => {
    const value = input(call, 1).storage;
    output(call, 0).storage.fill(value[0] ?? 0);
  },
  ZerosLike: (call) => {
    output(call, 0).storage.fill(0);
  },
  OnesLike: (call) => {
    output(call, 0).storage.fill(1);
  },
  BroadcastTo: (call) => {
    const x = input(call, 0);
    const out = output(call, 0);
    broadcastCopy(x.storage, x.shape, out.storage, out.shape);
  },
} satisfies KernelTable;
