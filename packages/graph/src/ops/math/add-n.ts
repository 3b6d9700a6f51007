import { ValueError } from '../../errors.js';
import { defineOp } from '../../op-def.js';
import type { Tensor } from '../../tensor.js';
import { identity } from '../array/identity.js';
import { apply, convertAll, graphOf, type TensorLike } from '../build.js';
import { mergeOrFail } from '../shape-checks.js';
import { NUMERIC } from './elementwise.js';

/**
 * The sum of N ≥ 1 tensors of one dtype and one shape, no broadcasting (TF's `AddN`, a variadic
 * op). Gradient: the incoming gradient goes unchanged to every input (`_AddNGrad`).
 */
export const AddN = defineOp<object, 'AddN'>({
  type: 'AddN',
  tf: { typeAttrs: { T: 'inputs' }, numberAttrs: { N: 'inputs' } },
  inputs: ['inputs'],
  variadic: true,
  inputDTypes: { inputs: NUMERIC },
  sameDTypeInputs: [['inputs']],
  infer: (ctx) => {
    const [first, ...rest] = ctx.inputs;
    if (first === undefined) return ctx.fail("Value for attr 'N' of 0 must be at least minimum 1");
    let shape = first.shape;
    for (const x of rest) shape = mergeOrFail(ctx, shape, x.shape);
    return [{ dtype: first.dtype, shape }];
  },
  gradient: (op, [dy]) => op.inputs.map(() => dy),
});

/**
 * `tf.add_n(inputs)`: adds a list of tensors elementwise. As in TF, a single input comes back as
 * is (through an `Identity` when a name is given), so only two or more make an `AddN` op.
 */
export function addN(inputs: readonly TensorLike[], name?: string): Tensor {
  if (!Array.isArray(inputs) || inputs.length === 0) {
    throw new ValueError('inputs must be a list of at least one Tensor with the same dtype and shape');
  }
  const tensors = convertAll(inputs, graphOf(inputs));
  const dtypes = tensors.map((t) => t.dtype);
  if (dtypes.some((d) => d !== dtypes[0])) {
    throw new TypeError(`Tensors in list passed to 'inputs' of 'AddN' Op have types [${dtypes.join(', ')}] that don't all match.`);
  }
  if (tensors.length === 1) return name === undefined ? tensors[0]! : identity(tensors[0]!, name);
  return apply(AddN, tensors, {}, name ?? 'AddN');
}
