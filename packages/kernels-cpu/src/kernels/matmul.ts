import type { TypedArray } from '@tf/graph';
import { sizeOf } from '@tf/graph/backend';
import { broadcastStrides } from './shared/broadcast.js';
import type { CpuCall, CpuKernelFor, KernelTable } from './shared/types.js';
import { input, output } from './shared/util.js';
import { wasmGemmReserve, wasmMatMulF32 } from './shared/wasm/gemm.js';

/** A row-major copy of the `rows × cols` matrix `m`, transposed (`cols × rows`), in `into` when given. */
function transposed(m: TypedArray, rows: number, cols: number, into?: TypedArray): TypedArray {
  const t = into ?? new (m.constructor as new (n: number) => TypedArray)(m.length);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) t[c * rows + r] = m[r * cols + c]!;
  }
  return t;
}

/**
 * Products of at least this many multiply-adds (m·k·n) go to the WebAssembly kernel. Its fixed
 * cost (copies in and out, four calls) is ~0.2 µs on V8, which the JS loop matches only up to
 * about 4×4×4 (both ~0.2 µs; at 8×8×8 wasm takes 0.2 µs, JS 0.5 µs).
 */
export const WASM_MIN_MULTIPLY_ADDS = 64;

/**
 * Whether an `m×k · k×n` product runs in the WebAssembly SIMD kernel (`wasm/gemm.ts`; float32
 * sums like TF's Eigen kernels): float32 only, not tiny ones, and only where WebAssembly runs and
 * its memory can hold the product (reserved here, so the kernel itself never grows it).
 */
export function useWasmGemm(dtype: string, m: number, k: number, n: number): boolean {
  return dtype === 'float32' && m * k * n >= WASM_MIN_MULTIPLY_ADDS && wasmGemmReserve(m, k, n);
}

/** The `m×k · k×n` sizes of a MatMul or _FusedMatMul call, its transposes applied. */
export function productSize(call: CpuCall<{ readonly transposeA: boolean; readonly transposeB: boolean }>): {
  m: number;
  k: number;
  n: number;
} {
  const { transposeA, transposeB } = call.attrs;
  const [aRows, aCols] = input(call, 0).shape as [number, number];
  const [bRows, bCols] = input(call, 1).shape as [number, number];
  return { m: transposeA ? aCols : aRows, k: transposeA ? aRows : aCols, n: transposeB ? bRows : bCols };
}

/**
 * `C[m×n] = op(A) · op(B)`. float32 goes to the WebAssembly kernel when the product is large
 * enough (it transposes while packing); otherwise the loop is i-k-j: for each row of C, add `A[i,k] × row k of B`, so the
 * innermost loop walks B and the accumulator contiguously. A transposed operand is copied into
 * row-major order first (O(size), small next to the O(m·k·n) product) so that stays true.
 */
export const matMul: CpuKernelFor<'MatMul'> = (call) => {
  const { transposeA, transposeB } = call.attrs;
  const a = input(call, 0);
  const b = input(call, 1);
  const out = output(call, 0);
  const [aRows, aCols] = a.shape as [number, number];
  const [bRows, bCols] = b.shape as [number, number];
  const { m, k, n } = productSize(call);
  if (useWasmGemm(a.dtype, m, k, n)) {
    wasmMatMulF32(a.storage as Float32Array, transposeA, b.storage as Float32Array, transposeB, out.storage as Float32Array, m, k, n);
    return;
  }
  const A = transposeA ? transposed(a.storage, aRows, aCols) : a.storage;
  const B = transposeB ? transposed(b.storage, bRows, bCols) : b.storage;
  if (a.dtype === 'int32') multiplyInt32(A, B, out.storage, m, k, n);
  else multiplyFloat(A, B, out.storage, m, k, n);
};

/**
 * Accumulates each output row in float64 and stores it once: float32 inputs then lose precision
 * only in the final rounding, and every output element is written even when `k` is 0. Rows go
 * four at a time, so each element of B loaded serves four rows of C (B is usually the larger
 * operand, streamed from cache once per four rows instead of once per row: ~1.9× on V8); each
 * row's sum is grouped exactly as in the one-row loop, so results do not depend on the blocking.
 */
