import type { WindowGeometry } from '@tf/graph/backend';
import { geometryOf } from './shared/conv-geometry.js';
import { allocLike, gemmNT, transposeInto, type FloatArray } from './shared/gemm.js';
import { WASM_MIN_MULTIPLY_ADDS } from './matmul.js';
import type { CpuKernelFor, KernelTable } from './shared/types.js';
import { input, output } from './shared/util.js';
import { wasmGemmReserve, wasmMatMulF32 } from './shared/wasm/gemm.js';

// Conv2D and its two backprops as im2col + GEMM (the depthwise ops, direct loops, are in
// depthwise-conv2d.ts). NHWC with HWIO filters (the op definitions reject anything else before a kernel runs).
//
// im2col lays each output position's receptive field out as one row of `K = rows·cols·in`
// values, in the filter's own (row, col, channel) order, with zeros where SAME padding or a
// dilation gap falls outside the input. With `R = batch·outRows·outCols` output positions:
//   forward:          out[R×N]   = cols[R×K] · filter[K×N]
//   backprop filter:  dW[K×N]    = colsᵀ[K×R] · dy[R×N]
//   backprop input:   dcols[R×K] = dy[R×N] · filter[K×N]ᵀ, scattered back (col2im) onto dx.
// The R rows are processed in chunks of about `CHUNK_ELEMENTS / K`, so the scratch stays near
// `CHUNK_ELEMENTS` values whatever the batch or image size.
//
// float32 chunks run in the WebAssembly SIMD GEMM (shared/wasm/gemm.ts, ~10x the JS loop), which sums
// in float32 like TF's Eigen kernels and takes transposed operands while packing, so the JS
// path's transposed copies are not needed there. float64 (the gradient checks) and products the
// wasm memory cannot hold, or runtimes without WebAssembly, keep the float64-summing `gemmNT`.

const CHUNK_ELEMENTS = 1 << 20;

/** Rows of the im2col matrix per chunk: a multiple of 4 (the GEMM's block) near `CHUNK_ELEMENTS / k`. */
function rowsPerChunk(k: number, rows: number): number {
  return Math.min(rows, Math.max(4, Math.floor(CHUNK_ELEMENTS / Math.max(k, 1) / 4) * 4));
}

/**
 * Whether every chunk's `m×k · k×n` product (the largest is reserved, so smaller ones fit too) runs
 * in WebAssembly: float32 only, and not tiny ones, with the same cut-off as MatMul.
 */
function useWasmGemm(dtype: string, m: number, k: number, n: number): boolean {
  return dtype === 'float32' && m * k * n >= WASM_MIN_MULTIPLY_ADDS && wasmGemmReserve(m, k, n);
}

/** Rows `[first, first + count)` of a row-major matrix with `width` columns, as a view. */
function rowsOf(matrix: Float32Array, first: number, count: number, width: number): Float32Array {
  return matrix.subarray(first * width, (first + count) * width);
}

/** A 1×1 filter at stride 1 without padding: the input already is the im2col matrix. */
function isPointwise(g: WindowGeometry): boolean {
  return g.windowRows === 1 && g.windowCols === 1 && g.strideRows === 1 && g.strideCols === 1 && g.padTop === 0 && g.padLeft === 0;
}

/** The GEMM's size: `rows` output positions by `k` window elements (the im2col matrix's shape). */
function gemmSize(g: WindowGeometry, inDepth: number): { rows: number; k: number } {
  return { rows: g.batch * g.outRows * g.outCols, k: g.windowRows * g.windowCols * inDepth };
}

/**
 * The taps `[start, end)` of a window starting at input column `x0` that land inside the
 * input (`0 <= x0 + tap·dilation < inCols`): with dilation they still form one run.
 */
function validTaps(x0: number, taps: number, dilation: number, inSize: number): [number, number] {
  const start = Math.min(taps, x0 >= 0 ? 0 : Math.ceil(-x0 / dilation));
  const end = Math.min(taps, Math.max(start, Math.floor((inSize - 1 - x0) / dilation) + 1));
  return [start, end];
}

