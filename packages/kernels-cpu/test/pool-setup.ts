import { afterAll, beforeAll, expect } from 'vitest';
import { holdGemmThreads, releaseGemmThreads, setGemmThreadThreshold, startGemmThreads } from '../src/kernels/shared/wasm/gemm.js';
import { gemmWorkersReady } from '../src/kernels/shared/wasm/threads.js';

/**
 * For the enclosing `describe`: holds the CPU worker pool with 3 workers, waits until they are
 * ready, and splits every float32 product (threshold 0); lets go of all of it afterwards.
 */
export function withWorkerPool(): void {
  let threshold = 0;
  beforeAll(async () => {
    expect(holdGemmThreads(3)).toBe(true);
    startGemmThreads();
    expect(await gemmWorkersReady()).toBeGreaterThan(0);
    threshold = setGemmThreadThreshold(0);
  });
  afterAll(() => {
    setGemmThreadThreshold(threshold);
    releaseGemmThreads();
  });
}
