import { fusedActivation, type WindowGeometry } from '@tf/graph/backend';
import { geometryOf } from './shared/conv-geometry.js';
import { allocLike, gemmNT, transposeInto, type FloatArray } from './shared/gemm.js';
import { addBiasAndActivate, gemmEpilogue } from './shared/bias-activation.js';
import { backpropInputGeometry, flipFilter } from './shared/backprop-input-conv.js';
import { col2im, im2col, im2colSource, inputIsIm2col } from './shared/im2col.js';
import { im2colTransposed, transposedIm2colApplies } from './shared/im2col-transposed.js';
import { scratchF32, scratchF64 } from './shared/scratch.js';
import { WASM_MIN_MULTIPLY_ADDS } from './matmul.js';
import type { CpuKernelFor, KernelTable } from './shared/types.js';
import { input, output } from './shared/util.js';
import { type GemmEpilogue, wasmFilterGradientChunksF32, wasmGemmReserve, wasmIm2colMatMulF32, wasmMatMulF32 } from './shared/wasm/gemm.js';
import { wasmIm2col } from './shared/wasm/im2col.js';

// Conv2D and its two backprops as im2col + GEMM (the depthwise ops, direct loops, are in
// depthwise-conv2d.ts). NHWC with HWIO filters (the op definitions reject anything else before a kernel runs).
//
// im2col (shared/im2col.ts) lays each output position's receptive field out as one row of
// `K = rows·cols·in` values. With `R = batch·outRows·outCols` output positions:
//   forward:          out[R×N]   = cols[R×K] · filter[K×N]
//   backprop filter:  dW[K×N]    = colsᵀ[K×R] · dy[R×N]
//   backprop input:   dcols[R×K] = dy[R×N] · filter[K×N]ᵀ, scattered back (col2im) onto dx.
// The R rows are processed in chunks (`rowsPerChunk`), so the scratch stays small whatever the
// batch or image size; where the input already is its im2col matrix (1×1 at stride 1, or a window
// as large as the image) it goes to the GEMM as it is.
//
// float32 chunks run in the WebAssembly SIMD GEMM (shared/wasm/gemm.ts, ~10x the JS loop), which sums
// in float32 like TF's Eigen kernels and takes transposed operands while packing, so the JS
// path's transposed copies are not needed there. Its scratch (im2col chunks, float64
// accumulators) is kept between calls (shared/scratch.ts): a training step allocates nothing.
// float64 (the gradient checks) and products the wasm memory cannot hold, or runtimes without
// WebAssembly, keep the float64-summing `gemmNT`.

/**
 * im2col values per chunk (1 MiB of float32): a chunk is written, copied into the GEMM's memory
 * and packed while it is still in the core's L2 cache, instead of streaming 4 MiB chunks through L3.
 */
const CHUNK_ELEMENTS = 1 << 18;

/**
 * The most output positions per chunk of the filter gradient, whose GEMM sums over them: its
 * kernel keeps one 8-column panel of `dy` (8 × rows floats) in L1 while A streams past, so the
 * panel must stay inside 48 KiB (a whole-batch panel of the MNIST CNN's first layer, 39200 rows,
 * made that product several times slower than its FLOPs). Up to that, longer chunks are better:
 * fewer partial products to add up in float64 (the second layer's 800×64 per chunk).
 */
const FILTER_CHUNK_ROWS = 1024;

/** The filter gradient's im2col values per chunk (4 MiB), so `FILTER_CHUNK_ROWS` applies up to K = 1024. */
const FILTER_CHUNK_ELEMENTS = 1 << 20;

/**
 * Rows of the im2col matrix per chunk: a multiple of 4 (the GEMM's block) near `elements / k`, at
 * most `limit`.
 */
