import { InvalidArgumentError } from '@tf/graph';
import { sizeOf } from '@tf/graph/backend';
import type { CpuKernel, KernelTable } from './shared/types.js';
import { hostInput, input, normalizeKernelAxis, output } from './shared/util.js';

/**
 * Index of the largest (`better = >`) or smallest (`<`) value along an axis, as int32. Ties give
 * the first index; a NaN wins outright (TF returns the NaN's index), so the first NaN found is
 * the answer.
 */
const argExtremum =
  (better: (v: number, best: number) => boolean): CpuKernel =>
  (call) => {
    const x = input(call, 0);
    const out = output(call, 0).storage;
    const data = x.storage;
    const axisValue = hostInput(call, 1)[0] ?? 0;
    const axis = normalizeKernelAxis(call, axisValue, x.shape.length);
    const n = x.shape[axis]!;
    if (n === 0 && out.length > 0) {
      throw new InvalidArgumentError(`Reduction axis ${axis} is empty in shape [${x.shape.join(',')}]`, call.name);
    }
    const inner = sizeOf(x.shape.slice(axis + 1));
    const outer = sizeOf(x.shape.slice(0, axis));
    for (let o = 0; o < outer; o++) {
      for (let i = 0; i < inner; i++) {
        const base = o * n * inner + i;
        let best = data[base]!;
        let bestIndex = 0;
        if (best === best) {
          for (let j = 1, p = base + inner; j < n; j++, p += inner) {
            const v = data[p]!;
            if (v !== v) {
              bestIndex = j;
              break;
            }
            if (better(v, best)) {
              best = v;
              bestIndex = j;
            }
          }
        }
        out[o * inner + i] = bestIndex;
      }
    }
  };

export const argMaxKernels = {
  ArgMax: argExtremum((v, best) => v > best),
  ArgMin: argExtremum((v, best) => v < best),
} satisfies KernelTable;
