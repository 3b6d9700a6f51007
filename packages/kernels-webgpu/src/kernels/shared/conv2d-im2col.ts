import type { WindowGeometry } from '@tf/graph/backend';
import { recordMatMul } from '../matmul.js';
import type { MatMulEpilogue } from './matmul-epilogue.js';
import { runReduction } from './reduce-program.js';
import type { GpuCall, GpuContext, GpuTensor } from './types.js';
import { inputVariable, outputVariable } from '../../shader/tensor-variable.js';
import { flat, forEachCoveringTap, splitInput, windowProgram } from './window-program.js';

// Conv2D and its backprops by im2col + matmul. With `R = batch·outRows·outCols` output positions
// and `K = rows·cols·inDepth`, im2col lays each position's receptive field out as one row of
// `cols[R×K]` (zeros in padding), in the filter's (row, col, channel) order; the products then
// run on the matmul kernels:
//   forward:          out[R×N]   = cols · filter[K×N]
//   backprop filter:  dW[K×N]    = colsᵀ · dy[R×N]   (im2col writes colsᵀ itself)
//   backprop input:   dcols[R×K] = dy · filterᵀ, gathered back (col2im) onto dx.
// When `cols` would be too large for one binding the direct kernels (conv2d.ts) run instead.

/**
 * A test hook, not a TF attr: conv tests add `_direct: true` to a Conv2D (or backprop) call's
 * attrs to run the direct loop kernels (conv2d.ts) on shapes that would take im2col, so both paths
 * are tested on the same cases. Graphs never set it.
 */
export interface ConvTestHooks {
  readonly _direct?: boolean;
}

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

function matrix(t: GpuTensor, rows: number, cols: number): GpuTensor {
  return { storage: t.storage, dtype: t.dtype, shape: [rows, cols] };
}

/**
 * The im2col matrix of `x` in a temporary buffer (release it after use): `[R×K]`, or its
 * transpose `[K×R]` when `transposed` (so the filter gradient's product needs no transpose).
 */
function im2col(gpu: GpuContext, x: GpuTensor, g: WindowGeometry, transposed = false): GpuTensor {
  if (!transposed && g.depth % 4 === 0) return im2colVec4(gpu, x, g);
  const { rows, k } = colsSize(g);
  const cols: GpuTensor = { storage: gpu.temp(x.dtype, rows * k), dtype: x.dtype, shape: transposed ? [k, rows] : [rows, k] };
  const split = transposed
    ? `  let positions = batch * out_rows * out_cols;
  let kk = idx / positions;
  var rest = idx % positions;`
    : `  let kk = idx % extra;
  var rest = idx / extra;`;
  gpu.run(
    windowProgram(
      transposed ? 'Im2ColT' : 'Im2Col',
      [flat('x', x), flat('cols', cols, true)],
      g,
      k,
      rows * k,
      () => `${split}
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
  cols[idx] = v;`,
    ),
  );
  return cols;
}

/**
 * `im2col` for an input depth that is a multiple of 4: four consecutive entries of a row are four
 * consecutive channels of one tap, so each invocation moves one `vec4` (zeros in padding). A
 * quarter of the index arithmetic and storage accesses, which is what the pass costs on CPU
 * implementations of WebGPU (SwiftShader); the matrix is the scalar program's.
 */
function im2colVec4(gpu: GpuContext, x: GpuTensor, g: WindowGeometry): GpuTensor {
  const { rows, k } = colsSize(g);
  const cols: GpuTensor = { storage: gpu.temp(x.dtype, rows * k), dtype: x.dtype, shape: [rows, k] };
  gpu.run(
    windowProgram(
      'Im2ColVec4',
      [
        inputVariable('x', x, { shape: [x.storage.size / 4], components: 4 }),
        outputVariable('cols', cols, { shape: [(rows * k) / 4], components: 4 }),
      ],
      g,
      k,
      (rows * k) / 4,
      () => `  let e = idx * 4;
  let kk = e % extra;
  var rest = e / extra;
  let ox = rest % out_cols;
  rest = rest / out_cols;
  let oy = rest % out_rows;
  let b = rest / out_rows;
  let ci = kk % depth;
  let tap = kk / depth;
  let iy = oy * s_rows - pad_top + (tap / w_cols) * d_rows;
  let ix = ox * s_cols - pad_left + (tap % w_cols) * d_cols;
  var v = vec4<f32>(0.0);
  if (iy >= 0 && iy < in_rows && ix >= 0 && ix < in_cols) {
    v = x[(((b * in_rows + iy) * in_cols + ix) * depth + ci) / 4];
  }
  cols[idx] = v;`,
    ),
  );
  return cols;
}

/** dx gathered from `dcols[R×K]`: each input element sums the entries that read it. */
function col2im(gpu: GpuContext, dcols: GpuTensor, dx: GpuTensor, g: WindowGeometry): void {
  const { k } = colsSize(g);
  if (g.depth % 4 === 0) {
    // Four consecutive channels of dx read four consecutive entries of each dcols row: one vec4
    // per covering tap, summed lane by lane in the scalar program's order.
    gpu.run(
      windowProgram(
        'Col2ImVec4',
        [
          inputVariable('dcols', dcols, { shape: [dcols.storage.size / 4], components: 4 }),
          outputVariable('dx', dx, { shape: [dx.storage.size / 4], components: 4 }),
        ],
        g,
        k,
        dx.storage.size / 4,
        () => `${splitInput.replace('let ch = idx % depth;\n  var rest = idx / depth;', 'let ch = (idx * 4) % depth;\n  var rest = (idx * 4) / depth;')}
  var sum = vec4<f32>(0.0);
${forEachCoveringTap(`      sum = sum + dcols[(((b * out_rows + oy) * out_cols + ox) * extra + (di * w_cols + dj) * depth + ch) / 4];`)}
  dx[idx] = sum;`,
      ),
    );
    return;
  }
  gpu.run(
    windowProgram(
      'Col2Im',
      [flat('dcols', dcols), flat('dx', dx, true)],
      g,
      k,
      dx.storage.size,
      () => `${splitInput}
  var sum = 0.0;
${forEachCoveringTap(`      sum = sum + dcols[((b * out_rows + oy) * out_cols + ox) * extra + (di * w_cols + dj) * depth + ch];`)}
  dx[idx] = sum;`,
    ),
  );
}

