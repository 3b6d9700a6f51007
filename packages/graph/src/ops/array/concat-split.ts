import { ValueError } from '../../errors.js';
import { defineOp, type InferContext } from '../../op-def.js';
import { formatShapeList, type Dim, type PartialShape, wrapAxis } from '../../shape.js';
import { Tensor } from '../../tensor.js';
import { checkInputsOf, convertAll, convertToTensor, createOp, graphOf, type TensorLike } from '../build.js';
import { add } from '../math/arithmetic.js';
import { less } from '../math/compare.js';
import { identity } from './identity.js';
import { constInts, hostInts, intConst, intInput, scalarInt, unknownDims } from './array-util.js';
import { zerosLike } from './fill.js';
import { gather } from './gather.js';
import { stack } from './pack.js';
import { where } from './select.js';
import { rank as rankOf, shape as shapeOf } from './shape.js';
import { tfAttr } from '../../interop/export-attr.js';
import { checkOutputCount } from '../../validate/limits.js';

// ---- ConcatV2 --------------------------------------------------------------------------------

/** Static rank of the first input whose rank is known. */
function knownRank(shapes: readonly PartialShape[]): number | null {
  for (const s of shapes) if (s !== null) return s.length;
  return null;
}

/** Joins N tensors along `axis` (TF's `ConcatV2`: the values, then the axis, a host input). */
export const ConcatV2 = defineOp({
  type: 'ConcatV2',
  tf: { typeAttrs: { T: 'values', Tidx: 'axis' }, numberAttrs: { N: 'values' } },
  inputs: ['values', 'axis'],
  variadic: true,
  inputDTypes: { axis: ['int32'] },
  sameDTypeInputs: [['values']],
  hostInputs: [-1],
  infer: (ctx) => {
    const n = ctx.inputs.length - 1;
    if (n < 1) ctx.fail('ConcatV2 needs at least one value and an axis');
    const values = ctx.inputs.slice(0, n);
    const axisShape = ctx.inputs[n]!.shape;
    if (axisShape !== null && axisShape.length !== 0) ctx.fail(`Shape must be rank 0 but is rank ${axisShape.length}`);
    const dtype = values[0]!.dtype;
    const shapes = values.map((v) => v.shape);
    const rank = knownRank(shapes);
    const axisValue = ctx.value(n)?.[0];
    if (rank === null) return [{ dtype, shape: null }];
    if (rank === 0) ctx.fail("ConcatOp : Can't concatenate scalars (use tf.stack instead)");
    shapes.forEach((s, i) => {
      if (s !== null && s.length !== rank) {
        ctx.fail(
          `ConcatOp : Ranks of all input tensors should match: shape[0] = ${formatShapeList(shapes[0]!)} vs. shape[${i}] = ${formatShapeList(s)}`,
        );
      }
    });
    if (axisValue === undefined) return [{ dtype, shape: unknownDims(rank) }];
    if (axisValue < -rank || axisValue >= rank) {
      ctx.fail(`ConcatOp : Expected concatenating dimensions in the range [${-rank}, ${rank}), but got ${axisValue}`);
    }
    const axis = wrapAxis(axisValue, rank);
    const out: Dim[] = new Array<Dim>(rank).fill(null);
    let total: number | null = 0;
    let first = -1;
    shapes.forEach((s, i) => {
      if (s === null) {
        total = null;
        return;
      }
      total = total === null || s[axis] === null ? null : total + s[axis]!;
      for (let d = 0; d < rank; d++) {
        if (d === axis || s[d] === null) continue;
        if (out[d] !== null && out[d] !== s[d]) {
          ctx.fail(
            `ConcatOp : Dimensions of inputs should match: shape[${first}] = ${formatShapeList(shapes[first]!)} vs. shape[${i}] = ${formatShapeList(s)}`,
          );
        }
        out[d] = s[d]!;
      }
      if (first < 0) first = i;
    });
    out[axis] = total;
    return [{ dtype, shape: out }];
  },
  // TF's `_ConcatGradV2`, with SplitV instead of ConcatOffset + Slice: each value gets the part of
  // dy at its offset along the axis.
  gradient: (op, [dy]) => {
    const values = op.inputs.slice(0, -1);
    const axis = op.inputs[op.inputs.length - 1]!;
    if (!dy) return op.inputs.map(() => undefined);
    return [...splitV(dy, concatSizes(values, axis, dy), axis, values.length), undefined];
  },
});

