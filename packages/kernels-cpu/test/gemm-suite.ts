import { describe, expect, it } from 'vitest';
import { WASM_MIN_MULTIPLY_ADDS } from '../src/kernels/matmul.js';
import { gemmBuild, wasmGemmReserve } from '../src/kernels/shared/wasm/gemm.js';
import { backend, f32, f64, runKernel, values } from './helpers.js';

// The WebAssembly GEMM's tests, shared by the two builds: baseline SIMD (wasm-gemm.test.ts, how
// Node 20 runs by default) and relaxed SIMD (wasm-gemm-relaxed.test.ts, which turns the V8 flag on
// before the GEMM loads; each test file runs in a process of its own).

/** Deterministic values in [-2, 2) with a fractional part, so float32 sums round. */
function data(size: number, seed: number): number[] {
  return Array.from({ length: size }, (_, i) => Math.fround(Math.sin(i * 12.9898 + seed * 78.233) * 2));
}

/** Row-major `rows × cols` transpose. */
function transpose(x: readonly number[], rows: number, cols: number): number[] {
  const out = new Array<number>(rows * cols);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = x[r * cols + c]!;
  return out;
}

/**
 * What the kernel promises, bit for bit: each element summed in float32 in order p = 0..k-1,
 * every product and every partial sum rounded to float32 (baseline SIMD has no FMA), or with
 * `fused`, each step one fused multiply-add rounded once (the relaxed-SIMD build's
 * `f32x4.relaxed_madd` on a CPU with FMA: the float32 product is exact in a double, so only the
 * sum rounds; double rounding through the double sum did not occur for this data).
 */
function float32Product(A: readonly number[], B: readonly number[], m: number, k: number, n: number, fused = false): number[] {
  const C: number[] = [];
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let sum = 0;
      for (let p = 0; p < k; p++) {
        const product = A[i * k + p]! * B[p * n + j]!;
        sum = Math.fround(sum + (fused ? product : Math.fround(product)));
      }
      C.push(sum);
    }
  }
  return C;
}

/**
 * The products the running build may give: unfused always; fused too for the relaxed-SIMD build
 * (`relaxed_madd` may be either, by the CPU: fused with FMA, a multiply and an add without).
 */
function expectedProducts(A: readonly number[], B: readonly number[], m: number, k: number, n: number): number[][] {
  const unfused = float32Product(A, B, m, k, n);
  return gemmBuild() === 'relaxed-simd' ? [unfused, float32Product(A, B, m, k, n, true)] : [unfused];
}

/** `actual` equals one of `candidates` exactly (NaN equal to NaN). */
function expectOneOf(actual: readonly number[], candidates: readonly (readonly number[])[], message?: string): void {
  const same = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((x, i) => Object.is(x, b[i]));
  const match = candidates.find((c) => same(actual, c));
  expect(actual, message).toEqual(match ?? candidates[0]);
}