/**
 * How many row blocks to split the filter gradient's reduction over the R output positions into:
 * a small K×N gradient (a first layer's 25×32) is a few hundred invocations at most, each
 * looping over all R = batch·outRows·outCols rows (39,200 for MNIST at batch 50): on SwiftShader
 * one workgroup doing all the work. Split, the blocks' products run side by side and a column sum
 * adds them. 1 when the product has enough invocations or R is short or has no suitable divisor.
 */
function reductionSplit(rows: number, k: number, n: number): number {
  const invocations = Math.ceil(k / 8) * Math.ceil(n / 16);
  if (invocations >= 256) return 1;
  for (let split = 64; split >= 4; split--) if (rows % split === 0 && rows / split >= 128) return split;
  return 1;
}

/** Whether a conv call runs as im2col + matmul: the matrix fits, and no test asked for the direct kernel. */
function useIm2col(call: GpuCall<ConvTestHooks>, gpu: GpuContext, g: WindowGeometry): boolean {
  return call.attrs._direct !== true && colsFit(gpu, g);
}

/**
 * Conv2D by im2col + matmul (with `_FusedConv2D`'s bias and activation in the matmul's store);
 * false when it should run the direct kernel instead (`useIm2col`).
 */
export function conv2DMatMul(
  call: GpuCall<ConvTestHooks>,
  gpu: GpuContext,
  x: GpuTensor,
  filter: GpuTensor,
  out: GpuTensor,
  g: WindowGeometry,
  epilogue?: MatMulEpilogue,
): boolean {
  if (!useIm2col(call, gpu, g)) return false;
  const { rows, k } = colsSize(g);
  const n = filter.shape[3]!;
  if (isPointwise(g)) {
    recordMatMul(gpu, matrix(x, rows, k), matrix(filter, k, n), matrix(out, rows, n), false, false, epilogue);
    return true;
  }
  const cols = im2col(gpu, x, g);
  recordMatMul(gpu, cols, matrix(filter, k, n), matrix(out, rows, n), false, false, epilogue);
  gpu.release(cols.storage);
  return true;
}

export function conv2DBackpropFilterMatMul(
  call: GpuCall<ConvTestHooks>,
  gpu: GpuContext,
  x: GpuTensor,
  dy: GpuTensor,
  dw: GpuTensor,
  g: WindowGeometry,
): boolean {
  if (!useIm2col(call, gpu, g)) return false;
  const { rows, k } = colsSize(g);
  const n = dw.shape[3]!;
  if (isPointwise(g)) {
    recordMatMul(gpu, matrix(x, rows, k), matrix(dy, rows, n), matrix(dw, k, n), true, false);
    return true;
  }
  const split = reductionSplit(rows, k, n);
  if (split > 1) {
    // dW = Σ_s cols_sᵀ · dy_s over `split` row blocks of the contiguous cols [R×K] and dy [R×N]:
    // a batched product, then a column sum of the partial [split, K·N] products.
    const cols = im2col(gpu, x, g);
    const partial: GpuTensor = { storage: gpu.temp(dw.dtype, split * k * n), dtype: dw.dtype, shape: [split, k, n] };
    const block = rows / split;
    recordMatMul(gpu, { ...cols, shape: [split, block, k] }, { ...dy, shape: [split, block, n] }, partial, true, false);
    runReduction(gpu, 'Sum', { ...partial, shape: [split, k * n] }, { ...dw, shape: [k * n] }, new Set([0]));
    gpu.release(cols.storage);
    gpu.release(partial.storage);
    return true;
  }
  if (g.depth % 4 === 0) {
    // dW = colsᵀ · dy with cols from the vec4 im2col: the matmul reads Aᵀ as vec4s along M, so
    // the transpose costs nothing there, while the transposed im2col writes one scalar at a time.
    const cols = im2col(gpu, x, g);
    recordMatMul(gpu, cols, matrix(dy, rows, n), matrix(dw, k, n), true, false);
    gpu.release(cols.storage);
    return true;
  }
  const colsT = im2col(gpu, x, g, true);
  recordMatMul(gpu, colsT, matrix(dy, rows, n), matrix(dw, k, n), false, false);
  gpu.release(colsT.storage);
  return true;
}

export function conv2DBackpropInputMatMul(
  call: GpuCall<ConvTestHooks>,
  gpu: GpuContext,
  filter: GpuTensor,
  dy: GpuTensor,
  dx: GpuTensor,
  g: WindowGeometry,
): boolean {
  if (!useIm2col(call, gpu, g)) return false;
  const { rows, k } = colsSize(g);
  const n = filter.shape[3]!;
  if (isPointwise(g)) {
    recordMatMul(gpu, matrix(dy, rows, n), matrix(filter, k, n), matrix(dx, rows, k), false, true);
    return true;
  }
  const dcols: GpuTensor = { storage: gpu.temp(dx.dtype, rows * k), dtype: dx.dtype, shape: [rows, k] };
  recordMatMul(gpu, matrix(dy, rows, n), matrix(filter, k, n), dcols, false, true);
  col2im(gpu, dcols, dx, g);
  gpu.release(dcols.storage);
  return true;
}