function rowsPerChunk(k: number, rows: number, elements = CHUNK_ELEMENTS, limit = Number.POSITIVE_INFINITY): number {
  return Math.min(rows, limit, Math.max(4, Math.floor(elements / Math.max(k, 1) / 4) * 4));
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

/** The GEMM's size: `rows` output positions by `k` window elements (the im2col matrix's shape). */
function gemmSize(g: WindowGeometry, inDepth: number): { rows: number; k: number } {
  return { rows: g.batch * g.outRows * g.outCols, k: g.windowRows * g.windowCols * inDepth };
}

/**
 * The im2col rows `[first, first + count)` of a float32 input as a `[count, K]` matrix: the input
 * itself where it is its own im2col matrix, else written into the 'cols' scratch: by the
 * WebAssembly im2col straight from a resident input, otherwise behind a copy of the input range
 * those rows read (so the JS im2col moves runs within one array, `copyWithin`).
 */
function patchRows(x: Float32Array, g: WindowGeometry, first: number, count: number, k: number): Float32Array {
  if (inputIsIm2col(g)) return rowsOf(x, first, count, k);
  // A resident input goes straight into the (resident) scratch, in WebAssembly.
  const direct = scratchF32('cols', count * k);
  if (wasmIm2col(x, g, first, count, direct)) return direct;
  const [start, end] = im2colSource(g, first, count);
  const span = end - start;
  const scratch = scratchF32('cols', span + count * k);
  scratch.set(x.subarray(start, end));
  im2col(scratch, -start, g, first, count, scratch, span);
  return scratch.subarray(span, span + count * k);
}

/**
 * The same rows as a `[K, count]` matrix (`colsᵀ`), for inputs where `transposedIm2col` holds:
 * the GEMM takes it transposed while packing, so the product is the same, bit for bit.
 */
function patchColumns(x: Float32Array, g: WindowGeometry, first: number, count: number, k: number): Float32Array {
  // A resident input goes straight into the (resident) scratch, in WebAssembly.
  const direct = scratchF32('cols', count * k);
  if (wasmIm2col(x, g, first, count, direct, true)) return direct;
  const [start, end] = im2colSource(g, first, count);
  const span = end - start;
  const scratch = scratchF32('cols', span + count * k);
  scratch.set(x.subarray(start, end));
  im2colTransposed(scratch, -start, g, first, count, span);
  return scratch.subarray(span, span + count * k);
}

/** Whether the float32 paths build `colsᵀ` (`patchColumns`) rather than the im2col rows. */
function transposedIm2col(g: WindowGeometry): boolean {
  return transposedIm2colApplies(g) && !inputIsIm2col(g);
}

type ForwardCall = Parameters<CpuKernelFor<'Conv2D'>>[0] | Parameters<CpuKernelFor<'_FusedConv2D'>>[0];

/**
 * The forward convolution of `call`'s input and filter into its output. With an `epilogue` (a
 * bias per output channel, and relu or not), the WebAssembly GEMM applies it to each tile as it
 * stores it; returns whether it did (only the float32 WebAssembly paths do; the caller then adds
 * the bias itself).
 */
function convolve(call: ForwardCall, epilogue?: GemmEpilogue): boolean {
  const x = input(call, 0);
  const filter = input(call, 1);
  const out = output(call, 0).storage as FloatArray;
  const [, , inDepth = 0, outDepth = 0] = filter.shape;
  const g = geometryOf(call, x.shape, filter.shape);
  const { rows, k } = gemmSize(g, inDepth);
  if (out.length === 0) return false;
  if (k === 0) {
    out.fill(0);
    return false;
  }
  const chunk = rowsPerChunk(k, rows);
  if (useWasmGemm(x.dtype, chunk, k, outDepth)) {
    const xs = x.storage as Float32Array;
    const transposed = transposedIm2col(g);
    const w = filter.storage as Float32Array;
    const c = out as Float32Array;
    if (!inputIsIm2col(g) && wasmIm2colMatMulF32(xs, g, w, c, rows, k, outDepth, chunk, epilogue, transposed)) return true;
    for (let first = 0; first < rows; first += chunk) {
      const count = Math.min(chunk, rows - first);
      const a = transposed ? patchColumns(xs, g, first, count, k) : patchRows(xs, g, first, count, k);
      wasmMatMulF32(a, transposed, w, false, rowsOf(c, first, count, outDepth), count, k, outDepth, epilogue);
    }
    return true;
  }
  // The filter as `[N, K]`, so both GEMM operands run along K.
  const filterT = allocLike(x.storage, k * outDepth);
  transposeInto(filter.storage, 0, k, outDepth, filterT);
  if (inputIsIm2col(g)) {
    gemmNT(rows, outDepth, k, x.storage, 0, k, filterT, 0, k, out, 0, outDepth, false);
    return false;
  }
  const cols = allocLike(x.storage, chunk * k);
  for (let first = 0; first < rows; first += chunk) {
    const count = Math.min(chunk, rows - first);
    im2col(x.storage as FloatArray, 0, g, first, count, cols, 0);
    gemmNT(count, outDepth, k, cols, 0, k, filterT, 0, k, out, first * outDepth, outDepth, false);
  }
  return false;
}

const conv2D: CpuKernelFor<'Conv2D'> = (call) => {
  convolve(call);
};

/**
 * `_FusedConv2D`: the convolution, then its bias and activation. A float32 convolution in the
 * WebAssembly GEMM with no activation or Relu gets both in the GEMM's tile stores
 * (`gemmEpilogue`); every other case adds them after the convolution, rounding where the unfused
 * `Conv2D → BiasAdd → activation` kernels do.
 */
const fusedConv2D: CpuKernelFor<'_FusedConv2D'> = (call) => {
  const activation = fusedActivation(call.attrs);
  const bias = input(call, 2).storage;
  const epilogue = gemmEpilogue(bias, activation);
  if (convolve(call, epilogue) && epilogue) return;
  addBiasAndActivate(output(call, 0).storage as FloatArray, bias, activation);
};

/**
 * The fewest input channels for which stride-1 Conv2DBackpropInput runs as a forward convolution
 * of dy (shared/backprop-input-conv.ts): they are that GEMM's columns, which its kernel computes
 * 8 at a time, so fewer would waste most of its multiply-adds.
 */
const MIN_FLIPPED_DEPTH = 8;

/**
 * dx for a stride-1 float32 convolution as a forward convolution of dy with the flipped filter,
 * straight into dx; false, having done nothing, where its product does not fit the WebAssembly GEMM.
 */
function backpropInputAsConv(
  w: Float32Array,
  dy: Float32Array,
  dx: Float32Array,
  g: WindowGeometry,
  inDepth: number,
  outDepth: number,
): boolean {
  const flipped = backpropInputGeometry(g, outDepth);
  const { rows, k } = gemmSize(flipped, outDepth);
  const chunk = rowsPerChunk(k, rows);
  if (!useWasmGemm('float32', chunk, k, inDepth)) return false;
  const filter = scratchF32('filter', k * inDepth);
  flipFilter(w, g.windowRows, g.windowCols, inDepth, outDepth, filter);
  if (!inputIsIm2col(flipped) && wasmIm2colMatMulF32(dy, flipped, filter, dx, rows, k, inDepth, chunk)) return true;
  for (let first = 0; first < rows; first += chunk) {
    const count = Math.min(chunk, rows - first);
    wasmMatMulF32(patchRows(dy, flipped, first, count, k), false, filter, false, rowsOf(dx, first, count, inDepth), count, k, inDepth);
  }
  return true;
}

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
  if (dy.dtype === 'float32' && g.strideRows === 1 && g.strideCols === 1 && inDepth >= MIN_FLIPPED_DEPTH && !inputIsIm2col(g)) {
    if (backpropInputAsConv(filter.storage as Float32Array, dy.storage as Float32Array, dx as Float32Array, g, inDepth, outDepth)) return;
  }
  const chunk = rowsPerChunk(k, rows);
  if (useWasmGemm(dy.dtype, chunk, outDepth, k)) {
    // dcols = dy · filterᵀ: the filter `[K, N]` is transposed while it is packed.
    const dys = dy.storage as Float32Array;
    const w = filter.storage as Float32Array;
    if (inputIsIm2col(g)) {
      for (let first = 0; first < rows; first += chunk) {
        const count = Math.min(chunk, rows - first);
        wasmMatMulF32(rowsOf(dys, first, count, outDepth), false, w, true, rowsOf(dx as Float32Array, first, count, k), count, outDepth, k);
      }
      return;
    }
    // Overlapping windows still add up in float64, as on the JS path.
    const acc = scratchF64('acc', dx.length).fill(0);
    const cols = scratchF32('cols', chunk * k);
    for (let first = 0; first < rows; first += chunk) {
      const count = Math.min(chunk, rows - first);
      const dcols = cols.subarray(0, count * k);
      wasmMatMulF32(rowsOf(dys, first, count, outDepth), false, w, true, dcols, count, outDepth, k);
      col2im(dcols, g, first, count, acc);
    }
    dx.set(acc);
    return;
  }
  if (inputIsIm2col(g)) {
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
  const chunk = rowsPerChunk(k, rows, FILTER_CHUNK_ELEMENTS, FILTER_CHUNK_ROWS);
  if (useWasmGemm(x.dtype, k, chunk, outDepth)) {
    // dW += colsᵀ · dy per chunk: cols `[count, K]` is transposed while it is packed, and the
    // chunks' float32 products add up in float64 (one chunk is dW itself).
    const xs = x.storage as Float32Array;
    const dys = dy.storage as Float32Array;
    // colsᵀ is the GEMM's A as it is; the im2col rows are transposed while packed.
    const transposed = transposedIm2col(g);
    const patches = (first: number, count: number) =>
      transposed ? patchColumns(xs, g, first, count, k) : patchRows(xs, g, first, count, k);
    if (chunk === rows) {
      wasmMatMulF32(patches(0, rows), !transposed, dys, false, dw as Float32Array, k, rows, outDepth);
      return;
    }
    const acc = scratchF64('acc', k * outDepth).fill(0);
    // Every thread of the pool building and multiplying whole chunks, or one chunk at a time here.
    const chunks = wasmFilterGradientChunksF32(xs, g, dys, rows, k, outDepth, chunk, transposed);
    if (chunks !== null) {
      for (let c = 0; c < chunks.length; c += acc.length) for (let i = 0; i < acc.length; i++) acc[i]! += chunks[c + i]!;
    } else {
      const product = scratchF32('product', k * outDepth);
      for (let first = 0; first < rows; first += chunk) {
        const count = Math.min(chunk, rows - first);
        wasmMatMulF32(patches(first, count), !transposed, rowsOf(dys, first, count, outDepth), false, product, k, count, outDepth);
        for (let i = 0; i < product.length; i++) acc[i]! += product[i]!;
      }
    }
    dw.set(acc);
    return;
  }
  const acc = new Float64Array(k * outDepth);
  const cols = allocLike(x.storage, chunk * k);
  const colsT = allocLike(x.storage, chunk * k);
  const dyT = allocLike(dy.storage, chunk * outDepth);
  for (let first = 0; first < rows; first += chunk) {
    const count = Math.min(chunk, rows - first);
    // dW[K×N] = colsᵀ · dy: transpose both so the GEMM runs along the rows (output positions).
    if (inputIsIm2col(g)) {
      transposeInto(x.storage, first * k, count, k, colsT);
    } else {
      im2col(x.storage as FloatArray, 0, g, first, count, cols, 0);
      transposeInto(cols, 0, count, k, colsT);
    }
    transposeInto(dy.storage, first * outDepth, count, outDepth, dyT);
    gemmNT(k, outDepth, count, colsT, 0, count, dyT, 0, count, acc, 0, outDepth, true);
  }
  dw.set(acc);
};

export const conv2DKernels = {
  Conv2D: conv2D,
  _FusedConv2D: fusedConv2D,
  Conv2DBackpropInput: conv2DBackpropInput,
  Conv2DBackpropFilter: conv2DBackpropFilter,
} satisfies KernelTable;
