import { windowGeometry, type ConvAttrs, type PoolAttrs, type WindowGeometry } from '@tf/graph';
import type { Program } from '../program.js';
import type { ShaderHelper } from '../shader/shader-helper.js';
import { inputVariable, outputVariable, type TensorVariable } from '../shader/tensor-variable.js';
import { lib } from '../shader/wgsl-lib.js';
import { matMulKernels } from './matmul.js';
import type { GpuCall, GpuContext, GpuKernel, GpuTensor, KernelTable } from './types.js';
import { input, output } from './util.js';

// Conv2D, the depthwise convolution, MaxPool/AvgPool and all their gradients on NHWC float32
// values with HWIO filters, as direct loops: one invocation per output element, gathering
// everything it needs (gradients with respect to an input gather over the windows that cover the
// element instead of scattering, so no atomics are needed). The window arithmetic is the ops' own
// `windowGeometry`, passed as a uniform, so a kernel compiles once whatever the shapes.

/** The geometry uniform's fields, in order; each becomes an `i32` `let` in the shader. */
const FIELDS = [
  'batch',
  'in_rows',
  'in_cols',
  'depth',
  'w_rows',
  'w_cols',
  's_rows',
  's_cols',
  'd_rows',
  'd_cols',
  'out_rows',
  'out_cols',
  'pad_top',
  'pad_left',
  // Conv2D: output channels; depthwise: the channel multiplier; pools: unused.
  'extra',
] as const;

function geometryValues(g: WindowGeometry, extra: number): number[] {
  return [
    g.batch,
    g.inRows,
    g.inCols,
    g.depth,
    g.windowRows,
    g.windowCols,
    g.strideRows,
    g.strideCols,
    g.dilationRows,
    g.dilationCols,
    g.outRows,
    g.outCols,
    g.padTop,
    g.padLeft,
    extra,
  ];
}

/** `let` declarations of every geometry field, and the invocation's index `idx` (bounds-checked). */
function prologue(shader: ShaderHelper): string {
  return `${shader.mainStart()}
  if (global_idx >= ${shader.uniform('total')}) { return; }
  let idx = i32(global_idx);
${FIELDS.map((f, i) => `  let ${f} = ${shader.uniform('g', i)};`).join('\n')}`;
}

/** A program with one invocation per element of `total`. */
function windowProgram(name: string, variables: TensorVariable[], g: WindowGeometry, extra: number, total: number, body: (shader: ShaderHelper) => string): Program {
  return {
    name: 'Window',
    cacheKey: name,
    variables,
    uniforms: [
      { name: 'g', type: 'i32', value: geometryValues(g, extra) },
      { name: 'total', type: 'u32', value: total },
    ],
    dispatch: { invocations: total },
    getShaderSource: (shader) => `${prologue(shader)}
${body(shader)}
}`,
  };
}

function flat(name: string, t: GpuTensor, out = false): TensorVariable {
  return out ? outputVariable(name, t, { shape: [t.storage.size] }) : inputVariable(name, t, { shape: [t.storage.size] });
}

/**
 * Empty outputs need nothing; an output over an empty reduction (an empty input, a filter with no
 * input channels) is all zeros. Returns whether the kernel still has work to do.
 */
function needsWork(gpu: GpuContext, out: GpuTensor, inputs: readonly GpuTensor[]): boolean {
  if (out.storage.size === 0) return false;
  if (inputs.some((t) => t.storage.size === 0)) {
    gpu.clear(out.storage);
    return false;
  }
  return true;
}

/** The window geometry of a convolution call over an input and a filter of these shapes. */
function convGeometry(call: GpuCall, inputShape: readonly number[], filterShape: readonly number[]): WindowGeometry {
  const attrs = call.attrs as unknown as ConvAttrs;
  return windowGeometry(inputShape, filterShape[0] ?? 1, filterShape[1] ?? 1, attrs.strides, attrs.dilations, attrs.padding);
}

