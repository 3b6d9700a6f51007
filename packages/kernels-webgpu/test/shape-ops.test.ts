import { describe, expect, it } from 'vitest';
import { expectMatchesCpu, f32, i32, randomF32, randomI32, rng, runKernel, setupGpu } from './helpers.js';

// Shape, Size and Rank read only shapes, so a session always places them on the host
// (`readsOnlyShapes`): the conformance and agreement runs never reach these kernels, which serve
// a caller using the backend directly. They are checked here against the CPU kernels. (The other
// shape-arithmetic ops, BroadcastGradientArgs and ReducedShape, run on the device when fetched,
// so the conformance run covers them.)

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
});

describe.skipIf(!backend)(`InvertPermutation without a read-back${suffix}`, () => {
  // The conformance run lists the invalid-input cases as expected failures (raising would need a
  // read-back mid-step); this pins what the kernel gives instead.
  it('leaves a -1 for an invalid x instead of raising', async () => {
    const [outOfRange] = await runKernel(gpu, { type: 'InvertPermutation', inputs: [i32([3], [2, 7, 0])] });
    expect(Array.from(outOfRange!.data)).toEqual([2, -1, 0]);
    const [negative] = await runKernel(gpu, { type: 'InvertPermutation', inputs: [i32([2], [-1, 0])] });
    expect(Array.from(negative!.data)).toEqual([1, -1]);
    const [duplicate] = await runKernel(gpu, { type: 'InvertPermutation', inputs: [i32([3], [1, 1, 0])] });
    expect(duplicate!.data[0]).toBe(2);
    expect([0, 1]).toContain(duplicate!.data[1]);
    expect(duplicate!.data[2]).toBe(-1);
  });
});
