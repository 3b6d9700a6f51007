import type { DType } from '../../dtype.js';
import { defineOp, type GradientFn, type InferContext, type OpDef, type OutputSpec } from '../../op-def.js';
import { isFullyDefined, type Dim, wrapAxis } from '../../shape.js';
import type { Tensor } from '../../tensor.js';
import { apply, checkInputsOf, constantOf, convertToTensor, graphOf, type TensorLike } from '../build.js';
import { broadcastTo, reducedShape } from '../array/broadcast.js';
import { reshape } from '../array/reshape.js';
import { rank, shape as shapeOf, size as sizeOfTensor } from '../array/shape.js';
import { range } from '../array/range.js';
import { cast } from './cast.js';
import { div } from './arithmetic.js';
import { NUMERIC } from './elementwise.js';
import { tfAttr } from '../../interop/export-attr.js';

/** Attributes of every reduction (`Sum`, `Mean`, `Max`, `Min`, `Prod`, `All`, `Any`): TF's `keep_dims`. */
export interface ReduceAttrs {
  keepDims: boolean;
}

/** Normalised, de-duplicated, sorted reduction axes; TF's error for out-of-range ones. */
export function reductionAxes(values: ArrayLike<number>, rank: number, fail: (m: string) => never): number[] {
  const axes = new Set<number>();
  for (const a of Array.from(values)) {
    if (a < -rank || a >= rank) fail(`Invalid reduction dimension ${a} for input with ${rank} dimensions`);
    axes.add(wrapAxis(a, rank));
  }
  return [...axes].sort((x, y) => x - y);
}

/** Shape rule shared by every reduction: the input's dtype, reduced axes dropped (or 1 with keepDims). */
export function inferReduce(ctx: InferContext<ReduceAttrs>): OutputSpec[] {
  const input = ctx.inputs[0];
  const value = ctx.value(1);
  const inShape = input!.shape;
  if (!value || inShape === null) {
    const shape = ctx.attrs.keepDims && inShape !== null ? inShape.map(() => null) : null;
    return [{ dtype: input!.dtype, shape }];
  }
  const axes = new Set(reductionAxes(value, inShape.length, ctx.fail));
  const out: Dim[] = [];
  inShape.forEach((d, i) => {
    if (!axes.has(i)) out.push(d);
    else if (ctx.attrs.keepDims) out.push(1);
  });
  return [{ dtype: input!.dtype, shape: out }];
}

/** `dy` broadcast back over the reduced axes of `x` (shared by Sum, Mean and Prod). */
export function spreadOverReduced(x: Tensor, axes: Tensor, dy: Tensor): Tensor {
  const xShape = shapeOf(x);
  return broadcastTo(reshape(dy, reducedShape(xShape, axes)), xShape);
}

/**
 * Defines a reduction (`Sum`, `Mean`, `Max`, `Min`, `Prod`, `All`, `Any`): TF's reduction op
 * signature, `input` of `dtypes` reduced over the int32 host input `reduction_indices`.
 */
export function defineReduction<T extends string>(type: T, dtypes: readonly DType[], gradient: GradientFn | null): OpDef<ReduceAttrs, T> {
  return defineOp<ReduceAttrs, T>({
    type,
    inputs: ['input', 'reduction_indices'],
    inputDTypes: { input: dtypes, reduction_indices: ['int32'] },
    hostInputs: [1],
    tf: {
      attrs: (a) => ({ keepDims: a.bool('keep_dims', false) }),
      exportAttrs: (a) => ({ keep_dims: tfAttr.bool(a.keepDims) }),
      // TF's All and Any take bool only: no type attr `T`.
      typeAttrs: dtypes.length === 1 && dtypes[0] === 'bool' ? { Tidx: 'reduction_indices' } : { T: 'input', Tidx: 'reduction_indices' },
    },
    infer: inferReduce,
    gradient,
  });
}

export const Sum = defineReduction('Sum', NUMERIC, (op, [dy]) => [dy && spreadOverReduced(op.inputs[0]!, op.inputs[1]!, dy), undefined]);

export const Mean = defineReduction('Mean', NUMERIC, (op, [dy]) => {
  if (!dy) return [undefined, undefined];
  const x = op.inputs[0]!;
  const y = op.outputs[0]!;
  const count =
    isFullyDefined(x.shape) && isFullyDefined(y.shape)
      ? constantOf(x.shape.reduce((a, b) => a * b, 1) / y.shape.reduce((a, b) => a * b, 1), dy.dtype, x)
      : cast(div(sizeOfTensor(x), sizeOfTensor(y)), dy.dtype);
  return [div(spreadOverReduced(x, op.inputs[1]!, dy), count), undefined];
});

/**
 * Shape rule of `ArgMax`/`ArgMin`: drops the scalar `dimension`; an empty dimension has no
 * answer, so TF rejects it (`InvalidArgumentError` at run time).
 */
