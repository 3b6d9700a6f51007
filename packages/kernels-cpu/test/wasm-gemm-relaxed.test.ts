import './relaxed-simd-flag.js';
import { describe, expect, it } from 'vitest';
import { setGemmThreadThreshold } from '../src/kernels/shared/wasm/gemm.js';
import { gemmSuite } from './gemm-suite.js';
import { backend, f32, runKernel, values } from './helpers.js';
import { withWorkerPool } from './pool-setup.js';

// The GEMM's relaxed-SIMD build (fused multiply-adds): the same tests as the baseline build's,
// and the worker pool (which instantiates the module this thread compiled) splitting a product
// with the same bits as one thread.
gemmSuite('relaxed-simd');

describe('the relaxed-SIMD GEMM across the worker pool', () => {
  withWorkerPool();

  it('splits a product with the bits of one thread', async () => {
    const [m, k, n] = [96, 130, 72];
    const data = (size: number, seed: number) => Array.from({ length: size }, (_, i) => Math.sin(i * 12.9898 + seed) * 2);
    const inputs = [f32([m, k], data(m * k, 1)), f32([k, n], data(k * n, 2))];
    const threaded = values((await runKernel(backend, { type: 'MatMul', inputs }))[0]!);
    setGemmThreadThreshold(Number.POSITIVE_INFINITY);
    const single = values((await runKernel(backend, { type: 'MatMul', inputs }))[0]!);
    setGemmThreadThreshold(0);
    expect(threaded).toEqual(single);
  });
});
