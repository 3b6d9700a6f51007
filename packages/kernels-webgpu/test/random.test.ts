import { describe, expect, it } from 'vitest';
import { philox, philoxKey } from '@tf/graph/backend';
import { i32, runKernel, setupGpu } from './helpers.js';

const { backend, skipReason } = await setupGpu();
const gpu = backend!;
const suffix = skipReason ? ` (${skipReason})` : '';

const hex = (words: number[]) => words.map((w) => w.toString(16).padStart(8, '0'));

/** The shared JavaScript Philox (the CPU kernels' generator), as an array of four words. */
function philox4x32(counter: readonly number[], key: readonly number[]): [number, number, number, number] {
  const out = new Uint32Array(4);
  philox(counter[0]!, counter[1]!, counter[2]!, counter[3]!, key[0]!, key[1]!, out);
  return [out[0]!, out[1]!, out[2]!, out[3]!];
}

describe('Philox4x32-10 (reference)', () => {
  it('matches the Random123 known-answer vectors', () => {
    expect(hex(philox4x32([0, 0, 0, 0], [0, 0]))).toEqual(['6627e8d5', 'e169c58d', 'bc57ac4c', '9b00dbd8']);
    expect(hex(philox4x32([0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff], [0xffffffff, 0xffffffff]))).toEqual([
      '408f276d',
      '41c83b0e',
      'a20bc7c6',
      '6d5451fd',
    ]);
    expect(hex(philox4x32([0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344], [0xa4093822, 0x299f31d0]))).toEqual([
      'd16cfe09',
      '94fdcceb',
      '5001e420',
      '24126ea1',
    ]);
  });
});

function moments(data: ArrayLike<number>): { mean: number; std: number; min: number; max: number } {
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < data.length; i++) {
    sum += data[i]!;
    min = Math.min(min, data[i]!);
    max = Math.max(max, data[i]!);
  }
  const mean = sum / data.length;
  let sq = 0;
  for (let i = 0; i < data.length; i++) sq += (data[i]! - mean) ** 2;
  return { mean, std: Math.sqrt(sq / data.length), min, max };
}

describe.skipIf(!backend)(`random ops${suffix}`, () => {
  const shape = i32([2], [200, 500]);
  const seeded = { dtype: 'float32', seed: 87654321, seed2: 17 };

  it('the WGSL generator computes the same Philox words as the reference', async () => {
    const [out] = await runKernel(gpu, { type: 'RandomUniform', inputs: [i32([1], [1000])], attrs: seeded });
    const key = philoxKey(seeded.seed, seeded.seed2);
    for (const i of [0, 1, 2, 499, 999]) {
      const expected = (philox4x32([i, 0, 0, 0], key)[0] >>> 8) / 16777216;
      expect(out!.data[i]).toBe(expected);
    }
  });

  it('RandomUniform: [0, 1), mean 1/2, std 1/√12', async () => {
    const [out] = await runKernel(gpu, { type: 'RandomUniform', inputs: [shape], attrs: seeded });
    const m = moments(out!.data);
    expect(m.min).toBeGreaterThanOrEqual(0);
    expect(m.max).toBeLessThan(1);
    expect(Math.abs(m.mean - 0.5)).toBeLessThan(0.005);
    expect(Math.abs(m.std - 1 / Math.sqrt(12))).toBeLessThan(0.005);
  });

  it('RandomStandardNormal: mean 0, std 1, symmetric tails', async () => {
    const [out] = await runKernel(gpu, { type: 'RandomStandardNormal', inputs: [shape], attrs: seeded });
    const m = moments(out!.data);
    expect(Math.abs(m.mean)).toBeLessThan(0.01);
    expect(Math.abs(m.std - 1)).toBeLessThan(0.01);
    const beyond2 = Array.from(out!.data).filter((v) => Math.abs(v) > 2).length / out!.size;
    expect(Math.abs(beyond2 - 0.0455)).toBeLessThan(0.005);
  });

  it('TruncatedNormal: within two standard deviations, std 0.8796', async () => {
    const [out] = await runKernel(gpu, { type: 'TruncatedNormal', inputs: [shape], attrs: seeded });
    const m = moments(out!.data);
    expect(m.min).toBeGreaterThanOrEqual(-2);
    expect(m.max).toBeLessThanOrEqual(2);
    expect(Math.abs(m.mean)).toBeLessThan(0.01);
    expect(Math.abs(m.std - 0.8796)).toBeLessThan(0.01);
  });

  it('each run draws new values; the same seeds in a new session replay them; seeds (0, 0) are unpredictable', async () => {
    const state: Record<string, unknown> = {};
    const small = i32([1], [64]);
    const [first] = await runKernel(gpu, { type: 'RandomStandardNormal', inputs: [small], attrs: seeded, state });
    const [second] = await runKernel(gpu, { type: 'RandomStandardNormal', inputs: [small], attrs: seeded, state });
    expect(Array.from(second!.data)).not.toEqual(Array.from(first!.data));
    const [replay] = await runKernel(gpu, { type: 'RandomStandardNormal', inputs: [small], attrs: seeded, state: {} });
    expect(Array.from(replay!.data)).toEqual(Array.from(first!.data));
    const unseeded = { dtype: 'float32', seed: 0, seed2: 0 };
    const [a] = await runKernel(gpu, { type: 'RandomUniform', inputs: [small], attrs: unseeded, state: {} });
    const [b] = await runKernel(gpu, { type: 'RandomUniform', inputs: [small], attrs: unseeded, state: {} });
    expect(Array.from(a!.data)).not.toEqual(Array.from(b!.data));
  });
});
