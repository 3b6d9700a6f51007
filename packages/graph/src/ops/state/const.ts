import { allocArray, type DType } from '../../dtype.js';
import { ValueError } from '../../errors.js';
import { getDefaultGraph } from '../../graph.js';
import { NDArray, toNDArray, type TensorValue } from '../../ndarray.js';
import { defineOp } from '../../op-def.js';
import { shapesEqual } from '../../shape.js';
import { makeShape } from '../../validate/args.js';
import { checkAllocation, elementCount } from '../../validate/limits.js';
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
export function constant(value: TensorValue, dtype?: DType, shape?: readonly number[] | null, name = 'Const'): Tensor {
  // The validation layer checks each argument: dtype (TF's `as_dtype`), shape (int32 dims), the
  // value (TF's conversion rules), and the size of a filled shape before allocating it.
  const dims = shape === undefined || shape === null ? undefined : makeShape(shape);
  let array = toNDArray(value, { dtype });
  if (dims !== undefined && !shapesEqual(array.shape, dims)) {
    const size = elementCount(dims);
    if (array.size === 1) {
      checkAllocation(dims, array.dtype);
      const data = allocArray(array.dtype, size);
      data.fill(array.data[0]!);
      array = new NDArray(array.dtype, dims, data);
    } else if (array.size === size) {
      array = array.reshape(dims);
    } else {
      throw new ValueError(`Expected ${size} elements for a constant of shape [${dims.join(',')}], got ${array.size}`);
    }
  }
  return getDefaultGraph().createOp(Const, [], { value: array, dtype: array.dtype }, name).outputs[0]!;
}