/** The sizes of `values` along `axis`: constants when statically known, else Shape ops. */
function concatSizes(values: readonly Tensor[], axis: Tensor, like: Tensor): Tensor {
  const axisValue = constInts(axis)?.[0];
  const rank = knownRank(values.map((v) => v.shape)) ?? like.shape?.length ?? null;
  if (axisValue !== undefined && rank !== null) {
    const a = wrapAxis(axisValue, rank);
    const dims = values.map((v) => v.shape?.[a] ?? null);
    if (dims.every((d) => d !== null)) return intConst(dims as number[], like);
    const axisTensor = intConst(a, like);
    return stack(values.map((v) => gather(shapeOf(v), axisTensor)));
  }
  // A run-time axis may be negative: wrap it by the rank first.
  const r = rankOf(like);
  const wrapped = where(less(axis, intConst(0, like)), add(axis, r), axis);
  return stack(values.map((v) => gather(shapeOf(v), wrapped)));
}

/** `tf.concat(values, axis)`; a single value is returned through an Identity, as in TF. */
export function concat(values: readonly TensorLike[], axis: number | Tensor, name = 'concat'): Tensor {
  const graph = graphOf([...values, axis]);
  const tensors = convertAll(values, graph);
  if (tensors.length === 0) throw new ValueError('concat needs at least one value');
  if (tensors.length === 1) {
    return graph.nameScope(name, (scope) => {
      const axisTensor = intInput(axis, [tensors[0]!]);
      // No ConcatV2 is built, but TF still converts the axis to int32: ConcatV2's own check.
      checkInputsOf(ConcatV2, [tensors[0]!, axisTensor]);
      if (axisTensor.shape !== null && axisTensor.shape.length !== 0) throw new ValueError('axis must be a scalar');
      return identity(tensors[0]!, scope);
    });
  }
  const axisTensor = intInput(axis, tensors);
  return createOp(ConcatV2, [...tensors, axisTensor], {}, name).outputs[0]!;
}

// ---- Split, SplitV ---------------------------------------------------------------------------

export interface SplitAttrs {
  numSplit: number;
}

const splitToTf = (a: SplitAttrs) => ({ num_split: tfAttr.int(a.numSplit) });

/** The split axis normalised into `[0, rank)`, or TF's Split kernel message. */
function splitAxis(ctx: InferContext<object>, axis: number, rank: number): number {
  if (axis < -rank || axis >= rank) ctx.fail(`-input rank(-${rank}) <= split_dim < input rank (${rank}), but got ${axis}`);
  return wrapAxis(axis, rank);
}

function checkNumSplit(ctx: InferContext<SplitAttrs>): number {
  const n = ctx.attrs.numSplit;
  if (!Number.isInteger(n) || n < 1) ctx.fail(`Value for attr 'num_split' of ${n} must be at least minimum 1`);
  checkOutputCount(n, 'num_split', ctx.opName, ctx.opType);
  return n;
}

/** Splits `value` into `num_split` equal parts along `split_dim` (TF's `Split`: the axis comes first). */
export const Split = defineOp<SplitAttrs, 'Split'>({
  type: 'Split',
  tf: { attrs: (a) => ({ numSplit: a.int('num_split') }), exportAttrs: splitToTf, typeAttrs: { T: 'value' } },
  inputs: ['split_dim', 'value'],
  inputDTypes: { split_dim: ['int32'] },
  hostInputs: [0],
  infer: (ctx) => {
    const n = checkNumSplit(ctx);
    const axisValue = scalarInt(ctx, 0, 'split_dim');
    const x = ctx.inputs[1]!;
    const same = (shape: PartialShape) => new Array(n).fill({ dtype: x.dtype, shape });
    if (x.shape === null) return same(null);
    if (axisValue === undefined) return same(unknownDims(x.shape.length));
    const axis = splitAxis(ctx, axisValue, x.shape.length);
    const d = x.shape[axis]!;
    if (d !== null && d % n !== 0) {
      ctx.fail(
        `Number of ways to split should evenly divide the split dimension, but got split_dim ${axisValue} (size = ${d}) and num_split ${n}`,
      );
    }
    return same(x.shape.map((dim, i) => (i === axis ? (dim === null ? null : dim / n) : dim)));
  },
  // TF's `_SplitGrad`: concatenate the gradients (zeros for outputs that got none).
  gradient: (op, grads) => [undefined, concat(fillMissing(op.outputs, grads), op.inputs[0]!)],
});