/** The window geometry of a pooling call over an input of this shape. */
function poolGeometry(call: GpuCall, inputShape: readonly number[]): WindowGeometry {
  const attrs = call.attrs as unknown as PoolAttrs;
  return windowGeometry(inputShape, attrs.ksize[1] ?? 1, attrs.ksize[2] ?? 1, attrs.strides, undefined, attrs.padding);
}

// --- WGSL fragments ----------------------------------------------------------------------------

/** Splits `idx` over an NHWC output `[batch, out_rows, out_cols, channels]` into `b, oy, ox, ch`. */
function splitOutput(channels: string): string {
  return `  let ch = idx % (${channels});
  var rest = idx / (${channels});
  let ox = rest % out_cols;
  rest = rest / out_cols;
  let oy = rest % out_rows;
  let b = rest / out_rows;`;
}

/** Splits `idx` over an NHWC input `[batch, in_rows, in_cols, depth]` into `b, iy, ix, ch`. */
const splitInput = `  let ch = idx % depth;
  var rest = idx / depth;
  let ix = rest % in_cols;
  rest = rest / in_cols;
  let iy = rest % in_rows;
  let b = rest / in_rows;`;

/**
 * Loops over the taps `(di, dj)` of output `(b, oy, ox)`'s window that land inside the input, at
 * `(iy, ix)`, running `body` for each.
 */
function forEachTapInside(body: string): string {
  return `  for (var di = 0; di < w_rows; di = di + 1) {
    let iy = oy * s_rows - pad_top + di * d_rows;
    if (iy < 0 || iy >= in_rows) { continue; }
    for (var dj = 0; dj < w_cols; dj = dj + 1) {
      let ix = ox * s_cols - pad_left + dj * d_cols;
      if (ix < 0 || ix >= in_cols) { continue; }
${body}
    }
  }`;
}

/**
 * Loops over every image `b` and output position `(oy, ox)` whose window tap `(di, dj)` lands
 * inside the input, at `(iy, ix)`, running `body` for each (the filter gradients' sum).
 */
function forEachOutputOfTap(body: string): string {
  return `  for (var b = 0; b < batch; b = b + 1) {
    for (var oy = 0; oy < out_rows; oy = oy + 1) {
      let iy = oy * s_rows - pad_top + di * d_rows;
      if (iy < 0 || iy >= in_rows) { continue; }
      for (var ox = 0; ox < out_cols; ox = ox + 1) {
        let ix = ox * s_cols - pad_left + dj * d_cols;
        if (ix < 0 || ix >= in_cols) { continue; }
${body}
      }
    }
  }`;
}

/**
 * Loops over the output positions `(oy, ox)` whose window tap `(di, dj)` lands on input `(iy, ix)`
 * (`oy·s_rows − pad_top + di·d_rows = iy`), running `body` for each.
 */
function forEachCoveringTap(body: string): string {
  return `  for (var di = 0; di < w_rows; di = di + 1) {
    let ty = iy + pad_top - di * d_rows;
    if (ty < 0 || ty % s_rows != 0) { continue; }
    let oy = ty / s_rows;
    if (oy >= out_rows) { continue; }
    for (var dj = 0; dj < w_cols; dj = dj + 1) {
      let tx = ix + pad_left - dj * d_cols;
      if (tx < 0 || tx % s_cols != 0) { continue; }
      let ox = tx / s_cols;
      if (ox >= out_cols) { continue; }
${body}
    }
  }`;
}

/**
 * Loops over the pooling windows (output positions `oy, ox`) that cover input `(iy, ix)`:
 * `oy·s − pad ≤ iy < oy·s − pad + w`.
 */
function forEachCoveringWindow(body: string): string {
  return `  let ay = iy + pad_top - w_rows + 1;
  let oy0 = select(0, (ay + s_rows - 1) / s_rows, ay > 0);
  let oy1 = min(out_rows - 1, (iy + pad_top) / s_rows);
  let ax = ix + pad_left - w_cols + 1;
  let ox0 = select(0, (ax + s_cols - 1) / s_cols, ax > 0);
  let ox1 = min(out_cols - 1, (ix + pad_left) / s_cols);
  for (var oy = oy0; oy <= oy1; oy = oy + 1) {
    for (var ox = ox0; ox <= ox1; ox = ox + 1) {
      let w = ((b * out_rows + oy) * out_cols + ox) * depth + ch;
${body}
    }
  }`;
}