function multiplyFloat(A: TypedArray, B: TypedArray, C: TypedArray, m: number, k: number, n: number): void {
  const acc0 = new Float64Array(n);
  const acc1 = new Float64Array(n);
  const acc2 = new Float64Array(n);
  const acc3 = new Float64Array(n);
  const m4 = m - (m % 4);
  for (let i = 0; i < m4; i += 4) {
    acc0.fill(0);
    acc1.fill(0);
    acc2.fill(0);
    acc3.fill(0);
    const r0 = i * k;
    const r1 = r0 + k;
    const r2 = r1 + k;
    const r3 = r2 + k;
    let p = 0;
    for (; p + 3 < k; p += 4) {
      const x00 = A[r0 + p]!,
        x01 = A[r0 + p + 1]!,
        x02 = A[r0 + p + 2]!,
        x03 = A[r0 + p + 3]!;
      const x10 = A[r1 + p]!,
        x11 = A[r1 + p + 1]!,
        x12 = A[r1 + p + 2]!,
        x13 = A[r1 + p + 3]!;
      const x20 = A[r2 + p]!,
        x21 = A[r2 + p + 1]!,
        x22 = A[r2 + p + 2]!,
        x23 = A[r2 + p + 3]!;
      const x30 = A[r3 + p]!,
        x31 = A[r3 + p + 1]!,
        x32 = A[r3 + p + 2]!,
        x33 = A[r3 + p + 3]!;
      const b0 = p * n;
      const b1 = b0 + n;
      const b2 = b1 + n;
      const b3 = b2 + n;
      for (let j = 0; j < n; j++) {
        const y0 = B[b0 + j]!;
        const y1 = B[b1 + j]!;
        const y2 = B[b2 + j]!;
        const y3 = B[b3 + j]!;
        acc0[j]! += x00 * y0 + x01 * y1 + x02 * y2 + x03 * y3;
        acc1[j]! += x10 * y0 + x11 * y1 + x12 * y2 + x13 * y3;
        acc2[j]! += x20 * y0 + x21 * y1 + x22 * y2 + x23 * y3;
        acc3[j]! += x30 * y0 + x31 * y1 + x32 * y2 + x33 * y3;
      }
    }
    for (; p < k; p++) {
      const x0 = A[r0 + p]!,
        x1 = A[r1 + p]!,
        x2 = A[r2 + p]!,
        x3 = A[r3 + p]!;
      const b0 = p * n;
      for (let j = 0; j < n; j++) {
        const y = B[b0 + j]!;
        acc0[j]! += x0 * y;
        acc1[j]! += x1 * y;
        acc2[j]! += x2 * y;
        acc3[j]! += x3 * y;
      }
    }
    C.set(acc0, i * n);
    C.set(acc1, (i + 1) * n);
    C.set(acc2, (i + 2) * n);
    C.set(acc3, (i + 3) * n);
  }
  for (let i = m4; i < m; i++) multiplyRow(A, B, C, i, k, n, acc0);
}

/** One row of C, the same sums as a row of the four-row loop. */
function multiplyRow(A: TypedArray, B: TypedArray, C: TypedArray, i: number, k: number, n: number, acc: Float64Array): void {
  acc.fill(0);
  const aRow = i * k;
  let p = 0;
  // Four rows of B per pass: a quarter of the accumulator loads and stores.
  for (; p + 3 < k; p += 4) {
    const a0 = A[aRow + p]!;
    const a1 = A[aRow + p + 1]!;
    const a2 = A[aRow + p + 2]!;
    const a3 = A[aRow + p + 3]!;
    const b0 = p * n;
    const b1 = b0 + n;
    const b2 = b1 + n;
    const b3 = b2 + n;
    for (let j = 0; j < n; j++) acc[j]! += a0 * B[b0 + j]! + a1 * B[b1 + j]! + a2 * B[b2 + j]! + a3 * B[b3 + j]!;
  }
  for (; p < k; p++) {
    const aip = A[aRow + p]!;
    const bRow = p * n;
    for (let j = 0; j < n; j++) acc[j]! += aip * B[bRow + j]!;
  }
  C.set(acc, i * n);
}

