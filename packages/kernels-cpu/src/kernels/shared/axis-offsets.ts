import type { ConcreteShape, TypedArray } from '@tf/graph';
import { stridesOf } from '@tf/graph/backend';

/**
 * Data movement where each output axis reads the source independently: Transpose, Slice,
 * StridedSlice, Tile, Pad, MirrorPad, ReverseV2. `offsets[d][k]` is what output axis `d` at index
 * `k` adds to the source element offset; `-1` marks padding (no source element, `fill` instead).
 * Every such op is then one table of offsets, and one loop does the copying.
 */
export type AxisOffsets = readonly (readonly number[])[];

/** `out[i0, …, in] = src[Σ offsets[d][i_d]]` (or `fill` where any offset is -1). */
export function gatherByOffsets(src: TypedArray, out: TypedArray, outShape: ConcreteShape, offsets: AxisOffsets, fill = 0): void {
  if (out.length === 0) return;
  const rank = outShape.length;
  if (rank === 0) {
    out[0] = src[0]!;
    return;
  }
  const block = blockSizes(outShape);
  let pos = 0;
  const last = rank - 1;
  const walk = (d: number, base: number): void => {
    const offs = offsets[d]!;
    const n = outShape[d]!;
    if (d === last) {
      for (let k = 0; k < n; k++) {
        const o = offs[k]!;
        out[pos++] = o < 0 ? fill : src[base + o]!;
      }
      return;
    }
    for (let k = 0; k < n; k++) {
      const o = offs[k]!;
      if (o < 0) {
        out.fill(fill, pos, pos + block[d]!);
        pos += block[d]!;
      } else {
        walk(d + 1, base + o);
      }
    }
  };
  walk(0, 0);
}

/**
 * The adjoint of `gatherByOffsets`: `dst[Σ offsets[d][i_d]] += values[i0, …, in]`, skipping padding.
 * `dst` is not cleared first (MirrorPadGrad and StridedSliceGrad zero it themselves).
 */
export function scatterAddByOffsets(values: TypedArray, valuesShape: ConcreteShape, dst: TypedArray, offsets: AxisOffsets): void {
  if (values.length === 0) return;
  const rank = valuesShape.length;
  if (rank === 0) {
    dst[0]! += values[0]!;
    return;
  }
  const block = blockSizes(valuesShape);
  let pos = 0;
  const last = rank - 1;
  const walk = (d: number, base: number): void => {
    const offs = offsets[d]!;
    const n = valuesShape[d]!;
    if (d === last) {
      for (let k = 0; k < n; k++) {
        const o = offs[k]!;
        if (o >= 0) dst[base + o]! += values[pos]!;
        pos++;
      }
      return;
    }
    for (let k = 0; k < n; k++) {
      const o = offs[k]!;
      if (o < 0) pos += block[d]!;
      else walk(d + 1, base + o);
    }
  };
  walk(0, 0);
}

/** `block[d]`: the number of elements one step of axis `d` spans (the product of later dims). */
function blockSizes(shape: ConcreteShape): number[] {
  const block = new Array<number>(shape.length);
  let size = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    block[d] = size;
    size *= shape[d]!;
  }
  return block;
}

/** Offsets for output axis `d` of size `n` reading source axis index `index(k)` (or -1 for none). */
export function axisOffsets(n: number, stride: number, index: (k: number) => number): number[] {
  const out = new Array<number>(n);
  for (let k = 0; k < n; k++) {
    const i = index(k);
    out[k] = i < 0 ? -1 : i * stride;
  }
  return out;
}

/** Row-major strides of a source shape (re-exported for the kernels that build offsets). */
export function sourceStrides(shape: ConcreteShape): number[] {
  return stridesOf(shape);
}

/** The product of `shape[from:to]`. */
export function product(shape: ConcreteShape, from = 0, to = shape.length): number {
  let n = 1;
  for (let i = from; i < to; i++) n *= shape[i]!;
  return n;
}
