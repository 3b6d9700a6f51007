import { sizeOf } from '@tf/graph/backend';
import type { CpuKernelFor, KernelTable } from './shared/types.js';
import { hostInput, input, normalizeKernelAxis, output } from './shared/util.js';

/**
 * Running sums along one axis, viewed as `[outer, n, inner]`. Each of the `outer × inner` lines
 * is walked forwards (or backwards for `reverse`), writing the sum before (`exclusive`) or after
 * adding each element. Floats accumulate in float64; int32 sums wrap like TF's C++ kernel.
 */
const cumsum: CpuKernelFor<'Cumsum'> = (call) => {
  const { exclusive, reverse } = call.attrs;
  const x = input(call, 0);
  const out = output(call, 0).storage;
  const data = x.storage;
  const axis = normalizeKernelAxis(call, hostInput(call, 1)[0] ?? 0, x.shape.length);
  const n = x.shape[axis]!;
  const inner = sizeOf(x.shape.slice(axis + 1));
  const outer = sizeOf(x.shape.slice(0, axis));
  const wrap = x.dtype === 'int32';
  const step = reverse ? -inner : inner;
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      let p = o * n * inner + i + (reverse ? (n - 1) * inner : 0);
      let sum = 0;
      for (let j = 0; j < n; j++, p += step) {
        const v = data[p]!;
        if (exclusive) {
          out[p] = sum;
          sum = wrap ? (sum + v) | 0 : sum + v;
        } else {
          sum = wrap ? (sum + v) | 0 : sum + v;
          out[p] = sum;
        }
      }
    }
  }
};

export const cumsumKernels = { Cumsum: cumsum } satisfies KernelTable;
