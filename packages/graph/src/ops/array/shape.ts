import { toTypedArray } from '../../dtype.js';
import { NDArray } from '../../ndarray.js';
import { defineOp } from '../../op-def.js';
import { isFullyDefined, sizeOf } from '../../shape.js';
import type { Tensor } from '../../tensor.js';
import { apply, convertToTensor, graphOf, type TensorLike } from '../build.js';
import { Const } from '../state/const.js';
import { tfAttr } from '../../interop/export-attr.js';

/** The shape of a tensor as an int32 vector (TF's `Shape`). */
export const Shape = defineOp({
  type: 'Shape',
  tf: { typeAttrs: { T: 'input' }, exportAttrs: () => ({ out_type: tfAttr.type('int32') }) },
  inputs: ['input'],
  readsOnlyShapes: true,
  infer: ({ inputs }) => [{ dtype: 'int32', shape: [inputs[0]!.shape === null ? null : inputs[0]!.shape.length] }],
  gradient: null,
});

/** The number of elements as an int32 scalar (TF's `Size`). */
export const Size = defineOp({
  type: 'Size',
  tf: { typeAttrs: { T: 'input' }, exportAttrs: () => ({ out_type: tfAttr.type('int32') }) },
  inputs: ['input'],
  readsOnlyShapes: true,
  infer: () => [{ dtype: 'int32', shape: [] }],
  gradient: null,
});

/** The rank as an int32 scalar (TF's `Rank`). */
export const Rank = defineOp({
  type: 'Rank',
  tf: { typeAttrs: { T: 'input' } },
  inputs: ['input'],
  readsOnlyShapes: true,
  infer: () => [{ dtype: 'int32', shape: [] }],
  gradient: null,
});

function constInt(x: Tensor, values: number[], shape: number[], name: string): Tensor {
  const value = new NDArray('int32', shape, toTypedArray('int32', values));
  return graphOf([x]).createOp(Const, [], { value, dtype: 'int32' }, name).outputs[0]!;
}

/** `tf.shape(x)`; folded to a constant when the static shape is fully known (TF's `optimize=True`). */
export function shape(x: TensorLike, name = 'Shape'): Tensor {
  const t = convertToTensor(x);
  if (isFullyDefined(t.shape)) return constInt(t, [...t.shape], [t.shape.length], name);
  return apply(Shape, [t], {}, name);
}

export function size(x: TensorLike, name = 'Size'): Tensor {
  const t = convertToTensor(x);
  if (isFullyDefined(t.shape)) return constInt(t, [sizeOf(t.shape)], [], name);
  return apply(Size, [t], {}, name);
}

export function rank(x: TensorLike, name = 'Rank'): Tensor {
  const t = convertToTensor(x);
  if (t.shape !== null) return constInt(t, [t.shape.length], [], name);
  return apply(Rank, [t], {}, name);
}
