import { defineOp, type InferContext, type TfAttrReader } from '../../op-def.js';
import { formatShapeList, isFullyDefined, type Dim } from '../../shape.js';
import type { Tensor } from '../../tensor.js';
import { apply, convertToTensor, type TensorLike } from '../build.js';
import { sub } from '../math/arithmetic.js';
import { constInts, hostInts, intConst, intInput, unknownDims } from './array-util.js';
import { concat } from './concat-split.js';
import { onesLike } from './fill.js';
import { stack } from './pack.js';
import { pad } from './pad-tile.js';
import { reshape } from './reshape.js';
import { rank as rankOf, shape as shapeOf } from './shape.js';
import { stridedSliceSpec, type StridedSliceMasks } from './strided-slice-spec.js';
import { tfAttr } from '../../interop/export-attr.js';
import { checkOptions } from '../../validate/args.js';

// ---- Slice -----------------------------------------------------------------------------------

/** `size` elements from `begin` along each axis; a size of -1 takes the rest (TF's `Slice`). */
export const Slice = defineOp({
  type: 'Slice',
  tf: { typeAttrs: { T: 'input', Index: 'begin' } },
  inputs: ['input', 'begin', 'size'],
  inputDTypes: { begin: ['int32'], size: ['int32'] },
  hostInputs: [1, 2],
  infer: (ctx) => {
    const x = ctx.inputs[0]!;
    const [bShape, sShape] = [ctx.inputs[1]!.shape, ctx.inputs[2]!.shape];
    const rank = x.shape?.length ?? bShape?.[0] ?? sShape?.[0] ?? null;
    const lengthOk = (s: typeof bShape) => s === null || (s.length === 1 && (rank === null || s[0] === null || s[0] === rank));
    const bLen = bShape?.[0] ?? null;
    const sLen = sShape?.[0] ?? null;
    if (!lengthOk(bShape) || !lengthOk(sShape) || (bLen !== null && sLen !== null && bLen !== sLen)) {
      ctx.fail(
        `Expected begin and size arguments to be 1-D tensors of size ${rank ?? '?'}, but got shapes ${formatShapeList(bShape)} and ${formatShapeList(sShape)} instead.`,
      );
    }
    const begin = hostInts(ctx, 1);
    const size = hostInts(ctx, 2);
    if (!size) return [{ dtype: x.dtype, shape: unknownDims(rank) }];
    const shape = size.map((s, i): Dim => {
      const d = x.shape?.[i] ?? null;
      const b = begin?.[i];
      if (b !== undefined && (b < 0 || (d !== null && b > d))) ctx.fail(`Expected begin[${i}] in [0, ${d ?? '?'}], but got ${b}`);
      if (s === -1) return d === null || b === undefined ? null : d - b;
      if (s < 0 || (d !== null && b !== undefined && b + s > d))
        ctx.fail(`Expected size[${i}] in [0, ${d === null || b === undefined ? '?' : d - b}], but got ${s}`);
      return s;
    });
    return [{ dtype: x.dtype, shape }];
  },
  // TF's `_SliceGrad`: pad dy back with the elements before and after the slice.
  gradient: (op, [dy]) => {
    if (!dy) return [undefined, undefined, undefined];
    const [x, begin] = op.inputs as [Tensor, Tensor];
    const out = op.outputs[0]!;
    const beginValues = constInts(begin);
    if (beginValues && isFullyDefined(x.shape) && isFullyDefined(out.shape)) {
      const xs = x.shape;
      const os = out.shape;
      const paddings = beginValues.flatMap((b, i) => [b, xs[i]! - os[i]! - b]);
      return [pad(dy, intConst(paddings, dy, 'paddings', [xs.length, 2])), undefined, undefined];
    }
    const column = stack([rankOf(x), intConst(1, dy)]);
    const before = reshape(begin, column);
    const after = reshape(sub(sub(shapeOf(x), shapeOf(out)), begin), column);
    return [pad(dy, concat([before, after], 1)), undefined, undefined];
  },
});

