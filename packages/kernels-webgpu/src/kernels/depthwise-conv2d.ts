import type { GpuKernelFor, KernelTable } from './shared/types.js';
import { input, output } from './shared/util.js';
import {
  convGeometry,
  flat,
  forEachCoveringTap,
  forEachOutputOfTap,
  forEachTapInside,
  needsWork,
  splitInput,
  splitOutput,
  windowProgram,
} from './shared/window-program.js';

// The depthwise convolution and its gradients as direct loops on NHWC float32 values with
// `[rows, cols, depth, multiplier]` filters: input channel `c` feeds output channels
// `c·multiplier + q`.

/** out[b, oy, ox, c·m + q] = Σ over taps of x[…, c] · filter[di, dj, c, q]. */
const depthwiseConv2dNative: GpuKernelFor<'DepthwiseConv2dNative'> = (call, gpu) => {
  const x = input(call, 0);
  const filter = input(call, 1);
  const out = output(call, 0);
  if (!needsWork(gpu, out, [x, filter])) return;
  const multiplier = filter.shape[3] ?? 0;
  const g = convGeometry(call, x.shape, filter.shape);
  gpu.run(
    windowProgram(
      'DepthwiseConv2dNative',
      [flat('x', x), flat('f', filter), flat('out', out, true)],
      g,
      multiplier,
      out.storage.size,
      () => `${splitOutput('depth * extra')}
  let c = ch / extra;
  var sum = 0.0;
${forEachTapInside(`      sum = sum + x[((b * in_rows + iy) * in_cols + ix) * depth + c] * f[(di * w_cols + dj) * depth * extra + ch];`)}
  out[idx] = sum;`,
    ),
  );
};

const depthwiseBackpropInput: GpuKernelFor<'DepthwiseConv2dNativeBackpropInput'> = (call, gpu) => {
  const filter = input(call, 1);
  const dy = input(call, 2);
  const dx = output(call, 0);
  if (!needsWork(gpu, dx, [filter, dy])) return;
  const multiplier = filter.shape[3] ?? 0;
  const g = convGeometry(call, dx.shape, filter.shape);
  gpu.run(
    windowProgram(
      'DepthwiseBackpropInput',
      [flat('f', filter), flat('dy', dy), flat('dx', dx, true)],
      g,
      multiplier,
      dx.storage.size,
      () => `${splitInput}
  var sum = 0.0;
${forEachCoveringTap(`      let yb = ((b * out_rows + oy) * out_cols + ox) * depth * extra + ch * extra;
      let fb = (di * w_cols + dj) * depth * extra + ch * extra;
      for (var q = 0; q < extra; q = q + 1) {
        sum = sum + dy[yb + q] * f[fb + q];
      }`)}
  dx[idx] = sum;`,
    ),
  );
};

const depthwiseBackpropFilter: GpuKernelFor<'DepthwiseConv2dNativeBackpropFilter'> = (call, gpu) => {
  const x = input(call, 0);
  const dy = input(call, 2);
  const dw = output(call, 0);
  if (!needsWork(gpu, dw, [x, dy])) return;
  const multiplier = dw.shape[3] ?? 0;
  const g = convGeometry(call, x.shape, dw.shape);
  gpu.run(
    windowProgram(
      'DepthwiseBackpropFilter',
      [flat('x', x), flat('dy', dy), flat('dw', dw, true)],
      g,
      multiplier,
      dw.storage.size,
      () => `  let oc = idx % (depth * extra);
  let c = oc / extra;
  var rest = idx / (depth * extra);
  let dj = rest % w_cols;
  let di = rest / w_cols;
  var sum = 0.0;
${forEachOutputOfTap(`        sum = sum + x[((b * in_rows + iy) * in_cols + ix) * depth + c] * dy[((b * out_rows + oy) * out_cols + ox) * depth * extra + oc];`)}
  dw[idx] = sum;`,
    ),
  );
};

export const depthwiseConv2DKernels = {
  DepthwiseConv2dNative: depthwiseConv2dNative,
  DepthwiseConv2dNativeBackpropInput: depthwiseBackpropInput,
  DepthwiseConv2dNativeBackpropFilter: depthwiseBackpropFilter,
} satisfies KernelTable;
