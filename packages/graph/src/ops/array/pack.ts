import { ValueError } from '../../errors.js';
import { defineOp } from '../../op-def.js';
import { formatShapeList, formatShapeTuple, mergeShapes, type PartialShape, wrapAxis } from '../../shape.js';
import type { Tensor } from '../../tensor.js';
import { convertAll, convertToTensor, createOp, graphOf, type TensorLike } from '../build.js';
import { zerosLike } from './fill.js';
import { tfAttr } from '../../interop/export-attr.js';
import { checkOptions } from '../../validate/args.js';
import { checkOutputCount } from '../../validate/limits.js';

export interface AxisAttrs {
  axis: number;
}

/** `axis` in `[-n, n)` mapped into `[0, n)`, with the message of TF's Pack/Unpack kernels. */
function packAxis(axis: number, n: number, fail: (message: string) => never): number {
  if (!Number.isInteger(axis) || axis < -n || axis >= n) fail(`axis = ${axis} not in [${-n}, ${n})`);
  return wrapAxis(axis, n);
}

/** Stacks N tensors of one shape into a tensor of rank + 1 along `axis` (TF's `Pack`). */
export const Pack = defineOp<AxisAttrs, 'Pack'>({
  type: 'Pack',
  tf: {
    attrs: (a) => ({ axis: a.int('axis', 0) }),
    exportAttrs: (a) => ({ axis: tfAttr.int(a.axis) }),
    typeAttrs: { T: 'values' },
    numberAttrs: { N: 'values' },
  },
  inputs: ['values'],
  variadic: true,
  sameDTypeInputs: [['values']],
  infer: (ctx) => {
    const values = ctx.inputs;
    if (values.length === 0) ctx.fail('Pack needs at least one input');
    const dtype = values[0]!.dtype;
    let shape: PartialShape = null;
    values.forEach((v, i) => {
      const merged = mergeShapes(shape, v.shape);
      if (merged === undefined) {
        return ctx.fail(
          `Shapes of all inputs must match: values[0].shape = ${formatShapeList(values[0]!.shape)} != values[${i}].shape = ${formatShapeList(v.shape)}`,
        );
      }
      shape = merged;
    });
    const known = shape as PartialShape;
    if (known === null) return [{ dtype, shape: null }];
    const axis = packAxis(ctx.attrs.axis, known.length + 1, ctx.fail);
    return [{ dtype, shape: [...known.slice(0, axis), values.length, ...known.slice(axis)] }];
  },
  // TF's `_PackGrad`: unstack the gradient along the same axis.
  gradient: (op, [dy]) => {
    if (!dy) return op.inputs.map(() => undefined);
    return unstack(dy, { num: op.inputs.length, axis: op.getAttr<number>('axis') });
  },
});

export interface UnpackAttrs {
  num: number;
  axis: number;
}

/** Splits a tensor into `num` tensors along `axis`, removing that axis (TF's `Unpack`). */
export const Unpack = defineOp<UnpackAttrs, 'Unpack'>({
  type: 'Unpack',
  tf: {
    attrs: (a) => ({ num: a.int('num'), axis: a.int('axis', 0) }),
    exportAttrs: (a) => ({ num: tfAttr.int(a.num), axis: tfAttr.int(a.axis) }),
    typeAttrs: { T: 'value' },
  },
  inputs: ['value'],
  infer: (ctx) => {
    const x = ctx.inputs[0]!;
    const { num } = ctx.attrs;
    if (!Number.isInteger(num) || num < 0) ctx.fail(`num must be a non-negative integer, got ${num}`);
    checkOutputCount(num, 'num', ctx.opName, ctx.opType);
    if (x.shape === null) return new Array(num).fill({ dtype: x.dtype, shape: null });
    if (x.shape.length === 0) ctx.fail('Input must be at least rank 1, got a scalar');
    const axis = packAxis(ctx.attrs.axis, x.shape.length, ctx.fail);
    const d = x.shape[axis]!;
    if (d !== null && d !== num) ctx.fail(`Input shape axis ${axis} must equal ${num}, got shape ${formatShapeList(x.shape)}`);
    const shape = x.shape.filter((_, i) => i !== axis);
    return new Array(num).fill({ dtype: x.dtype, shape });
  },
  // TF's `_UnpackGrad`: stack the gradients (zeros for outputs that got none).
  gradient: (op, grads) => {
    if (grads.every((g) => g === undefined)) return [undefined];
    const filled = grads.map((g, i) => g ?? zerosLike(op.outputs[i]!));
    return [stack(filled, op.getAttr<number>('axis'))];
  },
});

/** `tf.stack(values, axis = 0)`: N tensors of one shape into one of rank + 1. */
export function stack(values: readonly TensorLike[], axis = 0, name = 'stack'): Tensor {
  const graph = graphOf(values);
  const tensors = convertAll(values, graph);
  if (tensors.length === 0) throw new ValueError('stack needs at least one value');
  return createOp(Pack, tensors, { axis }, name).outputs[0]!;
}

export interface UnstackOptions {
  /** The number of outputs; inferred from the static shape when omitted. */
  num?: number;
  axis?: number;
  name?: string;
}

/** `tf.unstack(value, { num, axis = 0 })`: a list of tensors of rank - 1. */
export function unstack(value: TensorLike, options: UnstackOptions = {}): Tensor[] {
  checkOptions(options, 'unstack');
  const t = convertToTensor(value);
  const axis = options.axis ?? 0;
  let num = options.num;
  if (num === undefined) {
    if (t.shape === null) throw new ValueError(`Cannot infer num from shape ${formatShapeTuple(t.shape)}`);
    const rank = t.shape.length;
    if (axis < -rank || axis >= rank) throw new ValueError(`axis = ${axis} not in [${-rank}, ${rank})`);
    const d = t.shape[wrapAxis(axis, rank)]!;
    if (d === null) throw new ValueError(`Cannot infer num from shape ${formatShapeTuple(t.shape)}`);
    num = d;
  }
  return [...createOp(Unpack, [t], { num, axis }, options.name ?? 'unstack').outputs];
}
