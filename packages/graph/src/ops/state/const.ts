import { toTypedArray, type DType } from '../../dtype.js';
import { ValueError } from '../../errors.js';
import { getDefaultGraph } from '../../graph.js';
import { NDArray, type TensorValue } from '../../ndarray.js';
import { defineOp } from '../../op-def.js';
import { shapesEqual, sizeOf } from '../../shape.js';
import type { Tensor } from '../../tensor.js';
import { tfAttr } from '../../interop/export-attr.js';

/** A constant value held in the op's `value` attr (TF's `Const`). */
export const Const = defineOp<{ value: NDArray; dtype: DType }, 'Const'>({
  type: 'Const',
  tf: {
    attrs: (a) => ({ value: a.tensor('value'), dtype: a.dtype('dtype') }),
    exportAttrs: (a) => ({ value: tfAttr.tensor(a.value), dtype: tfAttr.type(a.value.dtype) }),
  },
  inputs: [],
  infer: ({ attrs }) => [{ dtype: attrs.value.dtype, shape: attrs.value.shape }],
  gradient: null,
});

/**
 * TF's `tf.constant(value, dtype, shape, name)`. A scalar with a `shape` fills that shape;
 * a number defaults to float32, booleans to bool.
 */
export function constant(value: TensorValue, dtype?: DType, shape?: readonly number[], name = 'Const'): Tensor {
  let array = NDArray.from(value, dtype);
  if (shape !== undefined && !shapesEqual(array.shape, shape)) {
    if (array.size === 1) {
      array = new NDArray(array.dtype, shape, toTypedArray(array.dtype, new Array(sizeOf(shape)).fill(array.data[0])));
    } else if (array.size === sizeOf(shape)) {
      array = array.reshape(shape);
    } else {
      throw new ValueError(`Expected ${sizeOf(shape)} elements for a constant of shape [${shape.join(',')}], got ${array.size}`);
    }
  }
  return getDefaultGraph().createOp(Const, [], { value: array, dtype: array.dtype }, name).outputs[0]!;
}
