import { InvalidArgumentError } from '@tf/graph';
import { product } from './shared/axis-offsets.js';
import type { CpuKernelFor, KernelTable } from './shared/types.js';
import { hostInput, input, output } from './shared/util.js';

// DynamicStitch: N index tensors (host inputs) place the rows of N data tensors into one output.

/**
 * Rows written in input order, so a later index wins where indices repeat (TF's CPU kernel, which
 * is sequential). Rows no index names are 0. The shape function already checked the shapes and
 * that indices are ≥ 0 (the output has `max + 1` rows); the bounds check only guards the writes.
 */
const dynamicStitch: CpuKernelFor<'DynamicStitch'> = (call) => {
  const n = call.inputs.length / 2;
  const out = output(call, 0);
  const rows = out.shape[0]!;
  const rowSize = product(out.shape, 1);
  const dst = out.storage;
  dst.fill(0);
  for (let m = 0; m < n; m++) {
    const indices = hostInput(call, m);
    const src = input(call, n + m).storage;
    for (let j = 0; j < indices.length; j++) {
      const row = indices[j]!;
      if (row < 0 || row >= rows) throw new InvalidArgumentError(`indices[${m}][${j}] = ${row} is out of range [0, ${rows})`, call.name);
      if (rowSize === 1) dst[row] = src[j]!;
      else dst.set(src.subarray(j * rowSize, (j + 1) * rowSize), row * rowSize);
    }
  }
};

export const dynamicStitchKernels = { DynamicStitch: dynamicStitch } satisfies KernelTable;