/**
 * A WGSL function giving the flat input index of the max of window `(b, oy, ox)` in channel `ch`:
 * the first in row-major order (strict `>`), a NaN winning over numbers and the first NaN staying,
 * as the CPU kernel.
 */
function argMaxFn(shader: ShaderHelper, x: TensorVariable): string {
  // Integers have no NaN: a plain strict `>`.
  const better = x.type === 'f32' ? `!${lib(shader, 'is_nan')}(best) && (v > best || ${lib(shader, 'is_nan')}(v))` : 'v > best';
  return shader.fn(
    'window_argmax',
    `fn window_argmax(b: i32, oy: i32, ox: i32, ch: i32, g_in_rows: i32, g_in_cols: i32, g_depth: i32, y_start: i32, x_start: i32, w_rows: i32, w_cols: i32) -> i32 {
  let y0 = max(y_start, 0);
  let y1 = min(y_start + w_rows, g_in_rows);
  let x0 = max(x_start, 0);
  let x1 = min(x_start + w_cols, g_in_cols);
  var best_at = ((b * g_in_rows + y0) * g_in_cols + x0) * g_depth + ch;
  var best = ${x.name}[best_at];
  for (var y = y0; y < y1; y = y + 1) {
    for (var xi = x0; xi < x1; xi = xi + 1) {
      let at = ((b * g_in_rows + y) * g_in_cols + xi) * g_depth + ch;
      let v = ${x.name}[at];
      if (${better}) {
        best = v;
        best_at = at;
      }
    }
  }
  return best_at;
}`,
  );
}

/** The flat input index of the max of window `(b, oy, ox)` in channel `ch`; the input is variable 0. */
function windowArgMax(shader: ShaderHelper): string {
  return `${argMaxFn(shader, shader.variables[0]!)}(b, oy, ox, ch, in_rows, in_cols, depth, oy * s_rows - pad_top, ox * s_cols - pad_left, w_rows, w_cols)`;
}

// --- im2col + matmul (Conv2D and its backprops) --------------------------------------------------
//
// With `R = batch·outRows·outCols` output positions and `K = rows·cols·inDepth`, im2col lays each
// position's receptive field out as one row of `cols[R×K]` (zeros in padding), in the filter's
// (row, col, channel) order; the products then run on the matmul kernels:
//   forward:          out[R×N]   = cols · filter[K×N]
//   backprop filter:  dW[K×N]    = colsᵀ · dy[R×N]   (im2col writes colsᵀ itself)
//   backprop input:   dcols[R×K] = dy · filterᵀ, gathered back (col2im) onto dx.
// When `cols` would be too large for one binding the direct kernels below run instead.

/** The most bytes an im2col matrix may take. */
const MAX_COLS_BYTES = 1 << 28;

/** The im2col matrix's size: `rows` output positions by `k` window elements. */
function colsSize(g: WindowGeometry): { rows: number; k: number } {
  return { rows: g.batch * g.outRows * g.outCols, k: g.windowRows * g.windowCols * g.depth };
}

function colsFit(gpu: GpuContext, g: WindowGeometry): boolean {
  const { rows, k } = colsSize(g);
  const bytes = rows * k * 4;
  return bytes <= Math.min(MAX_COLS_BYTES, gpu.limits.maxStorageBufferBindingSize, gpu.limits.maxBufferSize);
}

/** A 1×1 filter at stride 1 without padding: the input already is the im2col matrix. */
function isPointwise(g: WindowGeometry): boolean {
  return g.windowRows === 1 && g.windowCols === 1 && g.strideRows === 1 && g.strideCols === 1 && g.padTop === 0 && g.padLeft === 0;
}

