import type { Dim } from '../../shape.js';

/** The five bit masks of TF's `StridedSlice`; bit `i` refers to entry `i` of begin/end/strides. */
export interface StridedSliceMasks {
  /** Ignore `begin[i]`: start at the first (last, for a negative stride) element. */
  beginMask: number;
  /** Ignore `end[i]`: run to the end (the start, for a negative stride). */
  endMask: number;
  /** Entry `i` is `...`: as many full axes as needed (at most one bit). */
  ellipsisMask: number;
  /** Entry `i` inserts a new size-1 axis (`tf.newaxis`); begin/end/strides are ignored. */
  newAxisMask: number;
  /** Entry `i` is a single index: take `begin[i]` and drop the axis. */
  shrinkAxisMask: number;
}

/**
 * A strided slice resolved against an input shape. The kernel walks `processingShape` (one dim per
 * input axis) starting at `begin` with `strides`; the result has `finalShape`, the same elements
 * with new axes inserted and shrunk axes removed. Unknown input dims give unknown (`null`) sizes.
 */
export interface StridedSliceSpec {
  readonly begin: readonly number[];
  readonly strides: readonly number[];
  readonly processingShape: readonly Dim[];
  readonly finalShape: readonly Dim[];
}

const NEW_AXIS = -1;
const SHRINK_AXIS = -2;

/**
 * TF's `ValidateStridedSliceOp` (tensorflow/core/util/strided_slice_op.cc): the sparse spec (with
 * ellipsis and new axes) becomes a dense one (one entry per input axis), then each axis is
 * canonicalised: negative indices wrap, out-of-range ones clamp, masks pick the full range.
 */
export function stridedSliceSpec(
  inputShape: readonly Dim[],
  beginSparse: readonly number[],
  endSparse: readonly number[],
  stridesSparse: readonly number[],
  masks: StridedSliceMasks,
  fail: (message: string) => never,
): StridedSliceSpec {
  if (beginSparse.length !== endSparse.length || beginSparse.length !== stridesSparse.length) {
    fail(
      `Expected begin, end, and strides to be 1D equal size tensors, but got shapes [${beginSparse.length}], [${endSparse.length}], and [${stridesSparse.length}] instead.`,
    );
  }
  if (stridesSparse.length > 32) fail(`Too many indices for a strided slice: ${stridesSparse.length} (masks have 32 bits)`);
  const { beginMask, endMask, newAxisMask, shrinkAxisMask } = masks;
  let ellipsisMask = masks.ellipsisMask;
  if ((ellipsisMask & (ellipsisMask - 1)) !== 0) fail('Multiple ellipses in slice spec not allowed');
  const bit = (mask: number, i: number) => ((mask >>> i) & 1) === 1;

  // Step 1: the sparse spec; an ellipsis is implied at the end when there is none.
  let sparseDims = stridesSparse.length;
  let ellipsisSeen = false;
  let newAxesAfterEllipsis = 0;
  for (let i = 0; i < sparseDims; i++) {
    if (ellipsisSeen && bit(newAxisMask, i)) newAxesAfterEllipsis++;
    if (bit(ellipsisMask, i)) ellipsisSeen = true;
  }
  if (!ellipsisSeen) {
    ellipsisMask |= 2 ** sparseDims;
    sparseDims++;
  }

  // Step 2: the dense spec, one entry per input dimension.
  const dims = inputShape.length;
  const begin = new Array<number>(dims).fill(0);
  const end = new Array<number>(dims).fill(0);
  const strides = new Array<number>(dims).fill(1);
  const denseBegin = new Array<boolean>(dims).fill(false);
  const denseEnd = new Array<boolean>(dims).fill(false);
  const denseShrink = new Array<boolean>(dims).fill(false);
  const gather: number[] = [];
  let full = 0;
  for (let i = 0; i < sparseDims; i++) {
    if (bit(ellipsisMask, i)) {
      const next = Math.min(dims - (sparseDims - i) + 1 + newAxesAfterEllipsis, dims);
      for (; full < next; full++) {
        denseBegin[full] = true;
        denseEnd[full] = true;
        gather.push(full);
      }
    } else if (bit(newAxisMask, i)) {
      gather.push(NEW_AXIS);
    } else {
      if (full === dims) fail(`Index out of range using input dim ${full}; input has only ${dims} dims`);
      begin[full] = beginSparse[i]!;
      end[full] = endSparse[i]!;
      strides[full] = stridesSparse[i]!;
      denseBegin[full] = bit(beginMask, i);
      denseEnd[full] = bit(endMask, i);
      if (bit(shrinkAxisMask, i)) {
        gather.push(SHRINK_AXIS);
        denseShrink[full] = true;
      } else {
        gather.push(full);
      }
      full++;
    }
  }

  // Step 3: canonical begin/end and the size of each processed dimension.
  const processingShape: Dim[] = [];
  for (let i = 0; i < dims; i++) {
    const stride = strides[i]!;
    const dim = inputShape[i]!;
    const shrink = denseShrink[i]!;
    if (stride === 0) fail(`strides[${i}] must be non-zero`);
    if (shrink && stride <= 0) fail('only stride 1 allowed on non-range indexing.');
    if (dim === null) {
      processingShape.push(shrink ? 1 : null);
      continue;
    }
    const validRange = stride > 0 ? [0, dim] : [-1, dim - 1];
    const canonical = (x: number, c: 0 | 1, masked: boolean): number => {
      if (masked) return stride > 0 ? validRange[c]! : validRange[(c + 1) & 1]!;
      const forward = x < 0 ? dim + x : x;
      return Math.min(Math.max(forward, validRange[0]!), validRange[1]!);
    };
    let b: number;
    let e: number;
    if (shrink) {
      b = begin[i]! < 0 ? dim + begin[i]! : begin[i]!;
      e = b + 1;
      if (b < 0 || b >= dim) fail(`slice index ${b} of dimension ${i} out of bounds.`);
    } else {
      b = canonical(begin[i]!, 0, denseBegin[i]!);
      e = canonical(end[i]!, 1, denseEnd[i]!);
    }
    begin[i] = b;
    const interval = e - b;
    const size = interval === 0 || interval < 0 !== stride < 0 ? 0 : Math.trunc(interval / stride) + (interval % stride !== 0 ? 1 : 0);
    processingShape.push(size);
  }

  // Step 4: the final shape, with new axes and without shrunk ones.
  const finalShape: Dim[] = [];
  for (const g of gather) {
    if (g >= 0) finalShape.push(processingShape[g]!);
    else if (g === NEW_AXIS) finalShape.push(1);
  }
  return { begin, strides, processingShape, finalShape };
}
