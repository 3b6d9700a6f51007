import { tfDTypeName, tfEnumName, type DType } from '../../dtype.js';
import { InvalidArgumentError, ValueError } from '../../errors.js';
import { getDefaultGraph } from '../../graph.js';
import { defineOp } from '../../op-def.js';
import { formatShapeList, mergeShapes, normalizeShape, type PartialShape } from '../../shape.js';
import type { Tensor } from '../../tensor.js';
import { apply, convertToTensor, type TensorLike } from '../build.js';
import { tfAttr } from '../../interop/export-attr.js';
import { makeDType } from '../../validate/args.js';

export interface PlaceholderAttrs {
  dtype: DType;
  shape: PartialShape;
}

/** A value that must be fed (TF's `Placeholder`); running it unfed raises TF's message. */
export const Placeholder = defineOp<PlaceholderAttrs, 'Placeholder'>({
  type: 'Placeholder',
  // TF's default shape is unknown (`unknown_rank`).
  tf: {
    attrs: (a) => ({ dtype: a.dtype('dtype'), shape: a.shape('shape', null) }),
    exportAttrs: (a) => ({ dtype: tfAttr.type(a.dtype), shape: tfAttr.shape(a.shape) }),
  },
  inputs: [],
  infer: ({ attrs }) => [{ dtype: attrs.dtype, shape: attrs.shape }],
  unfedError: (op) => {
    const { dtype, shape } = op.attrs as unknown as PlaceholderAttrs;
    const shapeText = shape === null ? '' : ` and shape ${formatShapeList(shape)}`;
    const shapeAttr = shape === null ? 'unknown_rank=true' : formatShapeList(shape);
    return new InvalidArgumentError(
      `You must feed a value for placeholder tensor '${op.name}' with dtype ${tfDTypeName(dtype)}${shapeText}\n` +
        `\t [[Node: ${op.name} = Placeholder[dtype=${tfEnumName(dtype)}, shape=${shapeAttr}]()]]`,
      op.name,
    );
  },
});

/** Passes its input through unless fed (TF's `PlaceholderWithDefault`). */
export const PlaceholderWithDefault = defineOp<PlaceholderAttrs, 'PlaceholderWithDefault'>({
  type: 'PlaceholderWithDefault',
  tf: {
    attrs: (a) => ({ dtype: a.dtype('dtype'), shape: a.shape('shape') }),
    exportAttrs: (a) => ({ shape: tfAttr.shape(a.shape) }),
    typeAttrs: { dtype: 'input' },
  },
  inputs: ['input'],
  infer: ({ inputs, attrs, fail, atRunTime }) => {
    const merged = mergeShapes(inputs[0]!.shape, attrs.shape);
    if (merged === undefined) return fail('Default value is not compatible with the placeholder shape');
    // At run time the input is concrete, so the merged shape is too. The static shape is the
    // declared one (TF), so a feed of another size than the default's is accepted.
    return [{ dtype: attrs.dtype, shape: atRunTime ? merged : attrs.shape }];
  },
  forwards: [[0, 0]],
  gradient: null,
});

/** `tf.placeholder(dtype, shape?, name?)`: `shape` `[null, 784]` leaves the batch dimension open. */
export function placeholder(dtype: DType, shape?: readonly (number | null)[] | null, name = 'Placeholder'): Tensor {
  return getDefaultGraph().createOp(Placeholder, [], { dtype: makeDType(dtype), shape: normalizeShape(shape) }, name).outputs[0]!;
}

/** `tf.placeholderWithDefault(input, shape, name?)`: the default is used when nothing is fed. */
export function placeholderWithDefault(
  input: TensorLike,
  shape: readonly (number | null)[] | null,
  name = 'PlaceholderWithDefault',
): Tensor {
  const value = convertToTensor(input);
  const static_ = normalizeShape(shape);
  if (mergeShapes(value.shape, static_) === undefined) {
    throw new ValueError(`Default value of shape ${formatShapeList(value.shape)} is not compatible with shape ${formatShapeList(static_)}`);
  }
  return apply(PlaceholderWithDefault, [value], { dtype: value.dtype, shape: static_ }, name);
}