function matMul(gpu: GpuContext, name: string, a: GpuTensor, b: GpuTensor, out: GpuTensor, transposeA: boolean, transposeB: boolean): void {
  const call: GpuCall = { type: 'MatMul', name, attrs: { transposeA, transposeB }, inputs: [a, b], outputs: [out], hostValues: [undefined, undefined], state: {} };
  matMulKernels['MatMul']!(call, gpu);
}

function matrix(t: GpuTensor, rows: number, cols: number): GpuTensor {
  return { storage: t.storage, dtype: t.dtype, shape: [rows, cols] };
}

/**
 * The im2col matrix of `x` in a temporary buffer (release it after use): `[R×K]`, or its
 * transpose `[K×R]` when `transposed` (so the filter gradient's product needs no transpose).
 */
function im2col(gpu: GpuContext, x: GpuTensor, g: WindowGeometry, transposed = false): GpuTensor {
  const { rows, k } = colsSize(g);
  const cols: GpuTensor = { storage: gpu.temp(x.dtype, rows * k), dtype: x.dtype, shape: transposed ? [k, rows] : [rows, k] };
  const split = transposed
    ? `  let positions = batch * out_rows * out_cols;
  let kk = idx / positions;
  var rest = idx % positions;`
    : `  let kk = idx % extra;
  var rest = idx / extra;`;
  gpu.run(
    windowProgram(transposed ? 'Im2ColT' : 'Im2Col', [flat('x', x), flat('cols', cols, true)], g, k, rows * k, () => `${split}
  let ox = rest % out_cols;
  rest = rest / out_cols;
  let oy = rest % out_rows;
  let b = rest / out_rows;
  let ci = kk % depth;
  let tap = kk / depth;
  let iy = oy * s_rows - pad_top + (tap / w_cols) * d_rows;
  let ix = ox * s_cols - pad_left + (tap % w_cols) * d_cols;
  var v = 0.0;
  if (iy >= 0 && iy < in_rows && ix >= 0 && ix < in_cols) {
    v = x[((b * in_rows + iy) * in_cols + ix) * depth + ci];
  }
  cols[idx] = v;`),
  );
  return cols;
}

/** dx gathered from `dcols[R×K]`: each input element sums the entries that read it. */
function col2im(gpu: GpuContext, dcols: GpuTensor, dx: GpuTensor, g: WindowGeometry): void {
  const { k } = colsSize(g);
  gpu.run(
    windowProgram('Col2Im', [flat('dcols', dcols), flat('dx', dx, true)], g, k, dx.storage.size, () => `${splitInput}
  var sum = 0.0;
${forEachCoveringTap(`      sum = sum + dcols[((b * out_rows + oy) * out_cols + ox) * extra + (di * w_cols + dj) * depth + ch];`)}
  dx[idx] = sum;`),
  );
}

/** Conv2D by im2col + matmul; false when the im2col matrix would not fit. */
function conv2DMatMul(call: GpuCall, gpu: GpuContext, x: GpuTensor, filter: GpuTensor, out: GpuTensor, g: WindowGeometry): boolean {
  if (!colsFit(gpu, g)) return false;
  const { rows, k } = colsSize(g);
  const n = filter.shape[3]!;
  if (isPointwise(g)) {
    matMul(gpu, call.name, matrix(x, rows, k), matrix(filter, k, n), matrix(out, rows, n), false, false);
    return true;
  }
  const cols = im2col(gpu, x, g);
  matMul(gpu, call.name, cols, matrix(filter, k, n), matrix(out, rows, n), false, false);
  gpu.release(cols.storage);
  return true;
}

function conv2DBackpropFilterMatMul(call: GpuCall, gpu: GpuContext, x: GpuTensor, dy: GpuTensor, dw: GpuTensor, g: WindowGeometry): boolean {
  if (!colsFit(gpu, g)) return false;
  const { rows, k } = colsSize(g);
  const n = dw.shape[3]!;
  if (isPointwise(g)) {
    matMul(gpu, call.name, matrix(x, rows, k), matrix(dy, rows, n), matrix(dw, k, n), true, false);
    return true;
  }
  const colsT = im2col(gpu, x, g, true);
  matMul(gpu, call.name, colsT, matrix(dy, rows, n), matrix(dw, k, n), false, false);
  gpu.release(colsT.storage);
  return true;
}

