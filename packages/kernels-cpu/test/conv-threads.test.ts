import { NDArray, type TypedArray } from '@tf/graph';
import { runKernel } from '@tf/graph/backend';
import { describe, expect, it } from 'vitest';
import { createCpuBackend } from '../src/index.js';
import { gemmPoolChunks } from '../src/kernels/shared/wasm/threads.js';
import { withWorkerPool } from './pool-setup.js';

// Convolutions whose im2col rows every thread of the pool builds for its own chunks
// (wasmIm2colMatMulF32): Conv2D, and stride-1 Conv2DBackpropInput run as a forward convolution of
// dy, must give the bits of a backend without threads, which builds and multiplies the same rows
// chunk after chunk on one thread; so must Conv2DBackpropFilter, whose chunks' products are split
// across the pool, and _FusedConv2D, whose epilogue every chunk applies to its own tiles.
// conv.test.ts checks them against the definition.

const pooled = createCpuBackend();
const single = createCpuBackend({ threads: 0 });

function data(n: number, seed: number): Float32Array {
  let s = seed;
  return Float32Array.from({ length: n }, () => {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    return s / 2 ** 30 - 1;
  });
}

const size = (shape: number[]) => shape.reduce((a, b) => a * b, 1);

function sameBits(a: TypedArray, b: TypedArray): boolean {
  const x = new Uint32Array(a.buffer, a.byteOffset, a.length);
  const y = new Uint32Array(b.buffer, b.byteOffset, b.length);
  return x.length === y.length && x.every((v, i) => v === y[i]);
}

function chunksRun(): number {
  const { caller, workers } = gemmPoolChunks();
  return workers.reduce((a, b) => a + b, caller);
}

