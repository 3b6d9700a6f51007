import { InvalidArgumentError, reductionAxes, stridesOf, type TypedArray } from '@tf/graph';
import { planStrided } from './broadcast.js';
import type { CpuCall, CpuKernel, KernelTable } from './types.js';
import { copyInto, hostInput, input, output } from './util.js';

/**
 * Sums `x` over `axes` into a float64 accumulator shaped like the output (keepDims only changes
 * the shape, not the layout). float64 keeps float32 sums accurate and int32 sums exact.
 */
function sumInto(x: TypedArray, shape: readonly number[], axes: ReadonlySet<number>, acc: Float64Array): void {
  // Walk x in order; the accumulator index ignores reduced axes (stride 0 there).
  const accStrides: number[] = [];
  let stride = acc.length;
  shape.forEach((d, i) => {
    if (axes.has(i)) accStrides.push(0);
    else accStrides.push((stride /= d));
  });
  const plan = planStrided(shape, [stridesOf(shape), accStrides]);
  const { dims } = plan;
  const sx = plan.strides[0]!;
  const sa = plan.strides[1]!;
  const rank = dims.length;
  if (rank === 0) {
    acc[0]! += x[0]!;
    return;
  }
  const inner = dims[rank - 1]!;
  const ix = sx[rank - 1]!;
  const ia = sa[rank - 1]!;
  const counter = new Array<number>(rank).fill(0);
  let offX = 0;
  let offA = 0;
  for (let done = 0; done < x.length; done += inner) {
    let px = offX;
    if (ia === 0) {
      // Reducing along the inner run (e.g. rows of a matrix): keep the running sum in a register.
      let s = 0;
      for (let j = 0; j < inner; j++, px += ix) s += x[px]!;
      acc[offA]! += s;
    } else {
      let pa = offA;
      for (let j = 0; j < inner; j++, px += ix, pa += ia) acc[pa]! += x[px]!;
    }
    for (let d = rank - 2; d >= 0; d--) {
      offX += sx[d]!;
      offA += sa[d]!;
      if (++counter[d]! < dims[d]!) break;
      counter[d] = 0;
      offX -= sx[d]! * dims[d]!;
      offA -= sa[d]! * dims[d]!;
    }
  }
}

function reduceKernel(mean: boolean): CpuKernel {
  return (call: CpuCall) => {
    const x = input(call, 0);
    const out = output(call, 0).storage;
    const rank = x.shape.length;
    const axes = new Set(
      reductionAxes(hostInput(call, 1), rank, (message) => {
        throw new InvalidArgumentError(message, call.name);
      }),
    );
    // Nothing to reduce: the output is the input (TF returns it unchanged, even for Mean).
    if (axes.size === 0) return copyInto(call, out, x.storage);
    const acc = new Float64Array(out.length);
    if (x.storage.length > 0) sumInto(x.storage, x.shape, axes, acc);
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

export const reduceKernels: KernelTable = {
  Sum: reduceKernel(false),
  Mean: reduceKernel(true),
};