function conv2DBackpropInputMatMul(call: GpuCall, gpu: GpuContext, filter: GpuTensor, dy: GpuTensor, dx: GpuTensor, g: WindowGeometry): boolean {
  if (!colsFit(gpu, g)) return false;
  const { rows, k } = colsSize(g);
  const n = filter.shape[3]!;
  if (isPointwise(g)) {
    matMul(gpu, call.name, matrix(dy, rows, n), matrix(filter, k, n), matrix(dx, rows, k), false, true);
    return true;
  }
  const dcols: GpuTensor = { storage: gpu.temp(dx.dtype, rows * k), dtype: dx.dtype, shape: [rows, k] };
  matMul(gpu, call.name, matrix(dy, rows, n), matrix(filter, k, n), dcols, false, true);
  col2im(gpu, dcols, dx, g);
  gpu.release(dcols.storage);
  return true;
}

// --- Conv2D --------------------------------------------------------------------------------------

const conv2D: GpuKernel = (call, gpu) => {
  const x = input(call, 0);
  const filter = input(call, 1);
  const out = output(call, 0);
  if (!needsWork(gpu, out, [x, filter])) return;
  const outDepth = filter.shape[3] ?? 0;
  const g = convGeometry(call, x.shape, filter.shape);
  if (call.attrs['_direct'] !== true && conv2DMatMul(call, gpu, x, filter, out, g)) return;
  gpu.run(
    windowProgram('Conv2D', [flat('x', x), flat('f', filter), flat('out', out, true)], g, outDepth, out.storage.size, () => `${splitOutput('extra')}
  var sum = 0.0;
${forEachTapInside(`      let xb = ((b * in_rows + iy) * in_cols + ix) * depth;
      let fb = (di * w_cols + dj) * depth * extra + ch;
      for (var ci = 0; ci < depth; ci = ci + 1) {
        sum = sum + x[xb + ci] * f[fb + ci * extra];
      }`)}
  out[idx] = sum;`),
  );
};

/** dx[b, iy, ix, ci] = Σ over the taps covering it and the output channels of dy · filter. */
const conv2DBackpropInput: GpuKernel = (call, gpu) => {
  const filter = input(call, 1);
  const dy = input(call, 2);
  const dx = output(call, 0);
  if (!needsWork(gpu, dx, [filter, dy])) return;
  const outDepth = filter.shape[3] ?? 0;
  const g = convGeometry(call, dx.shape, filter.shape);
  if (call.attrs['_direct'] !== true && conv2DBackpropInputMatMul(call, gpu, filter, dy, dx, g)) return;
  gpu.run(
    windowProgram('Conv2DBackpropInput', [flat('f', filter), flat('dy', dy), flat('dx', dx, true)], g, outDepth, dx.storage.size, () => `${splitInput}
  var sum = 0.0;
${forEachCoveringTap(`      let yb = ((b * out_rows + oy) * out_cols + ox) * extra;
      let fb = ((di * w_cols + dj) * depth + ch) * extra;
      for (var co = 0; co < extra; co = co + 1) {
        sum = sum + dy[yb + co] * f[fb + co];
      }`)}
  dx[idx] = sum;`),
  );
};

/** dw[di, dj, ci, co] = Σ over images and output positions of x · dy. */
const conv2DBackpropFilter: GpuKernel = (call, gpu) => {
  const x = input(call, 0);
  const dy = input(call, 2);
  const dw = output(call, 0);
  if (!needsWork(gpu, dw, [x, dy])) return;
  const outDepth = dw.shape[3] ?? 0;
  const g = convGeometry(call, x.shape, dw.shape);
  if (call.attrs['_direct'] !== true && conv2DBackpropFilterMatMul(call, gpu, x, dy, dw, g)) return;
  gpu.run(
    windowProgram('Conv2DBackpropFilter', [flat('x', x), flat('dy', dy), flat('dw', dw, true)], g, outDepth, dw.storage.size, () => `  let co = idx % extra;
  var rest = idx / extra;
  let ci = rest % depth;
  rest = rest / depth;
  let dj = rest % w_cols;
  let di = rest / w_cols;
  var sum = 0.0;
${forEachOutputOfTap(`        sum = sum + x[((b * in_rows + iy) * in_cols + ix) * depth + ci] * dy[((b * out_rows + oy) * out_cols + ox) * extra + co];`)}
  dw[idx] = sum;`),
  );
};

