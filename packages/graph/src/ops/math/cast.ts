import { isFloatDType, type DType } from '../../dtype.js';
import { defineOp } from '../../op-def.js';
import type { Tensor } from '../../tensor.js';
import { apply, convertToTensor, parseDType, type TensorLike } from '../build.js';
import { tfAttr } from '../../interop/export-attr.js';

/** Converts between dtypes (float→int truncates toward zero, nonzero→true for bool), TF's `Cast`. */
export const Cast = defineOp<{ DstT: DType }, 'Cast'>({
  type: 'Cast',
  tf: {
    attrs: (a) => ({ DstT: a.dtype('DstT') }),
    exportAttrs: (a) => ({ DstT: tfAttr.type(a.DstT), Truncate: tfAttr.bool(false) }),
    typeAttrs: { SrcT: 'x' },
  },
  inputs: ['x'],
  infer: ({ inputs, attrs }) => [{ dtype: attrs.DstT, shape: inputs[0]!.shape }],
  // Only float↔float casts carry a gradient, as in TF's `_CastGrad`.
  gradient: (op, [dy]) => {
    const source = op.inputs[0]!.dtype;
    if (!dy || !isFloatDType(source) || !isFloatDType(dy.dtype)) return [undefined];
    return [cast(dy, source)];
  },
});

export function cast(x: TensorLike, dtype: DType, name = 'Cast'): Tensor {
  const t = convertToTensor(x);
  const dst = parseDType(dtype);
  return apply(Cast, [t], { DstT: dst }, name);
}
