import type { NDArray } from '@tf/graph';
import { describe, expect, it } from 'vitest';
import { splitByColumns, wasmGemmReserve, wasmMatMulF32 } from '../src/kernels/shared/wasm/gemm.js';
import { gemmPoolChunks } from '../src/kernels/shared/wasm/threads.js';
import { backend, f32, f64, runKernel } from './helpers.js';
import { withWorkerPool } from './pool-setup.js';

/** Deterministic pseudo-random float32 values in [-2, 2) (a small LCG). */
function random(size: number, seed: number): Float32Array {
  const out = new Float32Array(size);
  let s = seed >>> 0 || 1;
  for (let i = 0; i < size; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = (s / 2 ** 32) * 4 - 2;
  }
  return out;
}

/** Every IEEE special the epilogue has to carry through: NaN, ±Inf, -0, negatives large and small. */
const SPECIALS = [Number.NaN, Infinity, -Infinity, -0, 0, -1e-30, -3.5, 1e30, -1e30];

/**
 * A bias of n values with every special in it (spread over the columns, so the last, partial
 * 8-column panel gets some when there is one), and A with a few specials in its first row, first
 * column and last row: NaN and ±Inf rows and columns of C, mixed with finite ones.
 */
function operands(m: number, k: number, n: number, seed: number) {
  const A = random(m * k, seed * 31 + k);
  const B = random(k * n, seed * 17 + n);
  const bias = random(n, seed * 7 + 3);
  for (let s = 0; s < SPECIALS.length && s < n; s++) bias[(s * 5 + n - 1) % n] = SPECIALS[s]!;
  if (m * k > 8) {
    A[0] = Number.NaN; // row 0 of C: NaN throughout
    A[(m - 1) * k] = Infinity; // the last row: ±Inf by B's signs
    A[Math.min(1, m - 1) * k + (k - 1)] = -0;
  }
  return { A, B, bias };
}

/** The unfused epilogue, exactly as _FusedMatMul's JS loop runs it: fround(c + bias[j]), then Math.max(x, 0). */
function jsEpilogue(C: Float32Array, bias: Float32Array, relu: boolean): Float32Array {
  const out = C.slice();
  const n = bias.length;
  for (let row = 0; row < out.length; row += n) {
    for (let j = 0; j < n; j++) out[row + j] = out[row + j]! + bias[j]!;
    if (relu) for (let j = row; j < row + n; j++) out[j] = Math.max(out[j]!, 0);
  }
  return out;
}

/** Bit-for-bit equality of float32 results (any NaN equals any NaN; +0 and -0 differ). */
function expectSameBits(actual: ArrayLike<number>, expected: ArrayLike<number>, label: string): void {
  expect(actual.length, label).toBe(expected.length);
  const a = new Uint32Array(Float32Array.from(actual).buffer);
  const e = new Uint32Array(Float32Array.from(expected).buffer);
  for (let i = 0; i < a.length; i++) {
    const bothNaN = Number.isNaN(actual[i]!) && Number.isNaN(expected[i]!);
    if (!bothNaN && a[i] !== e[i]) {
      expect.fail(`${label}: element ${i}: got ${actual[i]} (0x${a[i]!.toString(16)}), expected ${expected[i]} (0x${e[i]!.toString(16)})`);
    }
  }
}

/** Row-major `rows × cols` transpose. */
function transpose(x: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = x[r * cols + c]!;
  return out;
}

/** op(A)·op(B) in the WebAssembly kernel, with the epilogue when given. */
function gemm(
  A: Float32Array,
  transposeA: boolean,
  B: Float32Array,
  transposeB: boolean,
  m: number,
  k: number,
  n: number,
  epilogue?: { bias: Float32Array; relu: boolean },
): Float32Array {
  const C = new Float32Array(m * n).fill(12345);
  expect(wasmGemmReserve(m, k, n)).toBe(true);
  wasmMatMulF32(transposeA ? transpose(A, m, k) : A, transposeA, transposeB ? transpose(B, k, n) : B, transposeB, C, m, k, n, epilogue);
  return C;
}

