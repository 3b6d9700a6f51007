import { defineOp } from '../../op-def.js';
import type { Tensor } from '../../tensor.js';
import { apply, convertAll, convertToTensor, graphOf, type TensorLike } from '../build.js';
import { mergeOrFail } from '../shape-checks.js';
import { zerosLike } from './fill.js';

/**
 * `t` where `condition` is true, else `e` (TF 1.x `Select`, no broadcasting): `t` and `e` have one
 * shape; `condition` is a scalar, that same shape, or a vector that picks whole rows.
 */
export const Select = defineOp({
  type: 'Select',
  tf: { typeAttrs: { T: 't' } },
  inputs: ['condition', 't', 'e'],
  fixedInputDTypes: { condition: 'bool' },
  sameDTypeInputs: [['t', 'e']],
  infer: (ctx) => {
    const [condition, t, e] = ctx.inputs;
    const data = mergeOrFail(ctx, t!.shape, e!.shape);
    const cond = condition!.shape;
    if (cond === null || data === null || cond.length === 0) return [{ dtype: t!.dtype, shape: data }];
    // TF's shape function: a vector condition matches the first dim of non-scalar data.
    if (cond.length === 1 && data.length > 0) {
      mergeOrFail(ctx, cond, [data[0]!]);
      return [{ dtype: t!.dtype, shape: data }];
    }
    return [{ dtype: t!.dtype, shape: mergeOrFail(ctx, data, cond) }];
  },
  // TF's `_SelectGrad`: the gradient flows to whichever branch was picked; the condition gets none.
  gradient: (op, [dy]) => {
    if (!dy) return [undefined, undefined, undefined];
    const condition = op.inputs[0]!;
    const zeros = zerosLike(dy);
    return [undefined, where(condition, dy, zeros), where(condition, zeros, dy)];
  },
});

/** `tf.where(condition, x, y)` (the three-argument form: TF 1.x's `Select`). */
export function where(condition: TensorLike, x: TensorLike, y: TensorLike, name = 'Select'): Tensor {
  const graph = graphOf([condition, x, y]);
  const cond = convertToTensor(condition, 'bool', graph);
  const [a, b] = convertAll([x, y], graph);
  return apply(Select, [cond, a!, b!], {}, name);
}