/** `tf.slice(input, begin, size)`. */
export function slice(input: TensorLike, begin: TensorLike, size: TensorLike, name = 'Slice'): Tensor {
  const t = convertToTensor(input);
  return apply(Slice, [t, intInput(begin, [t]), intInput(size, [t])], {}, name);
}

// ---- StridedSlice, StridedSliceGrad ------------------------------------------------------------

export type MaskAttrs = StridedSliceMasks;

/** The five masks of a GraphDef's StridedSlice (TF's `begin_mask`, …; default 0). */
function masksFromTf(a: TfAttrReader): MaskAttrs {
  return {
    beginMask: a.int('begin_mask', 0),
    endMask: a.int('end_mask', 0),
    ellipsisMask: a.int('ellipsis_mask', 0),
    newAxisMask: a.int('new_axis_mask', 0),
    shrinkAxisMask: a.int('shrink_axis_mask', 0),
  };
}

/** The five masks as TF's attrs (written even when 0, as TF's Python wrapper writes them). */
function masksToTf(m: MaskAttrs) {
  return {
    begin_mask: tfAttr.int(m.beginMask),
    end_mask: tfAttr.int(m.endMask),
    ellipsis_mask: tfAttr.int(m.ellipsisMask),
    new_axis_mask: tfAttr.int(m.newAxisMask),
    shrink_axis_mask: tfAttr.int(m.shrinkAxisMask),
  };
}

/** Checks begin/end/strides are vectors of one length (TF's message; their dtypes are the definition's). */
function checkSliceVectors(ctx: InferContext<object>, first: number): void {
  const names = ['begin', 'end', 'strides'];
  const shapes = names.map((_, k) => ctx.inputs[first + k]!.shape);
  const lengths = shapes.map((s) => (s === null ? null : s.length === 1 ? s[0]! : -1));
  const known = lengths.filter((l): l is number => l !== null);
  if (known.includes(-1) || new Set(known).size > 1) {
    ctx.fail(
      `Expected begin, end, and strides to be 1D equal size tensors, but got shapes ${shapes
        .map(formatShapeList)
        .join(', ')
        .replace(/, ([^,]*)$/, ', and $1')} instead.`,
    );
  }
}

/** NumPy-style `input[begin:end:strides]` with TF's masks (TF's `StridedSlice`). */
export const StridedSlice = defineOp<MaskAttrs, 'StridedSlice'>({
  type: 'StridedSlice',
  tf: { attrs: masksFromTf, exportAttrs: masksToTf, typeAttrs: { T: 'input', Index: 'begin' } },
  inputs: ['input', 'begin', 'end', 'strides'],
  inputDTypes: { begin: ['int32'], end: ['int32'], strides: ['int32'] },
  hostInputs: [1, 2, 3],
  infer: (ctx) => {
    const x = ctx.inputs[0]!;
    checkSliceVectors(ctx, 1);
    const [begin, end, strides] = [1, 2, 3].map((i) => hostInts(ctx, i));
    if (x.shape === null || !begin || !end || !strides) return [{ dtype: x.dtype, shape: null }];
    return [{ dtype: x.dtype, shape: stridedSliceSpec(x.shape, begin, end, strides, ctx.attrs, ctx.fail).finalShape }];
  },
  // TF's `_StridedSliceGrad`: scatter dy into zeros shaped like the input.
  gradient: (op, [dy]) => {
    if (!dy) return [undefined, undefined, undefined, undefined];
    const [x, begin, end, strides] = op.inputs as [Tensor, Tensor, Tensor, Tensor];
    return [stridedSliceGrad(shapeOf(x), begin, end, strides, dy, masksOf(op)), undefined, undefined, undefined];
  },
});

