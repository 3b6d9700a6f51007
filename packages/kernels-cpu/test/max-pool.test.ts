import { NDArray } from '@tf/graph';
import { describe, expect, it } from 'vitest';
import { setPoolWasm } from '../src/kernels/shared/wasm/pool.js';
import { backend, runKernel } from './helpers.js';

// MaxPool and MaxPoolGrad (shared/max-pool-loops.ts: the unrolled full 2×2 window, clipped border
// windows, disjoint windows written straight into dx, overlapping ones summed in float64; and
// shared/wasm/pool.ts, WebAssembly SIMD for whole 2×2 windows at stride 2) against
// a reference written from the definition, bit for bit: every path picks the same element of each
// window, so values, gradients, ties, NaN and signed zeros must all match exactly.

interface Pool {
  window: [number, number];
  strides: [number, number];
  padding: 'SAME' | 'VALID';
}

/** Output size and leading padding of one dimension, from TF's documented formulas. */
function dimension(inSize: number, window: number, stride: number, padding: 'SAME' | 'VALID') {
  const out = padding === 'SAME' ? Math.ceil(inSize / stride) : Math.ceil((inSize - window + 1) / stride);
  const total = padding === 'SAME' ? Math.max(0, (out - 1) * stride + window - inSize) : 0;
  return { out, before: Math.floor(total / 2) };
}

/** The reference: each window's first max in row-major order (or first NaN), and dx from float64 sums. */
function reference(x: ArrayLike<number>, shape: number[], p: Pool, grad?: ArrayLike<number>) {
  const [batch, rows, cols, depth] = shape as [number, number, number, number];
  const r = dimension(rows, p.window[0], p.strides[0], p.padding);
  const q = dimension(cols, p.window[1], p.strides[1], p.padding);
  const out: number[] = [];
  const dx = new Float64Array(x.length);
  for (let b = 0; b < batch; b++)
    for (let oy = 0; oy < r.out; oy++)
      for (let ox = 0; ox < q.out; ox++)
        for (let c = 0; c < depth; c++) {
          let best = -1;
          for (let dy = 0; dy < p.window[0]; dy++)
            for (let dx_ = 0; dx_ < p.window[1]; dx_++) {
              const iy = oy * p.strides[0] - r.before + dy;
              const ix = ox * p.strides[1] - q.before + dx_;
              if (iy < 0 || iy >= rows || ix < 0 || ix >= cols) continue;
              const i = ((b * rows + iy) * cols + ix) * depth + c;
              if (best < 0) best = i;
              else if (!Number.isNaN(x[best]!) && (Number.isNaN(x[i]!) || x[i]! > x[best]!)) best = i;
            }
          if (grad !== undefined) dx[best]! += grad[out.length]!;
          out.push(x[best]!);
        }
  return { outShape: [batch, r.out, q.out, depth], out, dx };
}

/** Values with many ties, signed zeros and a few NaNs, so first-max and NaN rules matter. */
function values(n: number, seed: number): number[] {
  let s = seed;
  const pick = [-2, -1, -0, 0, 0, 1, 2, 3, 3, Number.NaN, 0.5, -0.5, 3, 2, -0, 1];
  return Array.from({ length: n }, () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return pick[s % (seed > 100 ? pick.length - 7 : pick.length)]!; // seeds above 100: no NaN
  });
}

const pools: [string, number[], Pool][] = [
  ['2x2 stride 2 VALID, even sizes', [2, 6, 8, 5], { window: [2, 2], strides: [2, 2], padding: 'VALID' }],
  ['2x2 stride 2 VALID, odd sizes (a row and a column left over)', [1, 7, 5, 3], { window: [2, 2], strides: [2, 2], padding: 'VALID' }],
  ['2x2 stride 2 SAME, odd sizes (clipped border windows)', [2, 5, 7, 4], { window: [2, 2], strides: [2, 2], padding: 'SAME' }],
  ['3x3 stride 3 SAME (tiling, padding on both sides)', [1, 7, 8, 2], { window: [3, 3], strides: [3, 3], padding: 'SAME' }],
  ['2x3 stride 3x4 VALID (disjoint with gaps)', [2, 7, 11, 3], { window: [2, 3], strides: [3, 4], padding: 'VALID' }],
  ['3x3 stride 2 SAME (overlapping)', [2, 7, 6, 3], { window: [3, 3], strides: [2, 2], padding: 'SAME' }],
  ['2x2 stride 1 VALID (overlapping full 2x2)', [1, 5, 6, 2], { window: [2, 2], strides: [1, 1], padding: 'VALID' }],
  ['1x1 stride 1, batch 1, one channel', [1, 3, 4, 1], { window: [1, 1], strides: [1, 1], padding: 'SAME' }],
  // Whole 2x2 windows at stride 2 with channels a multiple of 4: the WebAssembly path (shared/wasm/pool.ts).
  ['2x2 stride 2 SAME, 32 channels (the MNIST CNN)', [3, 6, 6, 32], { window: [2, 2], strides: [2, 2], padding: 'SAME' }],
  [
    '2x2 stride 2 VALID, odd sizes, 8 channels (uncovered row and column)',
    [2, 7, 5, 8],
    { window: [2, 2], strides: [2, 2], padding: 'VALID' },
  ],
  ['2x2 stride 2 VALID, batch 1, 4 channels', [1, 4, 6, 4], { window: [2, 2], strides: [2, 2], padding: 'VALID' }],
  ['2x2 stride 2 SAME, odd sizes, 4 channels (clipped: the JS loops)', [1, 5, 3, 4], { window: [2, 2], strides: [2, 2], padding: 'SAME' }],
];

