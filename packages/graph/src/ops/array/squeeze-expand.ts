import { wrapAxis } from '../../shape.js';
import { defineOp } from '../../op-def.js';
import type { Dim } from '../../shape.js';
import type { Tensor } from '../../tensor.js';
import { apply, convertToTensor, type TensorLike } from '../build.js';
import { intInput, unknownDims } from './array-util.js';
import { reshape } from './reshape.js';
import { shape as shapeOf } from './shape.js';
import { tfAttr } from '../../interop/export-attr.js';

export interface SqueezeAttrs {
  /** Axes to remove (each must have size 1); empty removes every size-1 axis. */
  squeezeDims: readonly number[];
}

/** Removes size-1 dimensions (TF's `Squeeze`); the data does not move. */
export const Squeeze = defineOp<SqueezeAttrs, 'Squeeze'>({
  type: 'Squeeze',
  tf: {
    attrs: (a) => ({ squeezeDims: a.ints('squeeze_dims', []) }),
    exportAttrs: (a) => ({ squeeze_dims: tfAttr.ints(a.squeezeDims) }),
    typeAttrs: { T: 'input' },
  },
  inputs: ['input'],
  forwards: [[0, 0]],
  infer: (ctx) => {
    const input = ctx.inputs[0]!;
    const shape = input.shape;
    if (shape === null) return [{ dtype: input.dtype, shape: null }];
    const rank = shape.length;
    const wanted = new Set<number>();
    for (const d of ctx.attrs.squeezeDims) {
      if (!Number.isInteger(d) || d < -rank || d >= rank) ctx.fail(`Tried to squeeze dim index ${d} for tensor with ${rank} dimensions.`);
      wanted.add(wrapAxis(d, rank));
    }
    const out: Dim[] = [];
    for (let i = 0; i < rank; i++) {
      const d = shape[i]!;
      if (wanted.size === 0) {
        // Without explicit axes an unknown dim may or may not be 1: TF gives up on the shape.
        if (d === null) return [{ dtype: input.dtype, shape: null }];
        if (d !== 1) out.push(d);
      } else if (wanted.has(i)) {
        if (d !== null && d !== 1) ctx.fail(`Can not squeeze dim[${i}], expected a dimension of 1, got ${d}`);
      } else {
        out.push(d);
      }
    }
    return [{ dtype: input.dtype, shape: out }];
  },
  gradient: (op, [dy]) => [dy && reshape(dy, shapeOf(op.inputs[0]!))],
});

/** Inserts a size-1 dimension at `dim`, which may be negative (TF's `ExpandDims`). */
export const ExpandDims = defineOp({
  type: 'ExpandDims',
  tf: { typeAttrs: { T: 'input', Tdim: 'dim' } },
  inputs: ['input', 'dim'],
  inputDTypes: { dim: ['int32'] },
  hostInputs: [1],
  forwards: [[0, 0]],
  infer: (ctx) => {
    const input = ctx.inputs[0]!;
    const value = ctx.value(1);
    if (value && value.length !== 1) ctx.fail("'dim' must be a tensor with a single value");
    const dim = value?.[0];
    const shape = input.shape;
    if (shape === null) return [{ dtype: input.dtype, shape: null }];
    const rank = shape.length;
    if (dim === undefined) return [{ dtype: input.dtype, shape: unknownDims(rank + 1) }];
    if (dim < -1 - rank || dim > rank) ctx.fail(`Tried to expand dim index ${dim} for tensor with ${rank} dimensions.`);
    const at = wrapAxis(dim, rank + 1);
    return [{ dtype: input.dtype, shape: [...shape.slice(0, at), 1, ...shape.slice(at)] }];
  },
  gradient: (op, [dy]) => [dy && reshape(dy, shapeOf(op.inputs[0]!)), undefined],
});

/** `tf.squeeze(input, axis?)`: without `axis`, every size-1 dimension goes. */
export function squeeze(input: TensorLike, axis?: number | readonly number[], name = 'Squeeze'): Tensor {
  // TF: None is every size-1 dim; a scalar is a list of one (checked as an int by the attr check).
  const squeezeDims = axis === undefined || axis === null ? [] : Array.isArray(axis) ? [...axis] : [axis as number];
  return apply(Squeeze, [convertToTensor(input)], { squeezeDims }, name);
}

/** `tf.expandDims(input, axis)`: a size-1 dimension at `axis` (in `[-rank-1, rank]`). */
export function expandDims(input: TensorLike, axis: number | Tensor, name = 'ExpandDims'): Tensor {
  const t = convertToTensor(input);
  return apply(ExpandDims, [t, intInput(axis, [t])], {}, name);
}
