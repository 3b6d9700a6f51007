import { windowGeometry, type ConvAttrs, type WindowGeometry } from '@tf/graph';
import { allocLike, gemmNT, transposeInto, type FloatArray } from './gemm.js';
import type { CpuKernel, KernelTable } from './types.js';
import { input, output } from './util.js';

// Conv2D and its two backprops as im2col + GEMM, and the depthwise ops as direct loops. All are
// NHWC with HWIO filters (the op definitions reject anything else before a kernel runs).
//
// im2col lays each output position's receptive field out as one row of `K = rows·cols·in`
// values, in the filter's own (row, col, channel) order, with zeros where SAME padding or a
// dilation gap falls outside the input. Then, with `P` output positions per image:
//   forward:          out[P×N]  = cols[P×K] · filter[K×N]
//   backprop filter:  dW[K×N]   = Σ_images colsᵀ[K×P] · dy[P×N]
//   backprop input:   dcols[P×K] = dy[P×N] · filter[K×N]ᵀ, scattered back (col2im) into dx.
// Images are processed in chunks so the scratch stays around `CHUNK_ELEMENTS` values.

const CHUNK_ELEMENTS = 1 << 20;

/** How many images' im2col rows fit in one chunk (at least one). */
function imagesPerChunk(perImage: number, batch: number): number {
  return Math.max(1, Math.min(batch, Math.floor(CHUNK_ELEMENTS / Math.max(perImage, 1))));
}

/** A 1×1 filter at stride 1 without padding: the input already is the im2col matrix. */
function isPointwise(g: WindowGeometry): boolean {
  return g.windowRows === 1 && g.windowCols === 1 && g.strideRows === 1 && g.strideCols === 1 && g.padTop === 0 && g.padLeft === 0;
}

