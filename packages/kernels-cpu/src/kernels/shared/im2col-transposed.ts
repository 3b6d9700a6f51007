import type { WindowGeometry } from '@tf/graph/backend';

// The im2col matrix transposed, `colsᵀ[K, R]`, for single-channel inputs at column stride 1 (the
// first layer of an image CNN): row `(di, dj)` holds, for each output position, the input value
// under that tap, and along consecutive output columns those values are consecutive input
// values. So it is built from runs of a whole output row (28 values for MNIST) instead of the
// im2col rows' runs of one window row (5 values), a third of the time; the GEMM takes it as a
// transposed operand (forward) or as it is (filter gradient) while packing, at no extra cost.

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
  const colsT = buffer;
  let dst = colsOffset;
  for (let di = 0; di < windowRows; di++) {
    for (let dj = 0; dj < windowCols; dj++) {
      // Output column ox reads input column ox + shift: inside the input for ox in [lo, hi).
      const shift = dj * dilationCols - padLeft;
      const lo = Math.max(0, -shift);
      const hi = Math.min(outCols, inCols - shift);
      let b = Math.floor(firstRow / positions);
      let oy = Math.floor((firstRow % positions) / outCols);
      let ox = firstRow % outCols;
      for (let left = count; left > 0; ) {
        // The rest of output row (b, oy) from column ox, or as much of it as the chunk holds.
        const end = Math.min(outCols, ox + left);
        const iy = oy * strideRows - padTop + di * dilationRows;
        if (iy < 0 || iy >= inRows || lo >= hi) {
          for (let o = ox; o < end; o++) colsT[dst++] = 0;
        } else {
          const runStart = Math.min(Math.max(ox, lo), end);
          const runEnd = Math.max(runStart, Math.min(end, hi));
          for (let o = ox; o < runStart; o++) colsT[dst++] = 0;
          const src = xOffset + b * imageSize + iy * inCols + runStart + shift;
          const length = runEnd - runStart;
          if (length >= MIN_COPY_RUN) buffer.copyWithin(dst, src, src + length);
          else for (let t = 0; t < length; t++) colsT[dst + t] = buffer[src + t]!;
          dst += length;
          for (let o = runEnd; o < end; o++) colsT[dst++] = 0;
        }
        left -= end - ox;
        ox = 0;
        if (++oy === outRows) {
          oy = 0;
          b++;
        }
      }
    }
  }
}