/**
 * Calls `visit(row, image, y0, x0)` for output positions `[firstRow, firstRow + count)` in
 * row-major (image, outRow, outCol) order, with the offset of the image in the input and the
 * input coordinates of the window's top-left tap (negative inside SAME padding).
 */
function forEachPosition(
  g: WindowGeometry,
  firstRow: number,
  count: number,
  visit: (row: number, image: number, y0: number, x0: number) => void,
): void {
  const positions = g.outRows * g.outCols;
  const imageSize = g.inRows * g.inCols * g.depth;
  let b = Math.floor(firstRow / positions);
  let oy = Math.floor((firstRow % positions) / g.outCols);
  let ox = firstRow % g.outCols;
  for (let row = 0; row < count; row++) {
    visit(row, b * imageSize, oy * g.strideRows - g.padTop, ox * g.strideCols - g.padLeft);
    if (++ox === g.outCols) {
      ox = 0;
      if (++oy === g.outRows) {
        oy = 0;
        b++;
      }
    }
  }
}

/** Runs of at least this many values are copied with `TypedArray.set` rather than a loop. */
const MIN_COPY_RUN = 64;

/** Writes im2col rows `[firstRow, firstRow + count)` of `x` into `cols` (row-major `[count, K]`). */
function im2col(x: FloatArray, g: WindowGeometry, firstRow: number, count: number, cols: FloatArray): void {
  const { inRows, inCols, depth, windowRows, windowCols, dilationRows, dilationCols } = g;
  const rowWidth = windowCols * depth;
  const k = windowRows * rowWidth;
  forEachPosition(g, firstRow, count, (row, image, y0, x0) => {
    const [tapStart, tapEnd] = validTaps(x0, windowCols, dilationCols, inCols);
    const zerosBefore = tapStart * depth;
    const zerosAfter = (windowCols - tapEnd) * depth;
    let dst = row * k;
    for (let di = 0; di < windowRows; di++) {
      const iy = y0 + di * dilationRows;
      if (iy < 0 || iy >= inRows) {
        cols.fill(0, dst, dst + rowWidth);
        dst += rowWidth;
        continue;
      }
      for (let t = 0; t < zerosBefore; t++) cols[dst + t] = 0;
      dst += zerosBefore;
      const inputRow = image + iy * inCols * depth;
      if (dilationCols === 1) {
        // The valid taps are one contiguous run of the input row. Long runs go through `set` (a
        // memcpy, ~4x the element loop for 5×32 values); short ones (5 values for one channel)
        // would spend more on the subarray view than the loop costs.
        const src = inputRow + (x0 + tapStart) * depth;
        const length = (tapEnd - tapStart) * depth;
        if (length >= MIN_COPY_RUN) cols.set(x.subarray(src, src + length), dst);
        else for (let t = 0; t < length; t++) cols[dst + t] = x[src + t]!;
        dst += length;
      } else {
        for (let dj = tapStart; dj < tapEnd; dj++) {
          const src = inputRow + (x0 + dj * dilationCols) * depth;
          for (let c = 0; c < depth; c++) cols[dst + c] = x[src + c]!;
          dst += depth;
        }
      }
      for (let t = 0; t < zerosAfter; t++) cols[dst + t] = 0;
      dst += zerosAfter;
    }
  });
}