/** Splits `value` into parts of `size_splits` (one may be -1: the rest) along `split_dim` (TF's `SplitV`). */
export const SplitV = defineOp<SplitAttrs, 'SplitV'>({
  type: 'SplitV',
  tf: { attrs: (a) => ({ numSplit: a.int('num_split') }), exportAttrs: splitToTf, typeAttrs: { T: 'value', Tlen: 'size_splits' } },
  inputs: ['value', 'size_splits', 'split_dim'],
  inputDTypes: { size_splits: ['int32'], split_dim: ['int32'] },
  hostInputs: [1, 2],
  infer: (ctx) => {
    const n = checkNumSplit(ctx);
    const x = ctx.inputs[0]!;
    const sizesShape = ctx.inputs[1]!.shape;
    if (sizesShape !== null && (sizesShape.length !== 1 || (sizesShape[0] !== null && sizesShape[0] !== n))) {
      ctx.fail(
        `size of the split_tensor must be 1-D and have the same elements as outputs got ${sizesShape.length} -D and ${sizesShape[0] ?? '?'} elements`,
      );
    }
    const axisValue = scalarInt(ctx, 2, 'split_dim');
    const sizes = hostInts(ctx, 1);
    if (x.shape === null) return new Array(n).fill({ dtype: x.dtype, shape: null });
    const rank = x.shape.length;
    if (axisValue === undefined || !sizes) return new Array(n).fill({ dtype: x.dtype, shape: unknownDims(rank) });
    const axis = splitAxis(ctx, axisValue, rank);
    const resolved = resolveSplitSizes(ctx, sizes, x.shape[axis]!);
    return resolved.map((s) => ({ dtype: x.dtype, shape: x.shape!.map((d, i) => (i === axis ? s : d)) }));
  },
  gradient: (op, grads) => [concat(fillMissing(op.outputs, grads), op.inputs[2]!), undefined, undefined],
});

/** SplitV's sizes with the one `-1` resolved, checked against the dimension (TF's kernel messages). */
function resolveSplitSizes(ctx: InferContext<object>, sizes: readonly number[], dim: number | null): Dim[] {
  let unknown = -1;
  let determined = 0;
  sizes.forEach((s, i) => {
    if (s === -1) {
      if (unknown !== -1) ctx.fail(`There can only be one -1 in the input.`);
      unknown = i;
    } else if (s < 0) {
      ctx.fail(`Split size at index ${i} must be >= 0. Got: ${s}`);
    } else {
      determined += s;
    }
  });
  if (dim !== null && ((unknown === -1 && determined !== dim) || (unknown >= 0 && determined > dim))) {
    ctx.fail(
      'Determined shape must either match input shape along split_dim exactly if fully specified, or be less than the size of ' +
        `the input along split_dim if not fully specified.  Got: ${determined}`,
    );
  }
  return sizes.map((s) => (s === -1 ? (dim === null ? null : dim - determined) : s));
}

function fillMissing(outputs: readonly Tensor[], grads: readonly (Tensor | undefined)[]): Tensor[] {
  return outputs.map((out, i) => grads[i] ?? zerosLike(out));
}

function splitVOp(value: Tensor, sizes: Tensor, axis: Tensor, num: number, name: string): Tensor[] {
  return [...createOp(SplitV, [value, sizes, axis], { numSplit: num }, name).outputs];
}

function splitV(value: Tensor, sizes: Tensor, axis: Tensor, num: number): Tensor[] {
  return splitVOp(value, sizes, axis, num, 'split');
}

/**
 * `tf.split(value, numOrSizeSplits, axis = 0, num?)`: a number gives that many equal parts
 * (`Split`); a list (or tensor) of sizes gives parts of those sizes, one of them may be -1
 * (`SplitV`; `num` is needed when the number of sizes is not static).
 */
export function split(
  value: TensorLike,
  numOrSizeSplits: number | readonly number[] | Tensor,
  axis: number | Tensor = 0,
  num?: number,
  name = 'split',
): Tensor[] {
  const t = convertToTensor(value);
  const axisTensor = intInput(axis, [t]);
  if (typeof numOrSizeSplits === 'number') {
    return [...createOp(Split, [axisTensor, t], { numSplit: numOrSizeSplits }, name).outputs];
  }
  const sizes = intInput(numOrSizeSplits as TensorLike, [t]);
  const count = num ?? (numOrSizeSplits instanceof Tensor ? (sizes.shape?.[0] ?? null) : numOrSizeSplits.length);
  if (count === null) throw new ValueError(`Cannot infer num from shape ${formatShapeList(sizes.shape)}`);
  return splitVOp(t, sizes, axisTensor, count, name);
}
