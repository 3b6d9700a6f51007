import { describe, expect, it } from 'vitest';
import { backend, i32, runKernel, values } from './helpers.js';

type RandomOp = 'RandomUniform' | 'RandomStandardNormal' | 'TruncatedNormal';
const OPS: RandomOp[] = ['RandomUniform', 'RandomStandardNormal', 'TruncatedNormal'];

/** One run of a random op; pass the same `state` to continue a session's stream. */
async function sample(type: RandomOp, n: number, seeds: [number, number], state: Record<string, unknown> = {}, dtype = 'float32') {
  return (await runKernel(backend, { type: type, inputs: [i32([1], [n])], attrs: { dtype, seed: seeds[0], seed2: seeds[1] }, state }))[0]!;
}

function moments(xs: number[]): { mean: number; std: number } {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const variance = xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length;
  return { mean, std: Math.sqrt(variance) };
}

describe.each(OPS)('%s', (type) => {
  it('repeats the same sequence in two sessions with the same seeds', async () => {
    const session1 = {};
    const session2 = {};
    const a1 = values(await sample(type, 7, [42, 7], session1));
    const a2 = values(await sample(type, 7, [42, 7], session1));
    const b1 = values(await sample(type, 7, [42, 7], session2));
    const b2 = values(await sample(type, 7, [42, 7], session2));
    expect(b1).toEqual(a1);
    expect(b2).toEqual(a2);
  });

  it('gives new values on each run of the same op', async () => {
    const state = {};
    const first = values(await sample(type, 5, [1, 2], state));
    const second = values(await sample(type, 5, [1, 2], state));
    expect(second).not.toEqual(first);
  });

  it('gives different streams for different seeds', async () => {
    expect(values(await sample(type, 5, [1, 2]))).not.toEqual(values(await sample(type, 5, [1, 3])));
    expect(values(await sample(type, 5, [1, 2]))).not.toEqual(values(await sample(type, 5, [2, 1])));
  });

  it('is nondeterministic across sessions when both seeds are 0', async () => {
    expect(values(await sample(type, 8, [0, 0]))).not.toEqual(values(await sample(type, 8, [0, 0])));
  });

  it('writes float64 outputs', async () => {
    const out = await sample(type, 4, [3, 4], {}, 'float64');
    expect(out.dtype).toBe('float64');
    expect(values(out).every(Number.isFinite)).toBe(true);
  });

  it('fills multi-dimensional shapes', async () => {
    const out = (await runKernel(backend, { type: type, inputs: [i32([2], [3, 4])], attrs: { dtype: 'float32', seed: 5, seed2: 6 } }))[0]!;
    expect(out.shape).toEqual([3, 4]);
    expect(values(out).every(Number.isFinite)).toBe(true);
  });
});

const N = 100_000;

describe('distributions on 10^5 samples', () => {
  it('RandomUniform lies in [0, 1) with mean 1/2 and std 1/sqrt(12)', async () => {
    for (const dtype of ['float32', 'float64']) {
      const xs = values(await sample('RandomUniform', N, [11, 12], {}, dtype));
      expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
      const { mean, std } = moments(xs);
      expect(mean).toBeCloseTo(0.5, 2);
      expect(std).toBeCloseTo(1 / Math.sqrt(12), 2);
    }
  });

  it('RandomStandardNormal has mean 0 and std 1', async () => {
    const xs = values(await sample('RandomStandardNormal', N, [13, 14]));
    const { mean, std } = moments(xs);
    expect(Math.abs(mean)).toBeLessThan(0.02);
    expect(Math.abs(std - 1)).toBeLessThan(0.02);
    // About 4.55% of a normal lies beyond 2σ; a truncated sampler would show none.
    const tail = xs.filter((x) => Math.abs(x) > 2).length / N;
    expect(tail).toBeGreaterThan(0.04);
    expect(tail).toBeLessThan(0.051);
  });

  it('TruncatedNormal stays within 2σ with the truncated std (≈0.8796)', async () => {
    const xs = values(await sample('TruncatedNormal', N, [15, 16]));
    expect(xs.every((x) => Math.abs(x) <= 2)).toBe(true);
    const { mean, std } = moments(xs);
    expect(Math.abs(mean)).toBeLessThan(0.02);
    expect(Math.abs(std - 0.8796)).toBeLessThan(0.02);
  });
});