function attrs(p: Pool) {
  return { ksize: [1, ...p.window, 1], strides: [1, ...p.strides, 1], padding: p.padding, dataFormat: 'NHWC' };
}

/** A number as written, -0 included (template strings print it as 0). */
const show = (v: number | undefined) => (Object.is(v, -0) ? '-0' : String(v));

function expectSameBits(actual: ArrayLike<number>, expected: ArrayLike<number>): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    if (!Object.is(actual[i], expected[i])) throw new Error(`element ${i}: got ${show(actual[i])}, expected ${show(expected[i])}`);
  }
}

describe('MaxPool and MaxPoolGrad match the definition bit for bit', () => {
  for (const [name, shape, pool] of pools) {
    for (const dtype of ['float32', 'float64'] as const) {
      for (const seed of [7, 123]) {
        it(`${name} (${dtype}${seed > 100 ? ', no NaN' : ''})`, async () => {
          const Array_ = dtype === 'float32' ? Float32Array : Float64Array;
          const x = Array_.from(
            values(
              shape.reduce((a, b) => a * b, 1),
              seed,
            ),
          );
          const { outShape, out } = reference(x, shape, pool);
          const grad = Array_.from(values(out.length, seed + 1).map((v, i) => (Number.isNaN(v) ? i : v)));
          const { dx } = reference(x, shape, pool, grad);
          const input = new NDArray(dtype, shape, x);
          const [pooled] = await runKernel(backend, { type: 'MaxPool', inputs: [input], attrs: attrs(pool) });
          expect(pooled!.shape).toEqual(outShape);
          expectSameBits(pooled!.data, Array_.from(out));
          const [gotDx] = await runKernel(backend, {
            type: 'MaxPoolGrad',
            inputs: [input, new NDArray(dtype, outShape, Array_.from(out)), new NDArray(dtype, outShape, grad)],
            attrs: attrs(pool),
          });
          expect(gotDx!.shape).toEqual(shape);
          expectSameBits(gotDx!.data, Array_.from(dx));
        });
      }
    }
  }
});

describe('the WebAssembly 2x2 pooling', () => {
  it('gives the bits of the JS loops on a CNN-sized input with ties, signed zeros and NaNs', async () => {
    const shape = [2, 28, 26, 32];
    const pool: Pool = { window: [2, 2], strides: [2, 2], padding: 'SAME' };
    const x = Float32Array.from(
      values(
        shape.reduce((a, b) => a * b, 1),
        11,
      ),
    );
    const outShape = [2, 14, 13, 32];
    const grad = Float32Array.from(values(2 * 14 * 13 * 32, 12).map((v, i) => (Number.isNaN(v) ? -i : v)));
    const run = async () => {
      const input = new NDArray('float32', shape, x);
      const [pooled] = await runKernel(backend, { type: 'MaxPool', inputs: [input], attrs: attrs(pool) });
      const [dx] = await runKernel(backend, {
        type: 'MaxPoolGrad',
        inputs: [input, pooled!, new NDArray('float32', outShape, grad)],
        attrs: attrs(pool),
      });
      return [Array.from(pooled!.data), Array.from(dx!.data)];
    };
    const [wasmOut, wasmDx] = await run();
    const previous = setPoolWasm(false);
    try {
      const [jsOut, jsDx] = await run();
      expectSameBits(wasmOut!, jsOut!);
      expectSameBits(wasmDx!, jsDx!);
    } finally {
      setPoolWasm(previous);
    }
  });

  it('is what wasm/pool.wat compiles to (run `pnpm build:wasm` after editing the .wat)', async () => {
    const { compileWat } = await import('../scripts/compile-wat.mjs');
    const generated = await import('../src/kernels/shared/wasm/pool-wasm.generated.js');
    const path = new URL('../wasm/pool.wat', import.meta.url).pathname;
    const decode = (base64: string) => Buffer.from(Uint8Array.from(atob(base64), (c) => c.charCodeAt(0)));
    expect(decode(generated.POOL_WASM_BASE64).equals(Buffer.from(await compileWat(path)))).toBe(true);
    expect(decode(generated.POOL_SHARED_WASM_BASE64).equals(Buffer.from(await compileWat(path, { shared: true })))).toBe(true);
  });
});