function geometryOf(inputShape: readonly number[], filterShape: readonly number[], attrs: ConvAttrs): WindowGeometry {
  return windowGeometry(inputShape, filterShape[0] ?? 1, filterShape[1] ?? 1, attrs.strides, attrs.dilations, attrs.padding);
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

/** Writes the im2col rows of images `[first, first + count)` of `x` into `cols` (row-major `[count·P, K]`). */
function im2col(x: ArrayLike<number>, g: WindowGeometry, first: number, count: number, cols: FloatArray): void {
  const { inRows, inCols, depth, windowRows, windowCols, strideRows, strideCols, dilationRows, dilationCols, outRows, outCols, padTop, padLeft } = g;
  const rowWidth = windowCols * depth;
  let dst = 0;
  for (let b = first; b < first + count; b++) {
    const image = b * inRows * inCols * depth;
    for (let oy = 0; oy < outRows; oy++) {
      const y0 = oy * strideRows - padTop;
      for (let ox = 0; ox < outCols; ox++) {
        const x0 = ox * strideCols - padLeft;
        const [tapStart, tapEnd] = validTaps(x0, windowCols, dilationCols, inCols);
        const zerosBefore = tapStart * depth;
        const zerosAfter = (windowCols - tapEnd) * depth;
        for (let di = 0; di < windowRows; di++) {
          const iy = y0 + di * dilationRows;
          if (iy < 0 || iy >= inRows) {
            for (let t = 0; t < rowWidth; t++) cols[dst + t] = 0;
            dst += rowWidth;
            continue;
          }
          for (let t = 0; t < zerosBefore; t++) cols[dst + t] = 0;
          dst += zerosBefore;
          const row = image + iy * inCols * depth;
          if (dilationCols === 1) {
            // The valid taps are one contiguous run of the input row.
            const src = row + (x0 + tapStart) * depth;
            const length = (tapEnd - tapStart) * depth;
            for (let t = 0; t < length; t++) cols[dst + t] = x[src + t]!;
            dst += length;
          } else {
            for (let dj = tapStart; dj < tapEnd; dj++) {
              const src = row + (x0 + dj * dilationCols) * depth;
              for (let c = 0; c < depth; c++) cols[dst + c] = x[src + c]!;
              dst += depth;
            }
          }
          for (let t = 0; t < zerosAfter; t++) cols[dst + t] = 0;
          dst += zerosAfter;
        }
      }
    }
  }
}

/** The adjoint of `im2col`: adds each row of `cols` back onto the input positions it was read from. */
function col2im(cols: ArrayLike<number>, g: WindowGeometry, count: number, dx: Float64Array): void {
  const { inRows, inCols, depth, windowRows, windowCols, strideRows, strideCols, dilationRows, dilationCols, outRows, outCols, padTop, padLeft } = g;
  const rowWidth = windowCols * depth;
  let src = 0;
  for (let b = 0; b < count; b++) {
    const image = b * inRows * inCols * depth;
    for (let oy = 0; oy < outRows; oy++) {
      const y0 = oy * strideRows - padTop;
      for (let ox = 0; ox < outCols; ox++) {
        const x0 = ox * strideCols - padLeft;
        const [tapStart, tapEnd] = validTaps(x0, windowCols, dilationCols, inCols);
        for (let di = 0; di < windowRows; di++) {
          const iy = y0 + di * dilationRows;
          if (iy >= 0 && iy < inRows) {
            const row = image + iy * inCols * depth;
            for (let dj = tapStart; dj < tapEnd; dj++) {
              const dst = row + (x0 + dj * dilationCols) * depth;
              const from = src + dj * depth;
              for (let c = 0; c < depth; c++) dx[dst + c]! += cols[from + c]!;
            }
          }
          src += rowWidth;
        }
      }
    }
  }
}

const conv2D: CpuKernel = (call) => {
  const attrs = call.attrs as unknown as ConvAttrs;
  const x = input(call, 0);
  const filter = input(call, 1);
  const out = output(call, 0).storage as FloatArray;
  const [, , inDepth = 0, outDepth = 0] = filter.shape;
  const g = geometryOf(x.shape, filter.shape, attrs);
  const positions = g.outRows * g.outCols;
  const k = g.windowRows * g.windowCols * inDepth;
  if (out.length === 0) return;
  if (k === 0) {
    out.fill(0);
    return;
  }
  // The filter as `[N, K]`, so both GEMM operands run along K.
  const filterT = allocLike(x.storage, k * outDepth);
  transposeInto(filter.storage, 0, k, outDepth, filterT);
  if (isPointwise(g)) {
    gemmNT(g.batch * positions, outDepth, k, x.storage, 0, k, filterT, 0, k, out, 0, outDepth, false);
    return;
  }
  const chunk = imagesPerChunk(positions * k, g.batch);
  const cols = allocLike(x.storage, chunk * positions * k);
  for (let first = 0; first < g.batch; first += chunk) {
    const count = Math.min(chunk, g.batch - first);
    im2col(x.storage, g, first, count, cols);
    gemmNT(count * positions, outDepth, k, cols, 0, k, filterT, 0, k, out, first * positions * outDepth, outDepth, false);
  }
};

const conv2DBackpropInput: CpuKernel = (call) => {
  const attrs = call.attrs as unknown as ConvAttrs;
  const filter = input(call, 1);
  const dy = input(call, 2);
  const dxTensor = output(call, 0);
  const dx = dxTensor.storage as FloatArray;
  const [, , inDepth = 0, outDepth = 0] = filter.shape;
  const g = geometryOf(dxTensor.shape, filter.shape, attrs);
  const positions = g.outRows * g.outCols;
  const k = g.windowRows * g.windowCols * inDepth;
  if (dx.length === 0) return;
  if (outDepth === 0 || positions === 0) {
    dx.fill(0);
    return;
  }
  if (isPointwise(g)) {
    // Each input position is read by exactly one output position: the product is dx itself.
    gemmNT(g.batch * positions, k, outDepth, dy.storage, 0, outDepth, filter.storage, 0, outDepth, dx, 0, k, false);
    return;
  }
  const imageSize = g.inRows * g.inCols * g.depth;
  const chunk = imagesPerChunk(positions * k, g.batch);
  const cols = new Float64Array(chunk * positions * k);
  const acc = new Float64Array(chunk * imageSize);
  for (let first = 0; first < g.batch; first += chunk) {
    const count = Math.min(chunk, g.batch - first);
    gemmNT(count * positions, k, outDepth, dy.storage, first * positions * outDepth, outDepth, filter.storage, 0, outDepth, cols, 0, k, false);
    acc.fill(0);
    col2im(cols, g, count, acc);
    dx.set(acc.subarray(0, count * imageSize), first * imageSize);
  }
};

const conv2DBackpropFilter: CpuKernel = (call) => {
  const attrs = call.attrs as unknown as ConvAttrs;
  const x = input(call, 0);
  const dy = input(call, 2);
  const dwTensor = output(call, 0);
  const dw = dwTensor.storage as FloatArray;
  const [, , inDepth = 0, outDepth = 0] = dwTensor.shape;
  const g = geometryOf(x.shape, dwTensor.shape, attrs);
  const positions = g.outRows * g.outCols;
  const k = g.windowRows * g.windowCols * inDepth;
  if (dw.length === 0) return;
  const acc = new Float64Array(k * outDepth);
  const chunk = imagesPerChunk(positions * k, g.batch);
  const rowsPerChunk = chunk * positions;
  const cols = allocLike(x.storage, rowsPerChunk * k);
  const colsT = allocLike(x.storage, rowsPerChunk * k);
  const dyT = allocLike(dy.storage, rowsPerChunk * outDepth);
  for (let first = 0; first < g.batch && positions > 0; first += chunk) {
    const count = Math.min(chunk, g.batch - first);
    const rows = count * positions;
    // dW[K×N] = colsᵀ · dy: transpose both so the GEMM runs along the rows (output positions).
    if (isPointwise(g)) {
      transposeInto(x.storage, first * positions * k, rows, k, colsT);
    } else {
      im2col(x.storage, g, first, count, cols);
      transposeInto(cols, 0, rows, k, colsT);
    }
    transposeInto(dy.storage, first * positions * outDepth, rows, outDepth, dyT);
    gemmNT(k, outDepth, rows, colsT, 0, rows, dyT, 0, rows, acc, 0, outDepth, true);
  }
  dw.set(acc);
};

// --- Depthwise: each input channel has its own `multiplier` filters -------------------------

/**
 * Calls `visit(inBase, filterBase, outBase)` for every (image, output position, filter tap) whose
 * tap lands inside the input: the loop nest shared by the three depthwise kernels. Channels are
 * the visitor's contiguous inner loop.
 */
function forEachTap(
  g: WindowGeometry,
  outDepth: number,
  visit: (inBase: number, filterBase: number, outBase: number) => void,
): void {
  const { batch, inRows, inCols, depth, windowRows, windowCols, strideRows, strideCols, dilationRows, dilationCols, outRows, outCols, padTop, padLeft } = g;
  for (let b = 0; b < batch; b++) {
    for (let oy = 0; oy < outRows; oy++) {
      for (let ox = 0; ox < outCols; ox++) {
        const outBase = ((b * outRows + oy) * outCols + ox) * outDepth;
        for (let di = 0; di < windowRows; di++) {
          const iy = oy * strideRows - padTop + di * dilationRows;
          if (iy < 0 || iy >= inRows) continue;
          for (let dj = 0; dj < windowCols; dj++) {
            const ix = ox * strideCols - padLeft + dj * dilationCols;
            if (ix < 0 || ix >= inCols) continue;
            visit(((b * inRows + iy) * inCols + ix) * depth, (di * windowCols + dj) * outDepth, outBase);
          }
        }
      }
    }
  }
}

const depthwiseConv2dNative: CpuKernel = (call) => {
  const attrs = call.attrs as unknown as ConvAttrs;
  const x = input(call, 0).storage;
  const filterTensor = input(call, 1);
  const f = filterTensor.storage;
  const out = output(call, 0).storage;
  const [, , depth = 0, multiplier = 0] = filterTensor.shape;
  const outDepth = depth * multiplier;
  const g = geometryOf(input(call, 0).shape, filterTensor.shape, attrs);
  const acc = new Float64Array(out.length);
  forEachTap(g, outDepth, (inBase, filterBase, outBase) => {
    for (let c = 0; c < depth; c++) {
      const v = x[inBase + c]!;
      const o = outBase + c * multiplier;
      const w = filterBase + c * multiplier;
      for (let q = 0; q < multiplier; q++) acc[o + q]! += v * f[w + q]!;
    }
  });
  out.set(acc);
};

const depthwiseConv2dNativeBackpropInput: CpuKernel = (call) => {
  const attrs = call.attrs as unknown as ConvAttrs;
  const filterTensor = input(call, 1);
  const f = filterTensor.storage;
  const dy = input(call, 2).storage;
  const dxTensor = output(call, 0);
  const [, , depth = 0, multiplier = 0] = filterTensor.shape;
  const g = geometryOf(dxTensor.shape, filterTensor.shape, attrs);
  const acc = new Float64Array(dxTensor.storage.length);
  forEachTap(g, depth * multiplier, (inBase, filterBase, outBase) => {
    for (let c = 0; c < depth; c++) {
      const o = outBase + c * multiplier;
      const w = filterBase + c * multiplier;
      let sum = 0;
      for (let q = 0; q < multiplier; q++) sum += dy[o + q]! * f[w + q]!;
      acc[inBase + c]! += sum;
    }
  });
  dxTensor.storage.set(acc);
};

const depthwiseConv2dNativeBackpropFilter: CpuKernel = (call) => {
  const attrs = call.attrs as unknown as ConvAttrs;
  const xTensor = input(call, 0);
  const x = xTensor.storage;
  const dy = input(call, 2).storage;
  const dwTensor = output(call, 0);
  const [, , depth = 0, multiplier = 0] = dwTensor.shape;
  const g = geometryOf(xTensor.shape, dwTensor.shape, attrs);
  const acc = new Float64Array(dwTensor.storage.length);
  forEachTap(g, depth * multiplier, (inBase, filterBase, outBase) => {
    for (let c = 0; c < depth; c++) {
      const v = x[inBase + c]!;
      const o = outBase + c * multiplier;
      const w = filterBase + c * multiplier;
      for (let q = 0; q < multiplier; q++) acc[w + q]! += v * dy[o + q]!;
    }
  });
  dwTensor.storage.set(acc);
};

export const convKernels: KernelTable = {
  Conv2D: conv2D,
  Conv2DBackpropInput: conv2DBackpropInput,
  Conv2DBackpropFilter: conv2DBackpropFilter,
  DepthwiseConv2dNative: depthwiseConv2dNative,
  DepthwiseConv2dNativeBackpropInput: depthwiseConv2dNativeBackpropInput,
  DepthwiseConv2dNativeBackpropFilter: depthwiseConv2dNativeBackpropFilter,
};
