import { product } from './shared/axis-offsets.js';
import type { CpuKernelFor, KernelTable } from './shared/types.js';
import { hostInput, input, output } from './shared/util.js';

/** The output viewed as [prefix, depth, suffix]; the indices as [prefix, suffix]. */
const oneHotKernel: CpuKernelFor<'OneHot'> = (call) => {
  const indices = input(call, 0);
  const out = output(call, 0);
  const depth = hostInput(call, 1)[0]!;
  const on = input(call, 2).storage[0]!;
  const off = input(call, 3).storage[0]!;
  const { axis } = call.attrs;
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

export const oneHotKernels = {
  OneHot: oneHotKernel,
} satisfies KernelTable;
