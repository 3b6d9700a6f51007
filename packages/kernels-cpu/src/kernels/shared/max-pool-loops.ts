import type { TypedArray } from '@tf/graph';
import type { WindowGeometry } from '@tf/graph/backend';
import { scratchF64 } from './scratch.js';

// MaxPool and MaxPoolGrad over NHWC values as plain nested loops: no callback per window, no
// per-call arrays, and the full 2×2 window (every output of a 2×2 pool but at an odd border)
// unrolled into four loads. Windows are clipped to the input (SAME never pools padding).
//
// The max of a window is the first of its largest values in row-major window order (TF's CPU
// kernel compares with a strict `>`), or its first NaN: a running max `m` takes `v` when
// `m === m && (v > m || v !== v)`. Its position gets the whole gradient.

/** `out[b, oy, ox, c]` = the max of each window, for every output position and channel. */
export function maxPoolInto(x: TypedArray, g: WindowGeometry, out: TypedArray): void {
  const { batch, inRows, inCols, depth, windowRows, windowCols, strideRows, strideCols, outRows, outCols, padTop, padLeft } = g;
  const rowSize = inCols * depth;
  let o = 0;
  for (let b = 0; b < batch; b++) {
    for (let oy = 0; oy < outRows; oy++) {
      const yStart = oy * strideRows - padTop;
      const y0 = Math.max(yStart, 0);
      const y1 = Math.min(yStart + windowRows, inRows);
      for (let ox = 0; ox < outCols; ox++, o += depth) {
        const xStart = ox * strideCols - padLeft;
        const x0 = Math.max(xStart, 0);
        const x1 = Math.min(xStart + windowCols, inCols);
        const first = ((b * inRows + y0) * inCols + x0) * depth;
        if (y1 - y0 === 2 && x1 - x0 === 2) {
          for (let c = 0; c < depth; c++) {
            const p = first + c;
            let m = x[p]!;
            let v = x[p + depth]!;
            if (m === m && (v > m || v !== v)) m = v;
            v = x[p + rowSize]!;
            if (m === m && (v > m || v !== v)) m = v;
            v = x[p + rowSize + depth]!;
            if (m === m && (v > m || v !== v)) m = v;
            out[o + c] = m;
          }
          continue;
        }
        for (let c = 0; c < depth; c++) {
          let m = x[first + c]!;
          for (let y = y0, row = first + c; y < y1; y++, row += rowSize) {
            for (let p = row, end = row + (x1 - x0) * depth; p < end; p += depth) {
              const v = x[p]!;
              if (m === m && (v > m || v !== v)) m = v;
            }
          }
          out[o + c] = m;
        }
      }
    }
  }
}

/**
 * `dx` = `grad` (shaped like MaxPool's output) added at each window's max position, zero
 * elsewhere. Windows that do not overlap (stride at least the window, as in the usual 2×2 pool
 * at stride 2) give each input element at most one gradient, written straight into dx; overlapping
 * ones add up in float64.
 */
export function maxPoolGradInto(x: TypedArray, grad: TypedArray, g: WindowGeometry, dx: TypedArray): void {
  const { batch, inRows, inCols, depth, windowRows, windowCols, strideRows, strideCols, outRows, outCols, padTop, padLeft } = g;
  const disjoint = strideRows >= windowRows && strideCols >= windowCols;
  const acc = disjoint ? null : scratchF64('acc', dx.length);
  // `+ 0` below turns a -0 gradient into +0, as the float64 sum from 0 does.
  if (acc === null) dx.fill(0);
  else acc.fill(0);
  const rowSize = inCols * depth;
  let o = 0;
  for (let b = 0; b < batch; b++) {
    for (let oy = 0; oy < outRows; oy++) {
      const yStart = oy * strideRows - padTop;
      const y0 = Math.max(yStart, 0);
      const y1 = Math.min(yStart + windowRows, inRows);
      for (let ox = 0; ox < outCols; ox++, o += depth) {
        const xStart = ox * strideCols - padLeft;
        const x0 = Math.max(xStart, 0);
        const x1 = Math.min(xStart + windowCols, inCols);
        const first = ((b * inRows + y0) * inCols + x0) * depth;
        const full2x2 = y1 - y0 === 2 && x1 - x0 === 2;
        for (let c = 0; c < depth; c++) {
          let at = first + c;
          let m = x[at]!;
          if (full2x2) {
            let p = at + depth;
            let v = x[p]!;
            if (m === m && (v > m || v !== v)) {
              m = v;
              at = p;
            }
            p = first + c + rowSize;
            v = x[p]!;
            if (m === m && (v > m || v !== v)) {
              m = v;
              at = p;
            }
            p += depth;
            v = x[p]!;
            if (m === m && (v > m || v !== v)) at = p;
          } else {
            for (let y = y0, row = first + c; y < y1; y++, row += rowSize) {
              for (let p = row, end = row + (x1 - x0) * depth; p < end; p += depth) {
                const v = x[p]!;
                if (m === m && (v > m || v !== v)) {
                  m = v;
                  at = p;
                }
              }
            }
          }
          if (acc === null) dx[at] = grad[o + c]! + 0;
          else acc[at]! += grad[o + c]!;
        }
      }
    }
  }
  if (acc !== null) dx.set(acc);
}