// --- Depthwise -----------------------------------------------------------------------------------

/** out[b, oy, ox, c·m + q] = Σ over taps of x[…, c] · filter[di, dj, c, q]. */
const depthwiseConv2dNative: GpuKernel = (call, gpu) => {
  const x = input(call, 0);
  const filter = input(call, 1);
  const out = output(call, 0);
  if (!needsWork(gpu, out, [x, filter])) return;
  const multiplier = filter.shape[3] ?? 0;
  const g = convGeometry(call, x.shape, filter.shape);
  gpu.run(
    windowProgram('DepthwiseConv2dNative', [flat('x', x), flat('f', filter), flat('out', out, true)], g, multiplier, out.storage.size, () => `${splitOutput('depth * extra')}
  let c = ch / extra;
  var sum = 0.0;
${forEachTapInside(`      sum = sum + x[((b * in_rows + iy) * in_cols + ix) * depth + c] * f[(di * w_cols + dj) * depth * extra + ch];`)}
  out[idx] = sum;`),
  );
};

const depthwiseBackpropInput: GpuKernel = (call, gpu) => {
  const filter = input(call, 1);
  const dy = input(call, 2);
  const dx = output(call, 0);
  if (!needsWork(gpu, dx, [filter, dy])) return;
  const multiplier = filter.shape[3] ?? 0;
  const g = convGeometry(call, dx.shape, filter.shape);
  gpu.run(
    windowProgram('DepthwiseBackpropInput', [flat('f', filter), flat('dy', dy), flat('dx', dx, true)], g, multiplier, dx.storage.size, () => `${splitInput}
  var sum = 0.0;
${forEachCoveringTap(`      let yb = ((b * out_rows + oy) * out_cols + ox) * depth * extra + ch * extra;
      let fb = (di * w_cols + dj) * depth * extra + ch * extra;
      for (var q = 0; q < extra; q = q + 1) {
        sum = sum + dy[yb + q] * f[fb + q];
      }`)}
  dx[idx] = sum;`),
  );
};

const depthwiseBackpropFilter: GpuKernel = (call, gpu) => {
  const x = input(call, 0);
  const dy = input(call, 2);
  const dw = output(call, 0);
  if (!needsWork(gpu, dw, [x, dy])) return;
  const multiplier = dw.shape[3] ?? 0;
  const g = convGeometry(call, x.shape, dw.shape);
  gpu.run(
    windowProgram('DepthwiseBackpropFilter', [flat('x', x), flat('dy', dy), flat('dw', dw, true)], g, multiplier, dw.storage.size, () => `  let oc = idx % (depth * extra);
  let c = oc / extra;
  var rest = idx / (depth * extra);
  let dj = rest % w_cols;
  let di = rest / w_cols;
  var sum = 0.0;
${forEachOutputOfTap(`        sum = sum + x[((b * in_rows + iy) * in_cols + ix) * depth + c] * dy[((b * out_rows + oy) * out_cols + ox) * depth * extra + oc];`)}
  dw[idx] = sum;`),
  );
};

// --- Pooling -------------------------------------------------------------------------------------

const maxPool: GpuKernel = (call, gpu) => {
  const x = input(call, 0);
  const out = output(call, 0);
  if (!needsWork(gpu, out, [x])) return;
  const g = poolGeometry(call, x.shape);
  gpu.run(
    windowProgram('MaxPool', [flat('x', x), flat('out', out, true)], g, 0, out.storage.size, (shader) => `${splitOutput('depth')}
  let at = ${windowArgMax(shader)};
  out[idx] = x[at];`),
  );
};