export function inferArgReduce(ctx: InferContext<{ outputType: DType }>, type: string): OutputSpec[] {
  const [input] = ctx.inputs;
  const value = ctx.value(1);
  if (input!.shape === null) return [{ dtype: ctx.attrs.outputType, shape: null }];
  const rank = input!.shape.length;
  if (rank === 0) ctx.fail(`${type} needs an input of rank >= 1`);
  const dimShape = ctx.inputs[1]!.shape;
  if (dimShape !== null && dimShape.length !== 0) ctx.fail(`dimension must be a scalar, got shape [${dimShape.join(',')}]`);
  if (!value) return [{ dtype: ctx.attrs.outputType, shape: new Array<Dim>(rank - 1).fill(null) }];
  const [axis] = reductionAxes([value[0]!], rank, (m) => ctx.fail(m.replace('reduction dimension', 'dimension')));
  if (input!.shape[axis!] === 0) ctx.fail(`Reduction axis ${axis} is empty in shape`);
  return [{ dtype: ctx.attrs.outputType, shape: input!.shape.filter((_, i) => i !== axis) }];
}

/** Defines `ArgMax`/`ArgMin`: NotDifferentiable, `dimension` a scalar int32 host input. */
export function defineArgReduction<T extends string>(type: T): OpDef<{ outputType: DType }, T> {
  return defineOp<{ outputType: DType }, T>({
    type,
    // An empty reduction axis (a shape known only at run time).
    refusesValues: true,
    inputs: ['input', 'dimension'],
    inputDTypes: { input: NUMERIC, dimension: ['int32'] },
    hostInputs: [1],
    // TF's default output_type is int64, which reads as int32 here (interop/tf-dtype.ts).
    tf: {
      attrs: (a) => ({ outputType: a.dtype('output_type', 'int32') }),
      exportAttrs: (a) => ({ output_type: tfAttr.type(a.outputType) }),
      typeAttrs: { T: 'input', Tidx: 'dimension' },
    },
    infer: (ctx) => inferArgReduce(ctx, type),
    gradient: null,
  });
}

/** The index of the largest value along `dimension` (TF's `ArgMax`; int32 output, TF defaults to int64). */
export const ArgMax = defineArgReduction('ArgMax');

/** Reduction axes as builders take them: one axis, a list, or an int32 tensor. */
export type Axis = number | readonly number[] | Tensor;

/**
 * Builds a reduction: converts `x`, turns `axis` into an int32 tensor (every axis when omitted)
 * and creates the op. Shared by every `reduce*` builder.
 */
export function reduceWith(def: OpDef<ReduceAttrs>, x: TensorLike, axis: Axis | undefined | null, keepDims: boolean, name: string): Tensor {
  const t = convertToTensor(x);
  // The op's dtype check, run before the all-axes case below may fail on an unknown rank: a bad
  // dtype is reported first.
  checkInputsOf(def, [t]);
  let axes: Tensor;
  if (axis === undefined || axis === null) {
    // TF's `_ReductionDims`: every axis, a constant when the rank is known, else `range(0, rank(x))`.
    axes =
      t.shape === null
        ? graphOf([t]).asDefault(() => range(0, rank(t), 1))
        : convertToTensor(
            t.shape.map((_, i) => i),
            'int32',
            graphOf([t]),
          );
  } else {
    axes = convertToTensor(typeof axis === 'number' ? axis : (axis as TensorLike), 'int32', graphOf([t]));
  }
  return apply(def, [t, axes], { keepDims }, name);
}

/** `tf.reduceSum(x, axis?, keepDims?)`; no axis sums everything. */
export function reduceSum(x: TensorLike, axis?: Axis | null, keepDims = false, name = 'Sum'): Tensor {
  return reduceWith(Sum, x, axis, keepDims, name);
}

/** `tf.reduceMean(x, axis?, keepDims?)`. */
export function reduceMean(x: TensorLike, axis?: Axis | null, keepDims = false, name = 'Mean'): Tensor {
  return reduceWith(Mean, x, axis, keepDims, name);
}

/** Builds an `ArgMax`/`ArgMin` with int32 output (shared by `argmax` and `argmin`). */
export function argReduceWith(def: OpDef<{ outputType: DType }>, x: TensorLike, axis: number | Tensor, name: string): Tensor {
  const t = convertToTensor(x);
  return apply(def, [t, convertToTensor(axis, 'int32', graphOf([t]))], { outputType: 'int32' }, name);
}

/** `tf.argmax(x, axis)`: int32 indices of the maxima along `axis`. */
export function argmax(x: TensorLike, axis: number | Tensor = 0, name = 'ArgMax'): Tensor {
  return argReduceWith(ArgMax, x, axis, name);
}