/** The adjoint of `im2col`: adds rows `[firstRow, firstRow + count)` of `cols` onto the input positions they were read from. */
function col2im(cols: ArrayLike<number>, g: WindowGeometry, firstRow: number, count: number, dx: Float64Array): void {
  const { inRows, inCols, depth, windowRows, windowCols, dilationRows, dilationCols } = g;
  const rowWidth = windowCols * depth;
  const k = windowRows * rowWidth;
  forEachPosition(g, firstRow, count, (row, image, y0, x0) => {
    const [tapStart, tapEnd] = validTaps(x0, windowCols, dilationCols, inCols);
    for (let di = 0; di < windowRows; di++) {
      const iy = y0 + di * dilationRows;
      if (iy < 0 || iy >= inRows) continue;
      const inputRow = image + iy * inCols * depth;
      const src = row * k + di * rowWidth;
      for (let dj = tapStart; dj < tapEnd; dj++) {
        const dst = inputRow + (x0 + dj * dilationCols) * depth;
        const from = src + dj * depth;
        for (let c = 0; c < depth; c++) dx[dst + c]! += cols[from + c]!;
      }
    }
  });
}

/**
 * The im2col rows `[first, first + count)` of a float32 input as a `[count, K]` matrix: the input
 * itself for a pointwise convolution (`cols` is then null), else written into `cols`.
 */
function patchRows(x: Float32Array, g: WindowGeometry, first: number, count: number, k: number, cols: Float32Array | null): Float32Array {
  if (cols === null) return rowsOf(x, first, count, k);
  im2col(x, g, first, count, cols);
  return cols.subarray(0, count * k);
}

const conv2D: CpuKernelFor<'Conv2D'> = (call) => {
  const x = input(call, 0);
  const filter = input(call, 1);
  const out = output(call, 0).storage as FloatArray;
  const [, , inDepth = 0, outDepth = 0] = filter.shape;
  const g = geometryOf(call, x.shape, filter.shape);
  const { rows, k } = gemmSize(g, inDepth);
  if (out.length === 0) return;
  if (k === 0) {
    out.fill(0);
    return;
  }
  const chunk = rowsPerChunk(k, rows);
  if (useWasmGemm(x.dtype, chunk, k, outDepth)) {
    const xs = x.storage as Float32Array;
    const cols = isPointwise(g) ? null : new Float32Array(chunk * k);
    for (let first = 0; first < rows; first += chunk) {
      const count = Math.min(chunk, rows - first);
      const a = patchRows(xs, g, first, count, k, cols);
      wasmMatMulF32(
        a,
        false,
        filter.storage as Float32Array,
        false,
        rowsOf(out as Float32Array, first, count, outDepth),
        count,
        k,
        outDepth,
      );
    }
    return;
  }
  // The filter as `[N, K]`, so both GEMM operands run along K.
  const filterT = allocLike(x.storage, k * outDepth);
  transposeInto(filter.storage, 0, k, outDepth, filterT);
  if (isPointwise(g)) {
    gemmNT(rows, outDepth, k, x.storage, 0, k, filterT, 0, k, out, 0, outDepth, false);
    return;
  }
  const cols = allocLike(x.storage, chunk * k);
  for (let first = 0; first < rows; first += chunk) {
    const count = Math.min(chunk, rows - first);
    im2col(x.storage as FloatArray, g, first, count, cols);
    gemmNT(count, outDepth, k, cols, 0, k, filterT, 0, k, out, first * outDepth, outDepth, false);
  }
};