/** `_FusedMatMul` through the backend's kernel table. */
async function fusedKernel(
  a: NDArray,
  b: NDArray,
  bias: NDArray,
  fusedOps: readonly string[],
  transposeA = false,
  transposeB = false,
): Promise<Float32Array | Float64Array> {
  const out = await runKernel(backend, {
    type: '_FusedMatMul',
    inputs: [a, b, bias],
    attrs: { transposeA, transposeB, fusedOps },
  } as Parameters<typeof runKernel>[1]);
  return out[0]!.data as Float32Array | Float64Array;
}

/** Every product here: edge tiles in m (not a multiple of 4) and n (not of 8), k of 1, a full MLP layer. */
const SHAPES: [number, number, number][] = [
  [1, 1, 1],
  [5, 3, 9],
  [4, 8, 8],
  [3, 70, 1],
  [13, 37, 19],
  [37, 50, 13],
  [8, 16, 64],
  [100, 784, 256],
  // k past 1024, for a short A (B packed 32 columns at a time) and a taller one, k in blocks inside gemm:
  // the epilogue comes once, after the last block.
  [6, 1100, 41],
  [262, 1030, 20],
];

/**
 * Runs every shape × transpose × epilogue through the GEMM directly and through the kernel,
 * against MatMul's product followed by the JS epilogue.
 */
function epilogueCases(shapes: readonly [number, number, number][], label: string): void {
  for (const [m, k, n] of shapes) {
    it(`${label}: ${m}x${k}x${n}, bias and bias+relu in the tile stores equal the JS epilogue bit for bit`, async () => {
      const { A, B, bias } = operands(m, k, n, m + n);
      for (const transposeA of [false, true]) {
        for (const transposeB of [false, true]) {
          const what = `transposeA=${transposeA} transposeB=${transposeB}`;
          const product = gemm(A, transposeA, B, transposeB, m, k, n);
          for (const relu of [false, true]) {
            const expected = jsEpilogue(product, bias, relu);
            expectSameBits(gemm(A, transposeA, B, transposeB, m, k, n, { bias, relu }), expected, `gemm ${what} relu=${relu}`);
            // The kernel: wasm (and fused) from 64 multiply-adds on, the JS loop below.
            const unfused = await runKernel(backend, {
              type: 'MatMul',
              inputs: [
                f32(transposeA ? [k, m] : [m, k], [...(transposeA ? transpose(A, m, k) : A)]),
                f32(transposeB ? [n, k] : [k, n], [...(transposeB ? transpose(B, k, n) : B)]),
              ],
              attrs: { transposeA, transposeB },
            });
            const fused = await fusedKernel(
              f32(transposeA ? [k, m] : [m, k], [...(transposeA ? transpose(A, m, k) : A)]),
              f32(transposeB ? [n, k] : [k, n], [...(transposeB ? transpose(B, k, n) : B)]),
              f32([n], [...bias]),
              relu ? ['BiasAdd', 'Relu'] : ['BiasAdd'],
              transposeA,
              transposeB,
            );
            expectSameBits(fused, jsEpilogue(unfused[0]!.data as Float32Array, bias, relu), `_FusedMatMul ${what} relu=${relu}`);
          }
        }
      }
    });
  }
}

