import type { WindowGeometry } from '@tf/graph/backend';
import type { FloatArray } from './gemm.js';

// im2col and its adjoint col2im for NHWC inputs (conv2d.ts): each output position's receptive
// field laid out as one row of `K = windowRows·windowCols·depth` values in the filter's own
// (row, col, channel) order, zeros where SAME padding or a dilation gap falls outside the input.
//
// Both walk the output positions with plain counters and inline loops, no callback per position:
// these loops move every element of the im2col matrix (7.8M values for the second layer of the
// MNIST CNN). Without dilation along columns, a window row's taps inside the input are one
// contiguous run of the input row, copied (or added) at once.

/** Runs of at least this many values are copied with `TypedArray.set` rather than a loop. */
const MIN_COPY_RUN = 48;

/** Zeroes `length` values from `start`: short runs in a loop, where `fill`'s call would cost more. */
function zero(cols: FloatArray, start: number, length: number): void {
  if (length >= MIN_COPY_RUN) cols.fill(0, start, start + length);
  else for (let t = 0; t < length; t++) cols[start + t] = 0;
}

/** The first tap of a window starting at `x0` that lands inside the input (`x0 + tap·dilation >= 0`). */
function firstTap(x0: number, taps: number, dilation: number): number {
  return x0 >= 0 ? 0 : Math.min(taps, Math.ceil(-x0 / dilation));
}

/** One past the last tap of a window starting at `x0` inside an input of `inSize` (at least `start`). */
function endTap(x0: number, taps: number, dilation: number, inSize: number, start: number): number {
  return Math.min(taps, Math.max(start, Math.floor((inSize - 1 - x0) / dilation) + 1));
}

/**
 * Whether the input already is its own im2col matrix, so a kernel can hand it to the GEMM as it is:
 * a 1×1 window at stride 1 without padding (one row per pixel), or a window covering the whole
 * image without padding or dilation (one row per image).
 */
export function inputIsIm2col(g: WindowGeometry): boolean {
  const pointwise = g.windowRows === 1 && g.windowCols === 1 && g.strideRows === 1 && g.strideCols === 1;
  const wholeImage =
    g.windowRows === g.inRows &&
    g.windowCols === g.inCols &&
    g.dilationRows === 1 &&
    g.dilationCols === 1 &&
    g.outRows === 1 &&
    g.outCols === 1;
  return (pointwise || wholeImage) && g.padTop === 0 && g.padLeft === 0;
}

/**
 * The range `[start, end)` of the input that im2col rows `[firstRow, firstRow + count)` read: from
 * the first window's top row to the last window's bottom row (whole rows, every image between).
 */
export function im2colSource(g: WindowGeometry, firstRow: number, count: number): [number, number] {
  const positions = g.outRows * g.outCols;
  const inRowSize = g.inCols * g.depth;
  const imageSize = g.inRows * inRowSize;
  const last = firstRow + count - 1;
  const clampRow = (y: number) => Math.min(Math.max(y, 0), g.inRows);
  const top = clampRow(Math.floor((firstRow % positions) / g.outCols) * g.strideRows - g.padTop);
  const bottom = clampRow(Math.floor((last % positions) / g.outCols) * g.strideRows - g.padTop + (g.windowRows - 1) * g.dilationRows + 1);
  return [Math.floor(firstRow / positions) * imageSize + top * inRowSize, Math.floor(last / positions) * imageSize + bottom * inRowSize];
}

/**
 * Writes im2col rows `[firstRow, firstRow + count)` of an input into `cols` (row-major `[count, K]`
 * from `colsOffset`), reading input element `i` at `x[xOffset + i]`. `x` and `cols` may be one
 * array (the input's range copied ahead of the columns, see `im2colSource`): long runs then move
 * with `copyWithin`, which unlike `set` needs no view per run (49K views a call for the MNIST
 * CNN's second layer, ~35% slower and garbage the young generation must collect).
 */