/** int32 products and sums wrap modulo 2^32 like TF's C++ kernel; float64 math would not. */
function multiplyInt32(A: TypedArray, B: TypedArray, C: TypedArray, m: number, k: number, n: number): void {
  const acc = new Int32Array(n);
  for (let i = 0; i < m; i++) {
    acc.fill(0);
    const aRow = i * k;
    for (let p = 0; p < k; p++) {
      const aip = A[aRow + p]!;
      const bRow = p * n;
      for (let j = 0; j < n; j++) acc[j] = (acc[j]! + Math.imul(aip, B[bRow + j]!)) | 0;
    }
    C.set(acc, i * n);
  }
}

/** The matrix indices of both operands for output batch index `b`, from their broadcast strides. */
function operandIndices(
  b: number,
  batchShape: readonly number[],
  xStrides: readonly number[],
  yStrides: readonly number[],
): [number, number] {
  let xi = 0;
  let yi = 0;
  for (let d = batchShape.length - 1, rest = b; d >= 0; d--) {
    const size = batchShape[d]!;
    const index = rest % size;
    rest = (rest - index) / size;
    xi += index * xStrides[d]!;
    yi += index * yStrides[d]!;
  }
  return [xi, yi];
}

/**
 * `BatchMatMul` and `BatchMatMulV2`: one product per batch index of the output. Batch dims
 * broadcast (V1's shape inference already insisted they are equal), so each operand's matrix
 * for an output batch index comes from its own broadcast strides, counted in matrices. The
 * WebAssembly kernel takes adjoint operands as they are; for the JS loops an adjoint operand is
 * transposed into a scratch matrix, once per distinct source matrix.
 */
const batchMatMul: CpuKernelFor<'BatchMatMul' | 'BatchMatMulV2'> = (call) => {
  const { adjX, adjY } = call.attrs;
  const x = input(call, 0);
  const y = input(call, 1);
  const out = output(call, 0);
  const [xRows, xCols] = x.shape.slice(-2) as [number, number];
  const [yRows, yCols] = y.shape.slice(-2) as [number, number];
  const m = adjX ? xCols : xRows;
  const k = adjX ? xRows : xCols;
  const n = adjY ? yRows : yCols;
  const batchShape = out.shape.slice(0, -2);
  const xStrides = broadcastStrides(x.shape.slice(0, -2), batchShape);
  const yStrides = broadcastStrides(y.shape.slice(0, -2), batchShape);
  const xSize = xRows * xCols;
  const ySize = yRows * yCols;
  const batches = sizeOf(batchShape);
  const wasm = useWasmGemm(x.dtype, m, k, n);
  const Ctor = x.storage.constructor as new (n: number) => TypedArray;
  const scratchA = adjX && !wasm ? new Ctor(xSize) : undefined;
  const scratchB = adjY && !wasm ? new Ctor(ySize) : undefined;
  const multiply = x.dtype === 'int32' ? multiplyInt32 : multiplyFloat;
  let lastX = -1;
  let lastY = -1;
  let A = x.storage;
  let B = y.storage;
  for (let b = 0; b < batches; b++) {
    const [xi, yi] = operandIndices(b, batchShape, xStrides, yStrides);
    const C = out.storage.subarray(b * m * n, (b + 1) * m * n);
    if (xi !== lastX) {
      const source = x.storage.subarray(xi * xSize, (xi + 1) * xSize);
      A = scratchA ? transposed(source, xRows, xCols, scratchA) : source;
      lastX = xi;
    }
    if (yi !== lastY) {
      const source = y.storage.subarray(yi * ySize, (yi + 1) * ySize);
      B = scratchB ? transposed(source, yRows, yCols, scratchB) : source;
      lastY = yi;
    }
    if (wasm) wasmMatMulF32(A as Float32Array, adjX, B as Float32Array, adjY, C as Float32Array, m, k, n);
    else multiply(A, B, C, m, k, n);
  }
};

export const matMulKernels = { MatMul: matMul, BatchMatMul: batchMatMul, BatchMatMulV2: batchMatMul } satisfies KernelTable;
