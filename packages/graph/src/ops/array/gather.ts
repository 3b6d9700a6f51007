import { tfAttr } from '../../interop/export-attr.js';
import { UnsupportedNodeError } from '../../interop/import-error.js';
import { defineOp } from '../../op-def.js';
import { formatShapeList, isFullyDefined, type Dim, wrapAxis } from '../../shape.js';
import type { Tensor } from '../../tensor.js';
import { apply, convertToTensor, type TensorLike } from '../build.js';
import { add, mul, sub } from '../math/arithmetic.js';
import { maximum } from '../math/binary-math.js';
import { cast } from '../math/cast.js';
import { greaterEqual } from '../math/compare.js';
import { NUMERIC } from '../math/elementwise.js';
import { constInts, intConst, intInput, scalarInt } from './array-util.js';
import { concat } from './concat-split.js';
import { expandDims } from './squeeze-expand.js';
import { fill } from './fill.js';
import { range } from './range.js';
import { reshape } from './reshape.js';
import { rank as rankOf, shape as shapeOf, size as sizeOf } from './shape.js';
import { stridedSlice } from './slice.js';
import { transpose } from './transpose.js';

// ---- GatherV2 --------------------------------------------------------------------------------

/**
 * `params` indexed along `axis` by `indices`: the output shape is `params.shape[:axis] +
 * indices.shape + params.shape[axis+1:]` (TF's `GatherV2`). Indices out of `[0, dim)` are an
 * InvalidArgumentError when the kernel runs.
 */
export const GatherV2 = defineOp({
  type: 'GatherV2',
  // An index outside the gathered axis.
  refusesValues: true,
  tf: {
    // TF's `batch_dims` (TF ≥ 1.14, default 0): this project gathers with none, so a node with
    // batch dims imports as an opaque op rather than as a GatherV2 that would ignore them.
    attrs: (a) => {
      const batchDims = a.int('batch_dims', 0);
      if (batchDims !== 0) throw new UnsupportedNodeError(`batch_dims=${batchDims}`);
      return {};
    },
    exportAttrs: () => ({ batch_dims: tfAttr.int(0) }),
    typeAttrs: { Tparams: 'params', Tindices: 'indices', Taxis: 'axis' },
  },
  inputs: ['params', 'indices', 'axis'],
  inputDTypes: { indices: ['int32'], axis: ['int32'] },
  hostInputs: [2],
  infer: (ctx) => {
    const [params, indices] = ctx.inputs as [(typeof ctx.inputs)[0], (typeof ctx.inputs)[0]];
    const axisValue = scalarInt(ctx, 2, 'axis');
    if (params!.shape !== null && params!.shape.length === 0) ctx.fail('Shape must be at least rank 1 but is rank 0');
    if (params!.shape === null || indices!.shape === null || axisValue === undefined) return [{ dtype: params!.dtype, shape: null }];
    const rank = params!.shape.length;
    if (axisValue < -rank || axisValue >= rank) ctx.fail(`Expected axis in the range [${-rank}, ${rank}), but got ${axisValue}`);
    const axis = wrapAxis(axisValue, rank);
    const shape: Dim[] = [...params!.shape.slice(0, axis), ...indices!.shape, ...params!.shape.slice(axis + 1)];
    return [{ dtype: params!.dtype, shape }];
  },
  // TF's `_GatherV2Grad`, with the IndexedSlices made dense by UnsortedSegmentSum: the gathered axis
  // is moved to the front, gradients of repeated indices are summed, and the axis moved back.
  gradient: (op, [dy]) => {
    if (!dy) return [undefined, undefined, undefined];
    const [params, indices, axisTensor] = op.inputs as [Tensor, Tensor, Tensor];
    const paramsShape = shapeOf(params);
    const indicesSize = expandDims(sizeOf(indices), 0);
    const flatIndices = reshape(indices, indicesSize);
    const axisStatic = constInts(axisTensor)?.[0];
    const rank = params.shape?.length;
    const axis = axisStatic !== undefined && rank !== undefined ? wrapAxis(axisStatic, rank) : axisStatic;
    if (axis === 0) {
      const valuesShape = concat([indicesSize, stridedSlice(paramsShape, [1], [0], [1], { endMask: 1 })], 0);
      const values = reshape(dy, valuesShape);
      const numSegments = gather(paramsShape, intConst(0, dy));
      const grad = unsortedSegmentSum(values, flatIndices, numSegments);
      grad.setShape(params.shape);
      return [grad, undefined, undefined];
    }
    // The general case. With a static axis the permutations are constants; otherwise Range ops.
    const axisT = axis !== undefined ? intConst(axis, dy) : axisTensor;
    const axisPlus1 = axis !== undefined ? intConst(axis + 1, dy) : add(axisTensor, 1);
    const outerShape = stridedSlice(paramsShape, [0], expandDims(axisT, 0), [1]);
    const innerShape = stridedSlice(paramsShape, expandDims(axisPlus1, 0), [0], [1], { endMask: 1 });
    const valuesShape = concat([outerShape, indicesSize, innerShape], 0);
    const values = reshape(dy, valuesShape);
    let perm: Tensor;
    let inversePerm: Tensor;
    if (axis !== undefined && rank !== undefined) {
      const others = Array.from({ length: rank - 1 }, (_, i) => (i < axis ? i : i + 1));
      perm = intConst([axis, ...others], dy);
      inversePerm = intConst(
        [...Array.from({ length: axis }, (_, i) => i + 1), 0, ...Array.from({ length: rank - 1 - axis }, (_, i) => axis + 1 + i)],
        dy,
      );
    } else {
      const outerDims = sizeOf(outerShape);
      const innerDims = sizeOf(innerShape);
      const outerAxes = range(intConst(0, dy), outerDims, intConst(1, dy));
      const innerAxes = range(add(outerDims, 1), add(add(outerDims, 1), innerDims), intConst(1, dy));
      perm = concat([expandDims(outerDims, 0), outerAxes, innerAxes], 0);
      inversePerm = concat([add(outerAxes, 1), intConst([0], dy), innerAxes], 0);
    }
    const numSegments = gather(paramsShape, axisT);
    const summed = unsortedSegmentSum(transpose(values, perm), flatIndices, numSegments);
    const grad = transpose(summed, inversePerm);
    grad.setShape(params.shape);
    return [grad, undefined, undefined];
  },
});

