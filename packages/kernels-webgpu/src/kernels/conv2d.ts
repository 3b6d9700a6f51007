import { type AttrsOf, type ConvAttrs, fusedActivation } from '@tf/graph/backend';
import { recordMatMul } from './matmul.js';
import { conv2DBackpropFilterMatMul, conv2DBackpropInputMatMul, conv2DMatMul, type ConvTestHooks } from './shared/conv2d-im2col.js';
import { epilogueKey, epilogueStore, type MatMulEpilogue } from './shared/matmul-epilogue.js';
import type { GpuCall, GpuContext, GpuKernel, GpuTensor, KernelTable } from './shared/types.js';
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

// Conv2D and its gradients on NHWC float32 values with HWIO filters. Each runs as im2col + matmul
// (conv2d-im2col.ts) unless the im2col matrix would not fit or the `_direct` test hook asks for
// the direct loop kernel below.

/** A kernel of conv op `T`, whose attrs may also carry the test hook. */
type ConvKernel<T extends 'Conv2D' | 'Conv2DBackpropInput' | 'Conv2DBackpropFilter'> = GpuKernel<AttrsOf<T> & ConvTestHooks>;

/**
 * The forward convolution of `call`'s input and filter into its output, with a `_FusedConv2D`'s
 * bias and activation applied to each value before its one store when there is an `epilogue`.
 */
function convolve(call: GpuCall<ConvAttrs & ConvTestHooks>, gpu: GpuContext, epilogue?: MatMulEpilogue): void {
  const x = input(call, 0);
  const filter = input(call, 1);
  const out = output(call, 0);
  const outDepth = filter.shape[3] ?? 0;
  const g = convGeometry(call, x.shape, filter.shape);
  if (out.storage.size > 0 && epilogue && (x.storage.size === 0 || filter.storage.size === 0)) {
    // No input channels: every sum is empty, so each output is activation(bias) (the matmul's epilogue on K = 0).
    const rows = out.storage.size / outDepth;
    const empty = (t: GpuTensor, shape: number[]): GpuTensor => ({ storage: t.storage, dtype: t.dtype, shape });
    recordMatMul(gpu, empty(x, [rows, 0]), empty(filter, [0, outDepth]), empty(out, [rows, outDepth]), false, false, epilogue);
    return;
  }
  if (!needsWork(gpu, out, [x, filter])) return;
  if (conv2DMatMul(call, gpu, x, filter, out, g, epilogue)) return;
  gpu.run(
    windowProgram(
      `Conv2D${epilogueKey(epilogue)}`,
      [flat('x', x), flat('f', filter), flat('out', out, true), ...(epilogue ? [flat('bias', epilogue.bias)] : [])],
      g,
      outDepth,
      out.storage.size,
      (shader) => `${splitOutput('extra')}
  var sum = 0.0;
${forEachTapInside(`      let xb = ((b * in_rows + iy) * in_cols + ix) * depth;
      let fb = (di * w_cols + dj) * depth * extra + ch;
      for (var ci = 0; ci < depth; ci = ci + 1) {
        sum = sum + x[xb + ci] * f[fb + ci * extra];
      }`)}
  out[idx] = ${epilogueStore(shader, epilogue, 'f32', false)('sum', 'u32(ch)')};`,
    ),
  );
}

const conv2D: ConvKernel<'Conv2D'> = (call, gpu) => convolve(call, gpu);

/** `activation(conv2d(input, filter) + bias)`: the convolution with the matmul kernels' epilogue. */
const fusedConv2D: GpuKernel<AttrsOf<'_FusedConv2D'> & ConvTestHooks> = (call, gpu) =>
  convolve(call, gpu, { bias: input(call, 2), activation: fusedActivation(call.attrs) });

/** dx[b, iy, ix, ci] = Σ over the taps covering it and the output channels of dy · filter. */
const conv2DBackpropInput: ConvKernel<'Conv2DBackpropInput'> = (call, gpu) => {
  const filter = input(call, 1);
  const dy = input(call, 2);
  const dx = output(call, 0);
  if (!needsWork(gpu, dx, [filter, dy])) return;
  const outDepth = filter.shape[3] ?? 0;
  const g = convGeometry(call, dx.shape, filter.shape);
  if (conv2DBackpropInputMatMul(call, gpu, filter, dy, dx, g)) return;
  gpu.run(
    windowProgram(
      'Conv2DBackpropInput',
      [flat('f', filter), flat('dy', dy), flat('dx', dx, true)],
      g,
      outDepth,
      dx.storage.size,
      () => `${splitInput}
  var sum = 0.0;
${forEachCoveringTap(`      let yb = ((b * out_rows + oy) * out_cols + ox) * extra;
      let fb = ((di * w_cols + dj) * depth + ch) * extra;
      for (var co = 0; co < extra; co = co + 1) {
        sum = sum + dy[yb + co] * f[fb + co];
      }`)}
  dx[idx] = sum;`,
    ),
  );
};

/** dw[di, dj, ci, co] = Σ over images and output positions of x · dy. */
const conv2DBackpropFilter: ConvKernel<'Conv2DBackpropFilter'> = (call, gpu) => {
  const x = input(call, 0);
  const dy = input(call, 2);
  const dw = output(call, 0);
  if (!needsWork(gpu, dw, [x, dy])) return;
  const outDepth = dw.shape[3] ?? 0;
  const g = convGeometry(call, x.shape, dw.shape);
  if (conv2DBackpropFilterMatMul(call, gpu, x, dy, dw, g)) return;
  gpu.run(
    windowProgram(
      'Conv2DBackpropFilter',
      [flat('x', x), flat('dy', dy), flat('dw', dw, true)],
      g,
      outDepth,
      dw.storage.size,
      () => `  let co = idx % extra;
  var rest = idx / extra;
  let ci = rest % depth;
  rest = rest / depth;
  let dj = rest % w_cols;
  let di = rest / w_cols;
  var sum = 0.0;
${forEachOutputOfTap(`        sum = sum + x[((b * in_rows + iy) * in_cols + ix) * depth + ci] * dy[((b * out_rows + oy) * out_cols + ox) * extra + co];`)}
  dw[idx] = sum;`,
    ),
  );
};

export const conv2DKernels = {
  Conv2D: conv2D,
  _FusedConv2D: fusedConv2D,
  Conv2DBackpropInput: conv2DBackpropInput,
  Conv2DBackpropFilter: conv2DBackpropFilter,
} satisfies KernelTable;