describe('convolutions and pooling split across the pool', () => {
  withWorkerPool();

  // [x shape, filter shape, strides, dilations, padding]: several chunks each (a chunk is 2¹⁸
  // im2col values), a last chunk whose rows are not a multiple of 4, strides and dilations.
  const cases: [number[], number[], [number, number], [number, number], 'SAME' | 'VALID'][] = [
    [[4, 20, 20, 16], [5, 5, 16, 8], [1, 1], [1, 1], 'SAME'],
    [[3, 15, 15, 32], [5, 5, 32, 12], [1, 1], [1, 1], 'SAME'],
    [[2, 23, 21, 24], [3, 3, 24, 16], [1, 1], [2, 2], 'VALID'],
    [[3, 31, 29, 12], [3, 5, 12, 20], [2, 3], [1, 1], 'SAME'],
    // the filter gradient's chunks are up to 1024 rows: 4 here, the last of 64
    [[4, 28, 28, 8], [5, 5, 8, 16], [1, 1], [1, 1], 'SAME'],
    // one channel: each chunk builds colsᵀ (im2col_transposed); 7 chunks, the last of 128
    [[8, 28, 28, 1], [5, 5, 1, 16], [1, 1], [1, 1], 'SAME'],
  ];

  it.each(cases)(
    'Conv2D and its gradients of x %j, filter %j, strides %j, dilations %j, %s',
    async (xShape, wShape, strides, dilations, padding) => {
      const attrs = { strides: [1, ...strides, 1], dilations: [1, ...dilations, 1], padding, dataFormat: 'NHWC' };
      const x = new NDArray('float32', xShape, data(size(xShape), 1));
      const w = new NDArray('float32', wShape, data(size(wShape), 2));
      const before = chunksRun();
      const [y] = await runKernel(pooled, { type: 'Conv2D', inputs: [x, w], attrs });
      const [yOne] = await runKernel(single, { type: 'Conv2D', inputs: [x, w], attrs });
      expect(chunksRun()).toBeGreaterThan(before);
      expect(sameBits(y!.data, yOne!.data)).toBe(true);

      const dy = new NDArray('float32', y!.shape, data(y!.data.length, 3));
      const xShapeInput = new NDArray('int32', [4], Int32Array.from(xShape));
      const [dx] = await runKernel(pooled, { type: 'Conv2DBackpropInput', inputs: [xShapeInput, w, dy], attrs });
      const [dxOne] = await runKernel(single, { type: 'Conv2DBackpropInput', inputs: [xShapeInput, w, dy], attrs });
      expect(sameBits(dx!.data, dxOne!.data)).toBe(true);

      const wShapeInput = new NDArray('int32', [4], Int32Array.from(wShape));
      const beforeFilter = chunksRun();
      const [dw] = await runKernel(pooled, { type: 'Conv2DBackpropFilter', inputs: [x, wShapeInput, dy], attrs });
      expect(chunksRun()).toBeGreaterThan(beforeFilter);
      const [dwOne] = await runKernel(single, { type: 'Conv2DBackpropFilter', inputs: [x, wShapeInput, dy], attrs });
      expect(sameBits(dw!.data, dwOne!.data)).toBe(true);

      // _FusedConv2D: the bias and relu in the tile stores of every thread's chunks give the bits
      // of the unfused Conv2D → BiasAdd → Relu kernels, and of one thread.
      const bias = new NDArray('float32', [wShape[3]!], data(wShape[3]!, 4));
      const [biased] = await runKernel(pooled, { type: 'BiasAdd', inputs: [y!, bias], attrs: { dataFormat: 'NHWC' } });
      const [relu] = await runKernel(pooled, { type: 'Relu', inputs: [biased!], attrs: {} });
      for (const [fusedOps, unfused] of [
        [['BiasAdd'], biased!],
        [['BiasAdd', 'Relu'], relu!],
      ] as const) {
        const fusedAttrs = { ...attrs, fusedOps };
        const beforeFused = chunksRun();
        const [fused] = await runKernel(pooled, { type: '_FusedConv2D', inputs: [x, w, bias], attrs: fusedAttrs });
        const [fusedOne] = await runKernel(single, { type: '_FusedConv2D', inputs: [x, w, bias], attrs: fusedAttrs });
        expect(chunksRun()).toBeGreaterThan(beforeFused);
        expect(sameBits(fused!.data, unfused.data), fusedOps.join()).toBe(true);
        expect(sameBits(fusedOne!.data, unfused.data), fusedOps.join()).toBe(true);
      }
    },
  );

  // MaxPool and MaxPoolGrad of 2×2 windows at stride 2 split by images (wasm/pool.wat on every
  // thread): even sizes, and odd ones whose last row and column no window covers.
  it.each([
    [[5, 28, 28, 32], 'SAME'],
    [[5, 29, 27, 24], 'VALID'],
  ] as [number[], 'SAME' | 'VALID'][])('MaxPool and MaxPoolGrad of x %j, %s', async (xShape, padding) => {
    const attrs = { ksize: [1, 2, 2, 1], strides: [1, 2, 2, 1], padding, dataFormat: 'NHWC' };
    // ties (rounded values) and a NaN, so which tap of a window wins matters
    const values = data(size(xShape), 4).map((v, i) => (i === 1234 ? Number.NaN : Math.round(v * 4) / 4));
    const x = new NDArray('float32', xShape, values);
    const before = chunksRun();
    const [y] = await runKernel(pooled, { type: 'MaxPool', inputs: [x], attrs });
    const [yOne] = await runKernel(single, { type: 'MaxPool', inputs: [x], attrs });
    expect(chunksRun()).toBeGreaterThan(before);
    expect(sameBits(y!.data, yOne!.data)).toBe(true);
    const grad = new NDArray('float32', y!.shape, data(y!.data.length, 5));
    const [dx] = await runKernel(pooled, { type: 'MaxPoolGrad', inputs: [x, y!, grad], attrs });
    const [dxOne] = await runKernel(single, { type: 'MaxPoolGrad', inputs: [x, yOne!, grad], attrs });
    expect(sameBits(dx!.data, dxOne!.data)).toBe(true);
  });
});