const conv2DBackpropInput: CpuKernelFor<'Conv2DBackpropInput'> = (call) => {
  const filter = input(call, 1);
  const dy = input(call, 2);
  const dxTensor = output(call, 0);
  const dx = dxTensor.storage as FloatArray;
  const [, , inDepth = 0, outDepth = 0] = filter.shape;
  const g = geometryOf(call, dxTensor.shape, filter.shape);
  const { rows, k } = gemmSize(g, inDepth);
  if (dx.length === 0) return;
  if (outDepth === 0 || rows === 0) {
    dx.fill(0);
    return;
  }
  const chunk = rowsPerChunk(k, rows);
  if (useWasmGemm(dy.dtype, chunk, outDepth, k)) {
    // dcols = dy · filterᵀ: the filter `[K, N]` is transposed while it is packed.
    const dys = dy.storage as Float32Array;
    const w = filter.storage as Float32Array;
    if (isPointwise(g)) {
      for (let first = 0; first < rows; first += chunk) {
        const count = Math.min(chunk, rows - first);
        wasmMatMulF32(rowsOf(dys, first, count, outDepth), false, w, true, rowsOf(dx as Float32Array, first, count, k), count, outDepth, k);
      }
      return;
    }
    // Overlapping windows still add up in float64, as on the JS path.
    const acc = new Float64Array(dx.length);
    const cols = new Float32Array(chunk * k);
    for (let first = 0; first < rows; first += chunk) {
      const count = Math.min(chunk, rows - first);
      wasmMatMulF32(rowsOf(dys, first, count, outDepth), false, w, true, cols.subarray(0, count * k), count, outDepth, k);
      col2im(cols, g, first, count, acc);
    }
    dx.set(acc);
    return;
  }
  if (isPointwise(g)) {
    // Each input position is read by exactly one output position: the product is dx itself.
    gemmNT(rows, k, outDepth, dy.storage, 0, outDepth, filter.storage, 0, outDepth, dx, 0, k, false);
    return;
  }
  const acc = new Float64Array(dx.length);
  const cols = new Float64Array(chunk * k);
  for (let first = 0; first < rows; first += chunk) {
    const count = Math.min(chunk, rows - first);
    gemmNT(count, k, outDepth, dy.storage, first * outDepth, outDepth, filter.storage, 0, outDepth, cols, 0, k, false);
    col2im(cols, g, first, count, acc);
  }
  dx.set(acc);
};

const conv2DBackpropFilter: CpuKernelFor<'Conv2DBackpropFilter'> = (call) => {
  const x = input(call, 0);
  const dy = input(call, 2);
  const dwTensor = output(call, 0);
  const dw = dwTensor.storage as FloatArray;
  const [, , inDepth = 0, outDepth = 0] = dwTensor.shape;
  const g = geometryOf(call, x.shape, dwTensor.shape);
  const { rows, k } = gemmSize(g, inDepth);
  if (dw.length === 0) return;
  const acc = new Float64Array(k * outDepth);
  const chunk = rowsPerChunk(k, rows);
  if (useWasmGemm(x.dtype, k, chunk, outDepth)) {
    // dW += colsᵀ · dy per chunk: cols `[count, K]` is transposed while it is packed, and the
    // chunks' float32 products add up in float64.
    const xs = x.storage as Float32Array;
    const dys = dy.storage as Float32Array;
    const cols = isPointwise(g) ? null : new Float32Array(chunk * k);
    const product = new Float32Array(k * outDepth);
    for (let first = 0; first < rows; first += chunk) {
      const count = Math.min(chunk, rows - first);
      const a = patchRows(xs, g, first, count, k, cols);
      wasmMatMulF32(a, true, rowsOf(dys, first, count, outDepth), false, product, k, count, outDepth);
      for (let i = 0; i < product.length; i++) acc[i]! += product[i]!;
    }
    dw.set(acc);
    return;
  }
  const cols = allocLike(x.storage, chunk * k);
  const colsT = allocLike(x.storage, chunk * k);
  const dyT = allocLike(dy.storage, chunk * outDepth);
  for (let first = 0; first < rows; first += chunk) {
    const count = Math.min(chunk, rows - first);
    // dW[K×N] = colsᵀ · dy: transpose both so the GEMM runs along the rows (output positions).
    if (isPointwise(g)) {
      transposeInto(x.storage, first * k, count, k, colsT);
    } else {
      im2col(x.storage as FloatArray, g, first, count, cols);
      transposeInto(cols, 0, count, k, colsT);
    }
    transposeInto(dy.storage, first * outDepth, count, outDepth, dyT);
    gemmNT(k, outDepth, count, colsT, 0, count, dyT, 0, count, acc, 0, outDepth, true);
  }
  dw.set(acc);
};

export const conv2DKernels = {
  Conv2D: conv2D,
  Conv2DBackpropInput: conv2DBackpropInput,
  Conv2DBackpropFilter: conv2DBackpropFilter,
} satisfies KernelTable;
