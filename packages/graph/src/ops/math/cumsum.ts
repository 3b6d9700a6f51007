import { defineOp } from '../../op-def.js';
import { formatShapeList } from '../../shape.js';
import type { Tensor } from '../../tensor.js';
import { apply, convertToTensor, graphOf, type TensorLike } from '../build.js';
import { NUMERIC } from './elementwise.js';
import { tfAttr } from '../../interop/export-attr.js';

export interface CumsumAttrs {
  /** Each output excludes its own element: `[a, b, c]` → `[0, a, a + b]`. */
  exclusive: boolean;
  /** Sums from the end: `[a, b, c]` → `[a + b + c, b + c, c]`. */
  reverse: boolean;
}

/**
 * Running sums along `axis` (TF's `Cumsum`); `axis` is a scalar host input. The shape is the
 * input's. TF's gradient is the cumsum of the gradient in the other direction.
 */
export const Cumsum = defineOp<CumsumAttrs, 'Cumsum'>({
  type: 'Cumsum',
  tf: {
    attrs: (a) => ({ exclusive: a.bool('exclusive', false), reverse: a.bool('reverse', false) }),
    exportAttrs: (a) => ({ exclusive: tfAttr.bool(a.exclusive), reverse: tfAttr.bool(a.reverse) }),
    typeAttrs: { T: 'x', Tidx: 'axis' },
  },
  inputs: ['x', 'axis'],
  inputDTypes: { x: NUMERIC, axis: ['int32'] },
  hostInputs: [1],
  infer: (ctx) => {
    const [x, axis] = ctx.inputs;
    if (axis!.shape !== null && axis!.shape.length !== 0) ctx.fail(`ScanOp: axis must be a scalar, not ${formatShapeList(axis!.shape)}`);
    const value = ctx.value(1);
    if (value && x!.shape !== null) {
      const rank = x!.shape.length;
      const a = value[0]!;
      if (a < -rank || a >= rank) ctx.fail(`ScanOp: Expected scan axis in the range [${-rank}, ${rank}), but got ${a}`);
    }
    return [{ dtype: x!.dtype, shape: x!.shape }];
  },
  gradient: (op, [dy]) => {
    if (!dy) return [undefined, undefined];
    const { exclusive, reverse } = op.attrs as unknown as CumsumAttrs;
    return [cumsum(dy, op.inputs[1]!, exclusive, !reverse), undefined];
  },
});

/** `tf.cumsum(x, axis = 0, exclusive = false, reverse = false)`. int32 sums wrap. */
export function cumsum(x: TensorLike, axis: number | Tensor = 0, exclusive = false, reverse = false, name = 'Cumsum'): Tensor {
  const t = convertToTensor(x);
  return apply(Cumsum, [t, convertToTensor(axis, 'int32', graphOf([t]))], { exclusive, reverse }, name);
}
