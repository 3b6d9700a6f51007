import type { WindowGeometry } from '@tf/graph/backend';

// The im2col matrix transposed, `colsᵀ[K, R]`, for single-channel inputs at column stride 1 (the
// first layer of an image CNN): row `(di, dj)` holds, for each output position, the input value
// under that tap, and along consecutive output columns those values are consecutive input
// values. So it is built from runs of a whole output row (28 values for MNIST), or at SAME and
// stride 1 of many rows at once, instead of the im2col rows' runs of one window row (5 values);
// the GEMM takes it as a transposed operand (forward) or as it is (filter gradient) while packing,
// at no extra cost.

/** Whether `im2colTransposed` applies: one input channel, column stride 1. */
export function transposedIm2colApplies(g: WindowGeometry): boolean {
  return g.depth === 1 && g.strideCols === 1;
}

/** Runs of at least this many values move with `copyWithin` (a call, then a memcpy) rather than a loop. */
const MIN_COPY_RUN = 16;

/**
 * Writes columns `[firstRow, firstRow + count)` of `colsᵀ` (row-major `[K, count]`, from
 * `colsOffset` in `buffer`) for a single-channel input at column stride 1, zeros where a tap falls
 * outside the input. Input element `i` is read at `buffer[xOffset + i]`: the caller copies the
 * range the columns read (`im2colSource`) into the same array, so runs move with `copyWithin`.
 */
export function im2colTransposed(
  buffer: Float32Array,
  xOffset: number,
  g: WindowGeometry,
  firstRow: number,
  count: number,
  colsOffset: number,
): void {
  const { inRows, inCols, windowRows, windowCols, dilationRows, dilationCols, strideRows, outRows, outCols, padTop, padLeft } = g;
  const positions = outRows * outCols;
  const imageSize = inRows * inCols;
  let dst = colsOffset;
  // Where output rows are as wide as input rows and step one input row each (SAME at stride 1),
  // consecutive whole output rows of a tap read consecutive input rows: a block of them (across
  // images too) is one copy, with the few columns outside the input zeroed after.
  const blocks = strideRows === 1 && outCols === inCols;
  for (let di = 0; di < windowRows; di++) {
    for (let dj = 0; dj < windowCols; dj++) {
      // Output column ox reads input column ox + shift: inside the input for ox in [lo, hi).
      const shift = dj * dilationCols - padLeft;
      const lo = Math.max(0, -shift);
      const hi = Math.min(outCols, inCols - shift);
      let b = Math.floor(firstRow / positions);
      let oy = Math.floor((firstRow % positions) / outCols);
      let ox = firstRow % outCols;
      // The pending block: `blockRows` whole rows from `blockDst`, read from input row `blockSrc` on.
      let blockDst = 0;
      let blockSrc = 0;
      let blockRows = 0;
      for (let left = count; left > 0; ) {
        // The rest of output row (b, oy) from column ox, or as much of it as the chunk holds.
        const end = Math.min(outCols, ox + left);
        const iy = oy * strideRows - padTop + di * dilationRows;
        const inside = iy >= 0 && iy < inRows && lo < hi;
        const rowSrc = xOffset + b * imageSize + iy * inCols;
        if (blocks && inside && ox === 0 && end === outCols) {
          if (blockRows > 0 && rowSrc === blockSrc + blockRows * inCols) blockRows++;
          else {
            if (blockRows > 0) copyRowBlock(buffer, blockDst, blockSrc, blockRows, outCols, lo, hi, shift);
            blockDst = dst;
            blockSrc = rowSrc;
            blockRows = 1;
          }
          dst += outCols;
        } else {
          if (blockRows > 0) copyRowBlock(buffer, blockDst, blockSrc, blockRows, outCols, lo, hi, shift);
          blockRows = 0;
          if (!inside) {
            for (let o = ox; o < end; o++) buffer[dst++] = 0;
          } else {
            const runStart = Math.min(Math.max(ox, lo), end);
            const runEnd = Math.max(runStart, Math.min(end, hi));
            for (let o = ox; o < runStart; o++) buffer[dst++] = 0;
            copyRun(buffer, dst, rowSrc + runStart + shift, runEnd - runStart);
            dst += runEnd - runStart;
            for (let o = runEnd; o < end; o++) buffer[dst++] = 0;
          }
        }
        left -= end - ox;
        ox = 0;
        if (++oy === outRows) {
          oy = 0;
          b++;
        }
      }
      if (blockRows > 0) copyRowBlock(buffer, blockDst, blockSrc, blockRows, outCols, lo, hi, shift);
    }
  }
}

/** Copies `length` values from `src` to `dst` within `buffer`. */
function copyRun(buffer: Float32Array, dst: number, src: number, length: number): void {
  if (length >= MIN_COPY_RUN) buffer.copyWithin(dst, src, src + length);
  else for (let t = 0; t < length; t++) buffer[dst + t] = buffer[src + t]!;
}

/**
 * `rows` whole output rows of one tap from `dst` (`width` values each, input rows as wide), read
 * from the input rows starting at `src`: one copy from the first row's column `lo` to the last
 * row's column `hi`, then zeros over the columns outside `[lo, hi)` (which that copy filled with
 * the neighbouring rows' values).
 */
function copyRowBlock(
  buffer: Float32Array,
  dst: number,
  src: number,
  rows: number,
  width: number,
  lo: number,
  hi: number,
  shift: number,
): void {
  const last = (rows - 1) * width;
  copyRun(buffer, dst + lo, src + lo + shift, last + hi - lo);
  for (let o = 0; o < lo; o++) buffer[dst + o] = 0;
  for (let row = 0; row < last; row += width) {
    for (let o = dst + row + hi, end = dst + row + width + lo; o < end; o++) buffer[o] = 0;
  }
  for (let o = dst + last + hi, end = dst + last + width; o < end; o++) buffer[o] = 0;
}