/** Each input element gathers the gradient of every window whose max it is. */
const maxPoolGrad: GpuKernel = (call, gpu) => {
  const x = input(call, 0);
  const grad = input(call, 2);
  const dx = output(call, 0);
  if (!needsWork(gpu, dx, [x, grad])) return;
  const g = poolGeometry(call, x.shape);
  gpu.run(
    windowProgram('MaxPoolGrad', [flat('x', x), flat('grad', grad), flat('dx', dx, true)], g, 0, dx.storage.size, (shader) => `${splitInput}
  var sum = ${shader.variables[1]!.type}(0);
${forEachCoveringWindow(`      if (${windowArgMax(shader)} == idx) { sum = sum + grad[w]; }`)}
  dx[idx] = sum;`),
  );
};

/** `grad` (shaped like MaxPool's input) read at each window's max. */
const maxPoolGradGrad: GpuKernel = (call, gpu) => {
  const x = input(call, 0);
  const grad = input(call, 2);
  const out = output(call, 0);
  if (!needsWork(gpu, out, [x, grad])) return;
  const g = poolGeometry(call, x.shape);
  gpu.run(
    windowProgram('MaxPoolGradGrad', [flat('x', x), flat('grad', grad), flat('out', out, true)], g, 0, out.storage.size, (shader) => `${splitOutput('depth')}
  let at = ${windowArgMax(shader)};
  out[idx] = grad[at];`),
  );
};

/** The mean over the part of the window inside the input (SAME padding shrinks border windows). */
const avgPool: GpuKernel = (call, gpu) => {
  const x = input(call, 0);
  const out = output(call, 0);
  if (!needsWork(gpu, out, [x])) return;
  const g = poolGeometry(call, x.shape);
  gpu.run(
    windowProgram('AvgPool', [flat('x', x), flat('out', out, true)], g, 0, out.storage.size, () => `${splitOutput('depth')}
  let y_start = oy * s_rows - pad_top;
  let x_start = ox * s_cols - pad_left;
  let y0 = max(y_start, 0);
  let y1 = min(y_start + w_rows, in_rows);
  let x0 = max(x_start, 0);
  let x1 = min(x_start + w_cols, in_cols);
  var sum = 0.0;
  for (var y = y0; y < y1; y = y + 1) {
    for (var xi = x0; xi < x1; xi = xi + 1) {
      sum = sum + x[((b * in_rows + y) * in_cols + xi) * depth + ch];
    }
  }
  out[idx] = sum / f32((y1 - y0) * (x1 - x0));`),
  );
};

/** Each input element gathers `grad / count` of every window covering it. */
const avgPoolGrad: GpuKernel = (call, gpu) => {
  const grad = input(call, 1);
  const dx = output(call, 0);
  if (!needsWork(gpu, dx, [grad])) return;
  const g = poolGeometry(call, dx.shape);
  gpu.run(
    windowProgram('AvgPoolGrad', [flat('grad', grad), flat('dx', dx, true)], g, 0, dx.storage.size, () => `${splitInput}
  var sum = 0.0;
${forEachCoveringWindow(`      let y_start = oy * s_rows - pad_top;
      let x_start = ox * s_cols - pad_left;
      let count = (min(y_start + w_rows, in_rows) - max(y_start, 0)) * (min(x_start + w_cols, in_cols) - max(x_start, 0));
      sum = sum + grad[w] / f32(count);`)}
  dx[idx] = sum;`),
  );
};

export const convKernels: KernelTable = {
  Conv2D: conv2D,
  Conv2DBackpropInput: conv2DBackpropInput,
  Conv2DBackpropFilter: conv2DBackpropFilter,
  DepthwiseConv2dNative: depthwiseConv2dNative,
  DepthwiseConv2dNativeBackpropInput: depthwiseBackpropInput,
  DepthwiseConv2dNativeBackpropFilter: depthwiseBackpropFilter,
  MaxPool: maxPool,
  MaxPoolGrad: maxPoolGrad,
  MaxPoolGradGrad: maxPoolGradGrad,
  AvgPool: avgPool,
  AvgPoolGrad: avgPoolGrad,
};
