import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '@tf/graph';
import { expectMatchesCpu, f32, i32, randomF32, randomI32, rng, runKernel, setupGpu } from './helpers.js';

// Sessions place Shape, Size and Rank on the host (they read only shapes) and usually the rest of
// these ops too (their values feed host inputs), so the conformance run may never reach these
// kernels: they are checked here directly, against the CPU kernels.

const { backend, skipReason } = await setupGpu();
const gpu = backend!;
const suffix = skipReason ? ` (${skipReason})` : '';

describe.skipIf(!backend)(`shape ops match the CPU kernels${suffix}`, () => {
  const random = rng(11);

  it('Shape, Size and Rank, scalars and empty tensors included', async () => {
    for (const x of [randomF32(random, [2, 3, 4]), randomI32(random, [5]), f32([], [7]), f32([2, 0, 3], [])]) {
      for (const type of ['Shape', 'Size', 'Rank']) await expectMatchesCpu(gpu, type, [x]);
    }
  });

  it('Range: int32, and float32 drifting exactly as the CPU accumulates', async () => {
    await expectMatchesCpu(gpu, 'Range', [i32([], [2]), i32([], [10]), i32([], [3])]);
    await expectMatchesCpu(gpu, 'Range', [i32([], [5]), i32([], [-4]), i32([], [-2])]);
    await expectMatchesCpu(gpu, 'Range', [i32([], [3]), i32([], [3]), i32([], [1])]);
    const [long] = await expectMatchesCpu(gpu, 'Range', [f32([], [0]), f32([], [1000]), f32([], [0.1])], {}, { rtol: 0, atol: 0 });
    expect(long!.size).toBe(10000);
  });

  it('InvertPermutation spans many workgroups', async () => {
    const n = 5000;
    const perm = Array.from({ length: n }, (_, i) => i);
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [perm[i], perm[j]] = [perm[j]!, perm[i]!];
    }
    await expectMatchesCpu(gpu, 'InvertPermutation', [i32([n], perm)]);
    await expectMatchesCpu(gpu, 'InvertPermutation', [i32([0], [])]);
  });

  it('InvertPermutation of an invalid x leaves a -1 instead of raising', async () => {
    const [outOfRange] = await runKernel(gpu, { type: 'InvertPermutation', inputs: [i32([3], [2, 7, 0])] });
    expect(Array.from(outOfRange!.data)).toEqual([2, -1, 0]);
    const [negative] = await runKernel(gpu, { type: 'InvertPermutation', inputs: [i32([2], [-1, 0])] });
    expect(Array.from(negative!.data)).toEqual([1, -1]);
    const [duplicate] = await runKernel(gpu, { type: 'InvertPermutation', inputs: [i32([3], [1, 1, 0])] });
    expect(duplicate!.data[0]).toBe(2);
    expect([0, 1]).toContain(duplicate!.data[1]);
    expect(duplicate!.data[2]).toBe(-1);
  });

  it('BroadcastGradientArgs and ReducedShape', async () => {
    await expectMatchesCpu(gpu, 'BroadcastGradientArgs', [i32([3], [2, 1, 4]), i32([2], [3, 1])]);
    await expectMatchesCpu(gpu, 'BroadcastGradientArgs', [i32([0], []), i32([2], [2, 2])]);
    await expectMatchesCpu(gpu, 'ReducedShape', [i32([3], [2, 3, 4]), i32([2], [-1, 0])]);
    await expectMatchesCpu(gpu, 'ReducedShape', [i32([2], [2, 3]), i32([], [1])]);
    await expectMatchesCpu(gpu, 'ReducedShape', [i32([2], [2, 3]), i32([0], [])]);
  });

  it('ReducedShape with an axis out of range raises the CPU kernel error', async () => {
    const run = runKernel(gpu, { type: 'ReducedShape', inputs: [i32([2], [2, 3]), i32([1], [2])] });
    await expect(run).rejects.toThrow(InvalidArgumentError);
    await expect(run).rejects.toThrow('Invalid reduction dimension 2 for input with 2 dimensions');
  });
});
