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

// Distributions and TF's seed rules are conformance cases (random-uniform.cases.ts, …), run on this
// backend too; the CPU and WebGPU streams are compared in random-cpu-agree.test.ts.
describe.skipIf(!backend)(`the WGSL Philox${suffix}`, () => {
  const seeded = { dtype: 'float32', seed: 87654321, seed2: 17 };

  it('the WGSL generator computes the same Philox words as the reference', async () => {
    const [out] = await runKernel(gpu, { type: 'RandomUniform', inputs: [i32([1], [1000])], attrs: seeded });
    const key = philoxKey(seeded.seed, seeded.seed2);
    for (const i of [0, 1, 2, 499, 999]) {
      const expected = (philox4x32([i, 0, 0, 0], key)[0] >>> 8) / 16777216;
      expect(out!.data[i]).toBe(expected);
    }
  });
});