/** `tf.gather(params, indices, axis = 0)`. */
export function gather(params: TensorLike, indices: TensorLike, axis: number | Tensor = 0, name = 'GatherV2'): Tensor {
  const p = convertToTensor(params);
  const i = intInput(indices, [p]);
  return apply(GatherV2, [p, i, intInput(axis, [p])], {}, name);
}

// ---- UnsortedSegmentSum ----------------------------------------------------------------------

/**
 * `out[j] = Σ data[i]` over the `i` with `segment_ids[i] == j` (TF's `UnsortedSegmentSum`). The
 * ids index the leading `segment_ids.rank` axes of data; negative ids are dropped, ids of
 * `num_segments` or more are an InvalidArgumentError.
 */
export const UnsortedSegmentSum = defineOp({
  type: 'UnsortedSegmentSum',
  // A segment id outside [0, num_segments).
  refusesValues: true,
  tf: { typeAttrs: { T: 'data', Tindices: 'segment_ids', Tnumsegments: 'num_segments' } },
  inputs: ['data', 'segment_ids', 'num_segments'],
  inputDTypes: { data: NUMERIC, segment_ids: ['int32'], num_segments: ['int32'] },
  hostInputs: [2],
  infer: (ctx) => {
    const [data, ids] = ctx.inputs;
    const numShape = ctx.inputs[2]!.shape;
    if (numShape !== null && numShape.length !== 0) ctx.fail(`num_segments should be a scalar, not shape ${formatShapeList(numShape)}`);
    const num = ctx.value(2)?.[0];
    if (num !== undefined && num < 0) ctx.fail(`Input num_segments == ${num} must not be negative.`);
    if (data!.shape === null || ids!.shape === null) return [{ dtype: data!.dtype, shape: null }];
    const prefix = data!.shape.slice(0, ids!.shape.length);
    const prefixOk =
      prefix.length === ids!.shape.length && prefix.every((d, i) => d === null || ids!.shape![i] === null || d === ids!.shape![i]);
    if (!prefixOk)
      ctx.fail(`data.shape = ${formatShapeList(data!.shape)} does not start with segment_ids.shape = ${formatShapeList(ids!.shape)}`);
    return [{ dtype: data!.dtype, shape: [num ?? null, ...data!.shape.slice(ids!.shape.length)] }];
  },
  // TF's `_UnsortedSegmentSumGrad`: gather dy back by segment id; dropped (negative) ids get zeros.
  gradient: (op, [dy]) => {
    if (!dy) return [undefined, undefined, undefined];
    const ids = op.inputs[1]!;
    const gathered = gather(dy, maximum(ids, intConst(0, dy)));
    const keep = cast(greaterEqual(ids, intConst(0, dy)), dy.dtype);
    // The mask has the ids' shape; give it trailing size-1 axes so it broadcasts over each slice.
    const extra = gathered.shape !== null && ids.shape !== null ? gathered.shape.length - ids.shape.length : undefined;
    const maskShape =
      extra !== undefined && isFullyDefined(ids.shape)
        ? intConst([...ids.shape, ...new Array<number>(extra).fill(1)], dy)
        : concat([shapeOf(ids), fill(expandDims(sub(rankOf(gathered), rankOf(ids)), 0), intConst(1, dy))], 0);
    return [mul(gathered, reshape(keep, maskShape)), undefined, undefined];
  },
});

/** `tf.unsortedSegmentSum(data, segmentIds, numSegments)`. */
export function unsortedSegmentSum(data: TensorLike, segmentIds: TensorLike, numSegments: TensorLike, name = 'UnsortedSegmentSum'): Tensor {
  const d = convertToTensor(data);
  const ids = intInput(segmentIds, [d]);
  return apply(UnsortedSegmentSum, [d, ids, intInput(numSegments, [d])], {}, name);
}
