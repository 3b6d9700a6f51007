import { InvalidArgumentError } from '@tf/graph';
import { reductionAxes, stridesOf } from '@tf/graph/backend';
import { forEachRun, planStrided, type StridedRun } from './broadcast.js';
import type { CpuCall, CpuTensor } from './types.js';
import { hostInput } from './util.js';

/** The reduction axes of a Sum/Mean/Max/… call (host input 1), as a set; bad axes are InvalidArgument. */
export function reductionAxisSet(call: CpuCall, x: CpuTensor): Set<number> {
  return new Set(
    reductionAxes(hostInput(call, 1), x.shape.length, (message) => {
      throw new InvalidArgumentError(message, call.name);
    }),
  );
}

/**
 * Walks `x` (of `shape`) in order, reducing over `axes` into an accumulator of `accLength`
 * elements shaped like the output (keepDims only changes the shape, not the layout): the
 * accumulator index ignores reduced axes (stride 0 there). `visit` gets each run of x (operand 0)
 * with where it lands in the accumulator (operand 1); the accumulator stride is 0 when the run
 * lies along a reduced axis. Sum and the folds (Max, Prod, All, …) differ only in `visit`.
 */
export function forEachReductionRun(shape: readonly number[], axes: ReadonlySet<number>, accLength: number, visit: StridedRun): void {
  const accStrides: number[] = [];
  let stride = accLength;
  shape.forEach((d, i) => {
    if (axes.has(i)) accStrides.push(0);
    else accStrides.push((stride /= d));
  });
  forEachRun(planStrided(shape, [stridesOf(shape), accStrides]), visit);
}
