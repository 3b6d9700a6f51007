import { wrapAxis } from '../../shape.js';
import { defineOp } from '../../op-def.js';
import type { Tensor } from '../../tensor.js';
import { apply, convertToTensor, type TensorLike } from '../build.js';
import { hostInts, intInput, requireRank } from './array-util.js';

/** The axes of `ReverseV2` normalised to `[0, rank)`, with TF's kernel messages. */
export function reverseAxes(axes: readonly number[], rank: number, fail: (message: string) => never): Set<number> {
  const out = new Set<number>();
  axes.forEach((axis, i) => {
    const canonical = wrapAxis(axis, rank);
    if (!Number.isInteger(axis) || canonical < 0 || canonical >= rank) {
      fail(`'axis'[${i}] = ${axis} is out of valid range [0, ${rank - 1}]`);
    }
    if (out.has(canonical)) fail(`axis ${canonical} specified more than once.`);
    out.add(canonical);
  });
  return out;
}

/** Reverses the order of elements along each of `axis` (TF's `ReverseV2`). */
export const ReverseV2 = defineOp({
  type: 'ReverseV2',
  tf: { typeAttrs: { T: 'tensor', Tidx: 'axis' } },
  inputs: ['tensor', 'axis'],
  inputDTypes: { axis: ['int32'] },
  hostInputs: [1],
  infer: (ctx) => {
    const x = ctx.inputs[0]!;
    requireRank(ctx, 1, 1);
    const axes = hostInts(ctx, 1);
    if (axes && x.shape !== null) reverseAxes(axes, x.shape.length, ctx.fail);
    return [{ dtype: x.dtype, shape: x.shape }];
  },
  // TF's `_ReverseV2Grad`: reversing again along the same axes.
  gradient: (op, [dy]) => [dy && reverse(dy, op.inputs[1]!), undefined],
});

/** `tf.reverse(tensor, axis)`: `axis` is a list of axes (negative allowed). */
export function reverse(tensor: TensorLike, axis: number | readonly number[] | Tensor, name = 'ReverseV2'): Tensor {
  const t = convertToTensor(tensor);
  const axes = typeof axis === 'number' ? [axis] : axis;
  return apply(ReverseV2, [t, intInput(axes as TensorLike, [t])], {}, name);
}