export function im2col(
  x: FloatArray,
  xOffset: number,
  g: WindowGeometry,
  firstRow: number,
  count: number,
  cols: FloatArray,
  colsOffset: number,
): void {
  const { inRows, inCols, depth, windowRows, windowCols, dilationRows, dilationCols, strideRows, strideCols, outRows, outCols } = g;
  const rowWidth = windowCols * depth;
  const inRowSize = inCols * depth;
  const imageSize = inRows * inRowSize;
  const tapStep = dilationCols * depth;
  const positions = outRows * outCols;
  let b = Math.floor(firstRow / positions);
  let oy = Math.floor((firstRow % positions) / outCols);
  let ox = firstRow % outCols;
  let dst = colsOffset;
  const within = x === cols;
  for (let row = 0; row < count; row++) {
    const y0 = oy * strideRows - g.padTop;
    const x0 = ox * strideCols - g.padLeft;
    const tapStart = firstTap(x0, windowCols, dilationCols);
    const tapEnd = endTap(x0, windowCols, dilationCols, inCols, tapStart);
    const before = tapStart * depth;
    const valid = (tapEnd - tapStart) * depth;
    const after = rowWidth - before - valid;
    const rowStart = xOffset + b * imageSize + (x0 + tapStart * dilationCols) * depth;
    for (let di = 0; di < windowRows; di++) {
      const iy = y0 + di * dilationRows;
      if (iy < 0 || iy >= inRows) {
        zero(cols, dst, rowWidth);
        dst += rowWidth;
        continue;
      }
      zero(cols, dst, before);
      dst += before;
      const src = rowStart + iy * inRowSize;
      if (dilationCols === 1) {
        // Long runs (5 taps × 32 channels) go through a memcpy, ~6x the element loop even with
        // its call; short ones (5 taps of one channel) cost less than the call.
        if (valid < MIN_COPY_RUN) for (let t = 0; t < valid; t++) cols[dst + t] = x[src + t]!;
        else if (within) cols.copyWithin(dst, src, src + valid);
        else cols.set(x.subarray(src, src + valid), dst);
        dst += valid;
      } else {
        for (let s = src, end = dst + valid; dst < end; s += tapStep, dst += depth) {
          if (depth < MIN_COPY_RUN) for (let c = 0; c < depth; c++) cols[dst + c] = x[s + c]!;
          else if (within) cols.copyWithin(dst, s, s + depth);
          else cols.set(x.subarray(s, s + depth), dst);
        }
      }
      zero(cols, dst, after);
      dst += after;
    }
    if (++ox === outCols) {
      ox = 0;
      if (++oy === outRows) {
        oy = 0;
        b++;
      }
    }
  }
}

/** The adjoint of `im2col`: adds rows `[firstRow, firstRow + count)` of `cols` onto the input positions they were read from. */
export function col2im(cols: FloatArray, g: WindowGeometry, firstRow: number, count: number, dx: Float64Array): void {
  const { inRows, inCols, depth, windowRows, windowCols, dilationRows, dilationCols, strideRows, strideCols, outRows, outCols } = g;
  const rowWidth = windowCols * depth;
  const inRowSize = inCols * depth;
  const imageSize = inRows * inRowSize;
  const tapStep = dilationCols * depth;
  const positions = outRows * outCols;
  let b = Math.floor(firstRow / positions);
  let oy = Math.floor((firstRow % positions) / outCols);
  let ox = firstRow % outCols;
  for (let row = 0, from = 0; row < count; row++) {
    const y0 = oy * strideRows - g.padTop;
    const x0 = ox * strideCols - g.padLeft;
    const tapStart = firstTap(x0, windowCols, dilationCols);
    const tapEnd = endTap(x0, windowCols, dilationCols, inCols, tapStart);
    const valid = (tapEnd - tapStart) * depth;
    const rowStart = b * imageSize + (x0 + tapStart * dilationCols) * depth;
    for (let di = 0; di < windowRows; di++, from += rowWidth) {
      const iy = y0 + di * dilationRows;
      if (iy < 0 || iy >= inRows) continue;
      const dst = rowStart + iy * inRowSize;
      const src = from + tapStart * depth;
      if (dilationCols === 1) {
        for (let t = 0; t < valid; t++) dx[dst + t]! += cols[src + t]!;
      } else {
        for (let d = dst, s = src, end = src + valid; s < end; d += tapStep, s += depth) {
          for (let c = 0; c < depth; c++) dx[d + c]! += cols[s + c]!;
        }
      }
    }
    if (++ox === outCols) {
      ox = 0;
      if (++oy === outRows) {
        oy = 0;
        b++;
      }
    }
  }
}