/** StridedSlice's gradient: `dy` placed where the slice took its elements, zeros elsewhere. */
export const StridedSliceGrad = defineOp<MaskAttrs, 'StridedSliceGrad'>({
  type: 'StridedSliceGrad',
  tf: { attrs: masksFromTf, exportAttrs: masksToTf, typeAttrs: { T: 'dy', Index: 'shape' } },
  inputs: ['shape', 'begin', 'end', 'strides', 'dy'],
  inputDTypes: { shape: ['int32'], begin: ['int32'], end: ['int32'], strides: ['int32'] },
  hostInputs: [0, 1, 2, 3],
  infer: (ctx) => {
    const dy = ctx.inputs[4]!;
    checkSliceVectors(ctx, 1);
    const shape = hostInts(ctx, 0);
    const [begin, end, strides] = [1, 2, 3].map((i) => hostInts(ctx, i));
    if (!shape) return [{ dtype: dy.dtype, shape: unknownDims(ctx.inputs[0]!.shape?.[0]) }];
    if (begin && end && strides) {
      const expected = stridedSliceSpec(shape, begin, end, strides, ctx.attrs, ctx.fail).finalShape;
      const ok = dy.shape === null || (dy.shape.length === expected.length && dy.shape.every((d, i) => d === null || d === expected[i]));
      if (!ok) ctx.fail(`shape of dy was ${formatShapeList(dy.shape)} instead of ${formatShapeList(expected)}`);
    }
    return [{ dtype: dy.dtype, shape }];
  },
  gradient: (op, grads) => {
    const g = grads[0];
    if (!g) return op.inputs.map(() => undefined);
    const [, begin, end, strides] = op.inputs as [Tensor, Tensor, Tensor, Tensor];
    return [undefined, undefined, undefined, undefined, stridedSlice(g, begin, end, strides, masksOf(op))];
  },
});

function masksOf(op: { getAttr<T>(name: string): T }): MaskAttrs {
  return {
    beginMask: op.getAttr<number>('beginMask'),
    endMask: op.getAttr<number>('endMask'),
    ellipsisMask: op.getAttr<number>('ellipsisMask'),
    newAxisMask: op.getAttr<number>('newAxisMask'),
    shrinkAxisMask: op.getAttr<number>('shrinkAxisMask'),
  };
}

export interface StridedSliceOptions extends Partial<StridedSliceMasks> {
  name?: string;
}

/**
 * `tf.stridedSlice(input, begin, end, strides?, { beginMask, endMask, ellipsisMask, newAxisMask,
 * shrinkAxisMask })`: bit `i` of a mask applies to entry `i` of begin/end/strides. Strides default
 * to ones.
 */
export function stridedSlice(
  input: TensorLike,
  begin: TensorLike,
  end: TensorLike,
  strides?: TensorLike,
  options: StridedSliceOptions = {},
): Tensor {
  checkOptions(options, 'stridedSlice');
  const t = convertToTensor(input);
  const b = intInput(begin, [t]);
  const e = intInput(end, [t]);
  const s = strides === undefined ? onesLike(b) : intInput(strides, [t]);
  return apply(StridedSlice, [t, b, e, s], fullMasks(options), options.name ?? 'StridedSlice');
}

/** `StridedSliceGrad(shape, begin, end, strides, dy)` with the slice's masks. */
export function stridedSliceGrad(
  shape: TensorLike,
  begin: TensorLike,
  end: TensorLike,
  strides: TensorLike,
  dy: TensorLike,
  options: StridedSliceOptions = {},
): Tensor {
  checkOptions(options, 'stridedSliceGrad');
  const g = convertToTensor(dy);
  const ints = [shape, begin, end, strides].map((v) => intInput(v, [g]));
  return apply(StridedSliceGrad, [...ints, g], fullMasks(options), options.name ?? 'StridedSliceGrad');
}

function fullMasks(options: Partial<StridedSliceMasks>): MaskAttrs {
  return {
    beginMask: options.beginMask ?? 0,
    endMask: options.endMask ?? 0,
    ellipsisMask: options.ellipsisMask ?? 0,
    newAxisMask: options.newAxisMask ?? 0,
    shrinkAxisMask: options.shrinkAxisMask ?? 0,
  };
}
