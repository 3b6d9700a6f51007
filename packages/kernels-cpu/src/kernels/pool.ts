import type { TypedArray } from '@tf/graph';
import { windowGeometry, type PoolAttrs, type WindowGeometry } from '@tf/graph/backend';
import { maxPoolGradInto, maxPoolInto } from './shared/max-pool-loops.js';
import type { CpuKernelFor, KernelTable } from './shared/types.js';
import { input, output } from './shared/util.js';
import { wasmMaxPool, wasmMaxPoolGrad, wasmPoolApplies } from './shared/wasm/pool.js';

// MaxPool, AvgPool and their gradients on NHWC values. A window only covers input elements:
// SAME padding shrinks border windows instead of adding zeros, so a max never comes from padding
// and an average divides by the number of elements actually covered (TF's semantics).
//
// Max ties go to the first position in row-major window order (TF's CPU kernel compares with a
// strict `>`). NaN propagates: the first NaN in a window is its max, and takes the gradient.
// MaxPool and MaxPoolGrad, on every training step of a CNN, run in WebAssembly SIMD for whole 2×2
// windows at stride 2 (shared/wasm/pool.ts), else as inline loops (shared/max-pool-loops.ts), with
// the same results bit for bit; the callback walk below serves the other pools.

function poolGeometry(inputShape: readonly number[], attrs: PoolAttrs): WindowGeometry {
  return windowGeometry(inputShape, attrs.ksize[1] ?? 1, attrs.ksize[2] ?? 1, attrs.strides, undefined, attrs.padding);
}

/**
 * Calls `visit(outBase, y0, y1, x0, x1)` for each output position of every image, with the
 * window clipped to the input: rows `[y0, y1)`, columns `[x0, x1)` (never empty when the
 * output is not). `outBase` is the output offset of channel 0.
 */
function forEachWindow(
  g: WindowGeometry,
  visit: (image: number, outBase: number, y0: number, y1: number, x0: number, x1: number) => void,
): void {
  const { batch, inRows, inCols, depth, windowRows, windowCols, strideRows, strideCols, outRows, outCols, padTop, padLeft } = g;
  for (let b = 0; b < batch; b++) {
    for (let oy = 0; oy < outRows; oy++) {
      const yStart = oy * strideRows - padTop;
      const y0 = Math.max(yStart, 0);
      const y1 = Math.min(yStart + windowRows, inRows);
      for (let ox = 0; ox < outCols; ox++) {
        const xStart = ox * strideCols - padLeft;
        const x0 = Math.max(xStart, 0);
        const x1 = Math.min(xStart + windowCols, inCols);
        visit(b, ((b * outRows + oy) * outCols + ox) * depth, y0, y1, x0, x1);
      }
    }
  }
}

/**
 * For each output position, the flat input index of each channel's max, in `argmax`
 * (`depth` entries), then calls `visit(outBase)`.
 */
function forEachArgMax(x: TypedArray, g: WindowGeometry, visit: (outBase: number, argmax: Int32Array) => void): void {
  const { inRows, inCols, depth } = g;
  const best = new Float64Array(depth);
  const argmax = new Int32Array(depth);
  forEachWindow(g, (b, outBase, y0, y1, x0, x1) => {
    let first = true;
    for (let y = y0; y < y1; y++) {
      for (let xi = x0; xi < x1; xi++) {
        const base = ((b * inRows + y) * inCols + xi) * depth;
        if (first) {
          for (let c = 0; c < depth; c++) {
            best[c] = x[base + c]!;
            argmax[c] = base + c;
          }
          first = false;
          continue;
        }
        for (let c = 0; c < depth; c++) {
          const v = x[base + c]!;
          const m = best[c]!;
          // `m === m`: once a NaN is the max it stays; a later NaN (`v !== v`) replaces a number.
          if (m === m && (v > m || v !== v)) {
            best[c] = v;
            argmax[c] = base + c;
          }
        }
      }
    }
    visit(outBase, argmax);
  });
}

const maxPool: CpuKernelFor<'MaxPool'> = (call) => {
  const x = input(call, 0);
  const out = output(call, 0).storage;
  const g = poolGeometry(x.shape, call.attrs);
  if (x.dtype === 'float32' && wasmPoolApplies(g) && wasmMaxPool(x.storage as Float32Array, g, out as Float32Array)) return;
  maxPoolInto(x.storage, g, out);
};

/** `grad` (shaped like MaxPool's output) added at each window's max position. */
const maxPoolGrad: CpuKernelFor<'MaxPoolGrad'> = (call) => {
  const x = input(call, 0);
  const grad = input(call, 2).storage;
  const dx = output(call, 0).storage;
  const g = poolGeometry(x.shape, call.attrs);
  if (
    x.dtype === 'float32' &&
    wasmPoolApplies(g) &&
    wasmMaxPoolGrad(x.storage as Float32Array, grad as Float32Array, g, dx as Float32Array)
  ) {
    return;
  }
  maxPoolGradInto(x.storage, grad, g, dx);
};

/** `grad` (shaped like MaxPool's input) read at each window's max position. */
const maxPoolGradGrad: CpuKernelFor<'MaxPoolGradGrad'> = (call) => {
  const x = input(call, 0);
  const grad = input(call, 2).storage;
  const out = output(call, 0).storage;
  const g = poolGeometry(x.shape, call.attrs);
  forEachArgMax(x.storage, g, (outBase, argmax) => {
    for (let c = 0; c < g.depth; c++) out[outBase + c] = grad[argmax[c]!]!;
  });
};

const avgPool: CpuKernelFor<'AvgPool'> = (call) => {
  const x = input(call, 0);
  const data = x.storage;
  const out = output(call, 0).storage;
  const g = poolGeometry(x.shape, call.attrs);
  const { inRows, inCols, depth } = g;
  const sum = new Float64Array(depth);
  forEachWindow(g, (b, outBase, y0, y1, x0, x1) => {
    sum.fill(0);
    for (let y = y0; y < y1; y++) {
      for (let xi = x0; xi < x1; xi++) {
        const base = ((b * inRows + y) * inCols + xi) * depth;
        for (let c = 0; c < depth; c++) sum[c]! += data[base + c]!;
      }
    }
    const count = (y1 - y0) * (x1 - x0);
    for (let c = 0; c < depth; c++) out[outBase + c] = sum[c]! / count;
  });
};

/** Each window's `grad / count` added to every input element the window covered. */
const avgPoolGrad: CpuKernelFor<'AvgPoolGrad'> = (call) => {
  const grad = input(call, 1).storage;
  const dxTensor = output(call, 0);
  const g = poolGeometry(dxTensor.shape, call.attrs);
  const { inRows, inCols, depth } = g;
  const acc = new Float64Array(dxTensor.storage.length);
  const share = new Float64Array(depth);
  forEachWindow(g, (b, outBase, y0, y1, x0, x1) => {
    const count = (y1 - y0) * (x1 - x0);
    for (let c = 0; c < depth; c++) share[c] = grad[outBase + c]! / count;
    for (let y = y0; y < y1; y++) {
      for (let xi = x0; xi < x1; xi++) {
        const base = ((b * inRows + y) * inCols + xi) * depth;
        for (let c = 0; c < depth; c++) acc[base + c]! += share[c]!;
      }
    }
  });
  dxTensor.storage.set(acc);
};

export const poolKernels = {
  MaxPool: maxPool,
  MaxPoolGrad: maxPoolGrad,
  MaxPoolGradGrad: maxPoolGradGrad,
  AvgPool: avgPool,
  AvgPoolGrad: avgPoolGrad,
} satisfies KernelTable;
