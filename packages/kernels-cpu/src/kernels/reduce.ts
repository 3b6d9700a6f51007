import type { TypedArray } from '@tf/graph';
import { columnSums } from './shared/column-sums.js';
import { FOLD_SPECS, foldInto, type FoldSpec } from './shared/reduce-fold.js';
import { forEachReductionRun, reductionAxisSet } from './shared/reduce-walk.js';
import type { CpuCall, CpuKernel, KernelTable } from './shared/types.js';
import { copyInto, input, output } from './shared/util.js';

/**
 * Sums `x` over `axes` into a float64 accumulator shaped like the output. float64 keeps float32
 * sums accurate and int32 sums exact.
 */
function sumInto(x: TypedArray, shape: readonly number[], axes: ReadonlySet<number>, acc: Float64Array): void {
  forEachReductionRun(shape, axes, acc.length, (px, ix, pa, ia, length) => {
    if (ia === 0) {
      // Reducing along the inner run (e.g. rows of a matrix): keep the running sum in a register.
      let s = 0;
      for (let j = 0; j < length; j++, px += ix) s += x[px]!;
      acc[pa]! += s;
    } else {
      for (let j = 0; j < length; j++, px += ix, pa += ia) acc[pa]! += x[px]!;
    }
  });
}

/**
 * The number of leading axes when `axes` are exactly the first few axes of a rank-`rank` tensor
 * and some axis is left (a bias gradient: every axis but the last), else 0.
 */
function leadingAxes(axes: ReadonlySet<number>, rank: number): number {
  if (axes.size >= rank) return 0;
  for (let i = 0; i < axes.size; i++) if (!axes.has(i)) return 0;
  return axes.size;
}

function reduceKernel(mean: boolean): CpuKernel {
  return (call: CpuCall) => {
    const x = input(call, 0);
    const out = output(call, 0).storage;
    const axes = reductionAxisSet(call, x);
    // Nothing to reduce: the output is the input (TF returns it unchanged, even for Mean).
    if (axes.size === 0) return copyInto(call, out, x.storage);
    let acc: Float64Array = new Float64Array(out.length);
    const leading = leadingAxes(axes, x.shape.length);
    if (x.storage.length === 0) {
      // no elements: the sums stay 0
    } else if (leading > 0 && out.length > 1) {
      acc = columnSums(x.storage, x.storage.length / out.length, out.length, acc);
    } else {
      sumInto(x.storage, x.shape, axes, acc);
    }
    if (!mean) {
      out.set(acc);
      return;
    }
    // Over zero elements this is 0/0: NaN for floats, and NaN stores as 0 in an Int32Array.
    const count = out.length === 0 ? 1 : x.storage.length / out.length;
    if (x.dtype === 'int32') for (let i = 0; i < out.length; i++) out[i] = Math.trunc(acc[i]! / count);
    else for (let i = 0; i < out.length; i++) out[i] = acc[i]! / count;
  };
}

/** Max, Min, Prod (numeric) and All, Any (bool): reductions that are not sums. */
function foldKernel(spec: FoldSpec): CpuKernel {
  return (call: CpuCall) => {
    const x = input(call, 0);
    const out = output(call, 0).storage;
    const axes = reductionAxisSet(call, x);
    if (axes.size === 0) return copyInto(call, out, x.storage);
    const acc = new Float64Array(out.length).fill(spec.init(x.dtype));
    if (x.storage.length > 0) foldInto(x.storage, x.shape, axes, acc, spec.fold(x.dtype));
    out.set(acc);
  };
}

export const reduceKernels = {
  Sum: reduceKernel(false),
  Mean: reduceKernel(true),
  Max: foldKernel(FOLD_SPECS.Max),
  Min: foldKernel(FOLD_SPECS.Min),
  Prod: foldKernel(FOLD_SPECS.Prod),
  All: foldKernel(FOLD_SPECS.All),
  Any: foldKernel(FOLD_SPECS.Any),
} satisfies KernelTable;