/** The GEMM's tests, for the build this process loads (`wasm-gemm.test.ts`, `wasm-gemm-relaxed.test.ts`). */
export function gemmSuite(build: 'simd' | 'relaxed-simd'): void {
  describe(`float32 MatMul in WebAssembly (${build} build)`, () => {
    it(`loads the ${build} build`, () => {
      expect(gemmBuild()).toBe(build);
    });

    it('runs in this runtime, and declines products too large for its 32-bit addresses', async () => {
      expect(wasmGemmReserve(100, 784, 256)).toBe(true);
      // 6.4 GB of operands: MatMul would use the JS loops (checked without allocating anything).
      expect(wasmGemmReserve(40_000, 40_000, 1)).toBe(false);
      expect(wasmGemmReserve(1, 20_000, 20_000)).toBe(false);
    });

    // Sizes straddle the 4-row × 8-column tiles (edges in m and n, k of 1) and the packing's
    // vector paths (m a multiple of 4 for transposed A, n a multiple of 8 for row-major B).
    const shapes: [number, number, number][] = [
      [4, 4, 4],
      [5, 3, 9],
      [8, 1, 16],
      [13, 37, 19],
      [64, 100, 24],
      [3, 70, 1],
      [1, 200, 33],
      // k past 1024, walked in blocks inside gemm: a short A, whose B is packed 32 columns at a time
      // (2 blocks of 750; 32 columns, then an edge of 9), and a taller one (2 of 515, edge rows).
      [6, 1500, 41],
      [258, 1030, 13],
    ];
    for (const [m, k, n] of shapes) {
      it(`sums in float32 in order of k, bit for bit, for ${m}x${k}x${n} and every transpose`, async () => {
        const A = data(m * k, m);
        const B = data(k * n, n);
        const expected = expectedProducts(A, B, m, k, n);
        for (const transposeA of [false, true]) {
          for (const transposeB of [false, true]) {
            const a = f32(transposeA ? [k, m] : [m, k], transposeA ? transpose(A, m, k) : A);
            const b = f32(transposeB ? [n, k] : [k, n], transposeB ? transpose(B, k, n) : B);
            const out = (await runKernel(backend, { type: 'MatMul', inputs: [a, b], attrs: { transposeA, transposeB } }))[0]!;
            expectOneOf(values(out), expected, `transposeA=${transposeA} transposeB=${transposeB}`);
          }
        }
      });
    }

    it('keeps float64 and tiny float32 products on the float64-accumulating JS loop', async () => {
      // 2·(1 + 2⁻²⁴) summed with 1 - 2⁻²³ ... : the sums differ between float32 and float64 steps.
      const big = [1, 2 ** -24, 2 ** -24, 2 ** -24];
      const ones = [1, 1, 1, 1];
      const float64Sum = 1 + 3 * 2 ** -24;
      expect(values((await runKernel(backend, { type: 'MatMul', inputs: [f32([1, 4], big), f32([4, 1], ones)] }))[0]!)).toEqual([
        Math.fround(float64Sum),
      ]);
      expect(values((await runKernel(backend, { type: 'MatMul', inputs: [f64([1, 4], big), f64([4, 1], ones)] }))[0]!)).toEqual([
        float64Sum,
      ]);
      expect(1 * 4 * 1).toBeLessThan(WASM_MIN_MULTIPLY_ADDS);
      // The same row at wasm size: float32 steps lose each 2⁻²⁴ against 1 (round to even).
      const m = WASM_MIN_MULTIPLY_ADDS;
      const wide = (
        await runKernel(backend, { type: 'MatMul', inputs: [f32([m, 4], Array.from({ length: m }, () => big).flat()), f32([4, 1], ones)] })
      )[0]!;
      expect(values(wide)).toEqual(new Array<number>(m).fill(1));
    });

    it('propagates NaN and ±Inf as IEEE float32 arithmetic does', async () => {
      const [m, k, n] = [6, 5, 10];
      const A = data(m * k, 1);
      const B = data(k * n, 2);
      A[0 * k + 1] = Number.NaN; // row 0 of C is NaN throughout
      A[2 * k + 3] = Infinity; // row 2: Inf · B[3, j], so ±Inf by B's sign, NaN where B[3, j] is 0
      B[3 * n + 4] = 0;
      A[4 * k + 0] = Infinity; // row 4: Inf · B[0, j] - Inf · B[1, j]
      A[4 * k + 1] = -Infinity;
      [B[0 * n + 5], B[1 * n + 5]] = [1, 1]; // Inf - Inf = NaN
      [B[0 * n + 6], B[1 * n + 6]] = [1, -1]; // Inf + Inf = Inf
      [B[0 * n + 7], B[1 * n + 7]] = [0, 0]; // 0 · ±Inf = NaN
      const out = values((await runKernel(backend, { type: 'MatMul', inputs: [f32([m, k], A), f32([k, n], B)] }))[0]!);
      expectOneOf(out, expectedProducts(A, B, m, k, n));
      expect(out.slice(0, n).every(Number.isNaN)).toBe(true);
      expect(out[2 * n + 4]).toBeNaN();
      expect(
        out
          .slice(2 * n, 3 * n)
          .filter((v) => !Number.isNaN(v))
          .every((v) => Math.abs(v) === Infinity),
      ).toBe(true);
      expect([out[4 * n + 5], out[4 * n + 6], out[4 * n + 7]]).toEqual([Number.NaN, Infinity, Number.NaN]);
      expect(out.slice(n, 2 * n).every(Number.isFinite)).toBe(true);
    });

    it('gives the same results after the memory has grown for a larger product', async () => {
      const small = [f32([9, 7], data(63, 3)), f32([7, 11], data(77, 4))] as const;
      const before = values((await runKernel(backend, { type: 'MatMul', inputs: [...small] }))[0]!);
      const [m, k, n] = [300, 400, 200]; // ~1.6 MB of operands and panels: several new pages
      const A = data(m * k, 5);
      const B = data(k * n, 6);
      const large = values((await runKernel(backend, { type: 'MatMul', inputs: [f32([m, k], A), f32([k, n], B)] }))[0]!);
      expectOneOf(large, expectedProducts(A, B, m, k, n));
      expect(values((await runKernel(backend, { type: 'MatMul', inputs: [...small] }))[0]!)).toEqual(before);
    });

    it('runs each batch of BatchMatMulV2 (broadcast, adjoints) in WebAssembly', async () => {
      const [m, k, n] = [5, 9, 12];
      const X = [data(m * k, 7), data(m * k, 8)]; // batch [2, 1]
      const Y = [data(k * n, 9), data(k * n, 10), data(k * n, 11)]; // batch [3]
      const x = f32(
        [2, 1, k, m],
        X.flatMap((x) => transpose(x, m, k)),
      );
      const y = f32(
        [3, n, k],
        Y.flatMap((y) => transpose(y, k, n)),
      );
      const out = (await runKernel(backend, { type: 'BatchMatMulV2', inputs: [x, y], attrs: { adjX: true, adjY: true } }))[0]!;
      expect(out.shape).toEqual([2, 3, m, n]);
      const candidates = [false, true].map((fused) => X.flatMap((xb) => Y.flatMap((yb) => float32Product(xb, yb, m, k, n, fused))));
      expectOneOf(values(out), gemmBuild() === 'relaxed-simd' ? candidates : [candidates[0]!]);
    });

    it('feeds _FusedMatMul, which adds the bias and activation after the float32 product', async () => {
      const [m, k, n] = [7, 6, 9];
      const A = data(m * k, 12);
      const B = data(k * n, 13);
      const bias = data(n, 14);
      const out = (
        await runKernel(backend, {
          type: '_FusedMatMul',
          inputs: [f32([m, k], A), f32([k, n], B), f32([n], bias)],
          attrs: {
            transposeA: false,
            transposeB: false,
            fusedOps: ['BiasAdd', 'Relu'],
          },
        })
      )[0]!;
      const epilogue = (product: number[]) => product.map((v, i) => Math.max(0, Math.fround(v + bias[i % n]!)));
      expectOneOf(values(out), expectedProducts(A, B, m, k, n).map(epilogue));
    });
  });
}
