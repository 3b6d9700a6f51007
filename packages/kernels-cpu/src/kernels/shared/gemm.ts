// Dense matrix helpers for the convolution kernels (im2col + GEMM).

/** A float buffer: conv scratch matches the input's precision, accumulators are float64. */
export type FloatArray = Float32Array | Float64Array;

/** A zeroed array of the same type as `like`. */
export function allocLike(like: ArrayLike<number>, size: number): FloatArray {
  return like instanceof Float64Array ? new Float64Array(size) : new Float32Array(size);
}

/**
 * `C[i, j] = Σ_p A[i, p] · B[j, p]` (or `+=` with `accumulate`) for `i < m`, `j < n`, `p < k`:
 * the product `A · Bᵀ` of two row-major matrices whose rows both run along the summed axis, so
 * every inner loop reads memory contiguously. Rows of `A`, `B` and `C` start at `offset + row ·
 * stride`. Sums are float64; `C` is written once per element.
 *
 * The main loop computes 4×4 blocks of `C` in 16 local accumulators: each step loads 8 values for
 * 16 multiply-adds, about 1.5× the throughput of the i-k-j loop in `matmul.ts` on V8.
 */
export function gemmNT(
  m: number,
  n: number,
  k: number,
  A: ArrayLike<number>,
  aOffset: number,
  lda: number,
  B: ArrayLike<number>,
  bOffset: number,
  ldb: number,
  C: FloatArray,
  cOffset: number,
  ldc: number,
  accumulate: boolean,
): void {
  const m4 = m - (m % 4);
  const n4 = n - (n % 4);
  for (let i = 0; i < m4; i += 4) {
    const a0 = aOffset + i * lda;
    const a1 = a0 + lda;
    const a2 = a1 + lda;
    const a3 = a2 + lda;
    for (let j = 0; j < n4; j += 4) {
      const b0 = bOffset + j * ldb;
      const b1 = b0 + ldb;
      const b2 = b1 + ldb;
      const b3 = b2 + ldb;
      let c00 = 0,
        c01 = 0,
        c02 = 0,
        c03 = 0;
      let c10 = 0,
        c11 = 0,
        c12 = 0,
        c13 = 0;
      let c20 = 0,
        c21 = 0,
        c22 = 0,
        c23 = 0;
      let c30 = 0,
        c31 = 0,
        c32 = 0,
        c33 = 0;
      for (let p = 0; p < k; p++) {
        const y0 = B[b0 + p]!;
        const y1 = B[b1 + p]!;
        const y2 = B[b2 + p]!;
        const y3 = B[b3 + p]!;
        let x = A[a0 + p]!;
        c00 += x * y0;
        c01 += x * y1;
        c02 += x * y2;
        c03 += x * y3;
        x = A[a1 + p]!;
        c10 += x * y0;
        c11 += x * y1;
        c12 += x * y2;
        c13 += x * y3;
        x = A[a2 + p]!;
        c20 += x * y0;
        c21 += x * y1;
        c22 += x * y2;
        c23 += x * y3;
        x = A[a3 + p]!;
        c30 += x * y0;
        c31 += x * y1;
        c32 += x * y2;
        c33 += x * y3;
      }
      const o0 = cOffset + i * ldc + j;
      const o1 = o0 + ldc;
      const o2 = o1 + ldc;
      const o3 = o2 + ldc;
      if (accumulate) {
        C[o0]! += c00;
        C[o0 + 1]! += c01;
        C[o0 + 2]! += c02;
        C[o0 + 3]! += c03;
        C[o1]! += c10;
        C[o1 + 1]! += c11;
        C[o1 + 2]! += c12;
        C[o1 + 3]! += c13;
        C[o2]! += c20;
        C[o2 + 1]! += c21;
        C[o2 + 2]! += c22;
        C[o2 + 3]! += c23;
        C[o3]! += c30;
        C[o3 + 1]! += c31;
        C[o3 + 2]! += c32;
        C[o3 + 3]! += c33;
      } else {
        C[o0] = c00;
        C[o0 + 1] = c01;
        C[o0 + 2] = c02;
        C[o0 + 3] = c03;
        C[o1] = c10;
        C[o1 + 1] = c11;
        C[o1 + 2] = c12;
        C[o1 + 3] = c13;
        C[o2] = c20;
        C[o2 + 1] = c21;
        C[o2 + 2] = c22;
        C[o2 + 3] = c23;
        C[o3] = c30;
        C[o3 + 1] = c31;
        C[o3 + 2] = c32;
        C[o3 + 3] = c33;
      }
    }
  }
  // The edges: columns past the last full block in the blocked rows, then the leftover rows.
  for (let i = 0; i < m; i++) {
    for (let j = i < m4 ? n4 : 0; j < n; j++) {
      const a = aOffset + i * lda;
      const b = bOffset + j * ldb;
      let sum = 0;
      for (let p = 0; p < k; p++) sum += A[a + p]! * B[b + p]!;
      const o = cOffset + i * ldc + j;
      C[o] = accumulate ? C[o]! + sum : sum;
    }
  }
}

/**
 * `dst[c, r] = src[srcOffset + r · cols + c]`: the transpose of a row-major `rows × cols` block,
 * in 32×32 tiles so neither side strides through memory a whole row at a time.
 */
export function transposeInto(src: ArrayLike<number>, srcOffset: number, rows: number, cols: number, dst: FloatArray): void {
  const tile = 32;
  for (let r0 = 0; r0 < rows; r0 += tile) {
    const r1 = Math.min(r0 + tile, rows);
    for (let c0 = 0; c0 < cols; c0 += tile) {
      const c1 = Math.min(c0 + tile, cols);
      for (let r = r0; r < r1; r++) {
        const from = srcOffset + r * cols;
        for (let c = c0; c < c1; c++) dst[c * rows + r] = src[from + c]!;
      }
    }
  }
}
