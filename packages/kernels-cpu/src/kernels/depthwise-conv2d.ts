import type { WindowGeometry } from '@tf/graph/backend';
import { geometryOf } from './shared/conv-geometry.js';
import type { CpuKernelFor, KernelTable } from './shared/types.js';
import { input, output } from './shared/util.js';

// DepthwiseConv2dNative and its two backprops as direct loops (NHWC, HWIO filters): each input
// channel has its own `multiplier` filters.

/**
 * Calls `visit(inBase, filterBase, outBase)` for every (image, output position, filter tap) whose
 * tap lands inside the input: the loop nest shared by the three depthwise kernels. Channels are
 * the visitor's contiguous inner loop.
 */
function forEachTap(g: WindowGeometry, outDepth: number, visit: (inBase: number, filterBase: number, outBase: number) => void): void {
  const {
    batch,
    inRows,
    inCols,
    depth,
    windowRows,
    windowCols,
    strideRows,
    strideCols,
    dilationRows,
    dilationCols,
    outRows,
    outCols,
    padTop,
    padLeft,
  } = g;
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

const depthwiseConv2dNative: CpuKernelFor<'DepthwiseConv2dNative'> = (call) => {
  const x = input(call, 0).storage;
  const filterTensor = input(call, 1);
  const f = filterTensor.storage;
  const out = output(call, 0).storage;
  const [, , depth = 0, multiplier = 0] = filterTensor.shape;
  const outDepth = depth * multiplier;
  const g = geometryOf(call, input(call, 0).shape, filterTensor.shape);
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

const depthwiseConv2dNativeBackpropInput: CpuKernelFor<'DepthwiseConv2dNativeBackpropInput'> = (call) => {
  const filterTensor = input(call, 1);
  const f = filterTensor.storage;
  const dy = input(call, 2).storage;
  const dxTensor = output(call, 0);
  const [, , depth = 0, multiplier = 0] = filterTensor.shape;
  const g = geometryOf(call, dxTensor.shape, filterTensor.shape);
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

const depthwiseConv2dNativeBackpropFilter: CpuKernelFor<'DepthwiseConv2dNativeBackpropFilter'> = (call) => {
  const xTensor = input(call, 0);
  const x = xTensor.storage;
  const dy = input(call, 2).storage;
  const dwTensor = output(call, 0);
  const [, , depth = 0, multiplier = 0] = dwTensor.shape;
  const g = geometryOf(call, xTensor.shape, dwTensor.shape);
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

export const depthwiseConv2DKernels = {
  DepthwiseConv2dNative: depthwiseConv2dNative,
  DepthwiseConv2dNativeBackpropInput: depthwiseConv2dNativeBackpropInput,
  DepthwiseConv2dNativeBackpropFilter: depthwiseConv2dNativeBackpropFilter,
} satisfies KernelTable;