describe('the WebAssembly GEMM epilogue (bias, relu) on one thread', () => {
  epilogueCases(SHAPES, 'one thread');

  it('carries every special through both steps as the JS epilogue does (NaN, ±Inf, -0, max(-x, 0) = +0)', () => {
    // C = A·I is A itself, so each element of C meets each kind of bias value.
    const n = 16;
    const m = SPECIALS.length + 3;
    const A = new Float32Array(m * n);
    for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) A[i * n + j] = i < SPECIALS.length ? SPECIALS[i]! : (j - 8) * 0.75;
    const identity = new Float32Array(n * n);
    for (let j = 0; j < n; j++) identity[j * n + j] = 1;
    const bias = Float32Array.from({ length: n }, (_, j) => (j < SPECIALS.length ? SPECIALS[j]! : -j));
    const product = gemm(A, false, identity, false, m, n, n);
    for (const relu of [false, true]) {
      const fused = gemm(A, false, identity, false, m, n, n, { bias, relu });
      expectSameBits(fused, jsEpilogue(product, bias, relu), `relu=${relu}`);
      if (relu) {
        expect(fused.some(Number.isNaN)).toBe(true);
        expect(fused.every((v) => Number.isNaN(v) || (v >= 0 && !Object.is(v, -0)))).toBe(true);
        expect(fused.includes(Infinity)).toBe(true);
      } else {
        expect(fused.includes(-Infinity)).toBe(true);
      }
    }
  });

  it('leaves the next plain product alone (no bias, no relu)', () => {
    const [m, k, n] = [9, 20, 21];
    const { A, B, bias } = operands(m, k, n, 5);
    const before = gemm(A, false, B, false, m, k, n);
    gemm(A, false, B, false, m, k, n, { bias, relu: true });
    expectSameBits(gemm(A, false, B, false, m, k, n), before, 'after a fused product');
    expect(before.some((v) => v < 0)).toBe(true);
  });

  it('rejects a bias that is not one value per column', () => {
    const A = random(8 * 8, 1);
    expect(wasmGemmReserve(8, 8, 8)).toBe(true);
    expect(() => wasmMatMulF32(A, false, A, false, new Float32Array(64), 8, 8, 8, { bias: new Float32Array(7), relu: false })).toThrow(
      RangeError,
    );
  });

  it('keeps the JS epilogue for other activations and for float64', async () => {
    const [m, k, n] = [6, 20, 11];
    const { A, B, bias } = operands(m, k, n, 9);
    const product = gemm(A, false, B, false, m, k, n);
    const added = jsEpilogue(product, bias, false);
    const activations: Record<string, (x: number) => number> = {
      Relu6: (x) => (x < 0 ? 0 : Math.min(x, 6)),
      Elu: (x) => (x < 0 ? Math.expm1(x) : x),
      Tanh: Math.tanh,
    };
    for (const [name, f] of Object.entries(activations)) {
      const fused = await fusedKernel(f32([m, k], [...A]), f32([k, n], [...B]), f32([n], [...bias]), ['BiasAdd', name]);
      expectSameBits(fused, Float32Array.from(added, f), name);
    }
    // float64: the float64-accumulating JS loop, bias and relu in float64.
    const a = Array.from(random(m * k, 3));
    const b = Array.from(random(k * n, 4));
    const c = Array.from(random(n, 5));
    const plain = (await runKernel(backend, { type: 'MatMul', inputs: [f64([m, k], a), f64([k, n], b)] }))[0]!.data;
    const fused = await fusedKernel(f64([m, k], a), f64([k, n], b), f64([n], c), ['BiasAdd', 'Relu']);
    expect(fused).toBeInstanceOf(Float64Array);
    expect(Array.from(fused)).toEqual(Array.from(plain, (v, i) => Math.max(v + c[i % n]!, 0)));
  });
});

describe('the WebAssembly GEMM epilogue across the worker pool', () => {
  withWorkerPool();

  // Splits by columns (each chunk's bias starts at its first column) and by rows (all share it).
  const shapes: [number, number, number][] = [
    [5, 3, 17],
    [37, 50, 13],
    [129, 31, 3],
    [60, 33, 200],
    [203, 29, 70],
    [100, 784, 256],
  ];
  it('splits both ways among these shapes, and the workers take chunks', () => {
    expect(shapes.some(([m, , n]) => splitByColumns(m, n, 2))).toBe(true);
    expect(shapes.some(([m, , n]) => !splitByColumns(m, n, 2))).toBe(true);
    const before = gemmPoolChunks();
    const [m, k, n] = [60, 33, 200];
    const { A, B, bias } = operands(m, k, n, 1);
    for (let i = 0; i < 20; i++) gemm(A, false, B, false, m, k, n, { bias, relu: true });
    const after = gemmPoolChunks();
    const ran = (c: typeof before) => c.caller + c.workers.reduce((x, y) => x + y, 0);
    expect(ran(after)).toBeGreaterThan(ran(before));
  });
  epilogueCases(shapes, 'threaded');
});
