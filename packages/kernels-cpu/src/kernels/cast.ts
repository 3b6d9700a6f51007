import type { CpuKernel, KernelTable } from './shared/types.js';
import { copyInto, input, output } from './shared/util.js';

/**
 * TF's Cast rules:
 * - to bool: `x != 0` (so NaN is true);
 * - from bool: 0 or 1, which the storage already holds;
 * - float → int32: truncate toward zero. Storing into an Int32Array applies ECMAScript ToInt32,
 *   which is exactly `Math.trunc(x) | 0` (NaN and ±Infinity give 0, out-of-range wraps);
 *   TF leaves out-of-range casts implementation-defined, so wrapping is as good as any;
 * - between float widths and int → float: the typed array store rounds as C does.
 */
const castKernel: CpuKernel = (call) => {
  const src = input(call, 0).storage;
  const out = output(call, 0);
  if (out.dtype === 'bool') {
    const dst = out.storage;
    for (let i = 0; i < dst.length; i++) dst[i] = src[i] !== 0 ? 1 : 0;
    return;
  }
  copyInto(call, out.storage, src);
};

export const castKernels = { Cast: castKernel } satisfies KernelTable;
