import { describe, expect, it } from 'vitest';
import { bool, expectMatchesCpu, f32, i32, randomBool, randomF32, randomI32, rng, runKernel, setupGpu } from './helpers.js';

const { backend, skipReason } = await setupGpu();
const gpu = backend!;
const suffix = skipReason ? ` (${skipReason})` : '';

/** Shapes and axis lists: contiguous and strided reductions, short (one invocation per output) and long (one workgroup). */
const CASES: [number[], number[]][] = [
  [[6, 7], [1]],
  [[6, 7], [0]],
  [
    [6, 7],
    [0, 1],
  ],
  [[3, 4, 5], [1]],
  [
    [3, 4, 5],
    [0, 2],
  ],
  [[3, 4, 5], [-1]],
  [
    [2, 3, 4, 5],
    [1, 3],
  ],
  [[100, 784], [1]],
  [[300, 20], [0]],
  [[5000], [0]],
  [[7], []],
  [[], []],
];

describe.skipIf(!backend)(`reductions match the CPU kernels${suffix}`, () => {
  const random = rng(21);

  it.each(['Sum', 'Mean', 'Max', 'Min', 'Prod'])('%s on float32 over arbitrary axes, with and without keepDims', async (op) => {
    for (const [shape, axes] of CASES) {
      const lo = op === 'Prod' ? 0.9 : -1;
      const hi = op === 'Prod' ? 1.1 : 1;
      const x = randomF32(random, shape, lo, hi);
      for (const keepDims of [false, true]) {
        // Sums of up to 5000 float32 terms: relative to the terms' magnitude, not the (cancelling) result.
        await expectMatchesCpu(gpu, op, [x, i32([axes.length], axes)], { keepDims }, { rtol: 1e-4, atol: 1e-4 });
      }
    }
  });

  it.each(['Sum', 'Mean', 'Max', 'Min', 'Prod'])('%s on int32 is exact', async (op) => {
    for (const [shape, axes] of CASES.slice(0, 7)) {
      const x = op === 'Prod' ? randomI32(random, shape, -3, 3) : randomI32(random, shape);
      await expectMatchesCpu(gpu, op, [x, i32([axes.length], axes)], { keepDims: false });
    }
  });

  it.each(['All', 'Any'])('%s on bool', async (op) => {
    for (const [shape, axes] of CASES) {
      await expectMatchesCpu(gpu, op, [randomBool(random, shape), i32([axes.length], axes)], { keepDims: false });
    }
    await expectMatchesCpu(gpu, op, [bool([2, 3], [1, 1, 1, 0, 0, 0]), i32([1], [1])], { keepDims: true });
  });

  it('reductions over an empty axis give the identity (Mean: NaN)', async () => {
    const x = f32([0, 3], []);
    for (const op of ['Sum', 'Mean', 'Max', 'Min', 'Prod']) await expectMatchesCpu(gpu, op, [x, i32([1], [0])], { keepDims: false });
    await expectMatchesCpu(gpu, 'Mean', [i32([0, 2], []), i32([1], [0])], { keepDims: false });
    const [out] = await runKernel(gpu, { type: 'Sum', inputs: [f32([3, 0], []), i32([1], [0])], attrs: { keepDims: false } });
    expect(out!.shape).toEqual([0]);
  });

  it('NaN propagates through Sum, Max and Min; infinities keep their sign', async () => {
    const x = f32([3, 4], [1, Number.NaN, 3, 4, -Infinity, 2, 3, 1, Infinity, -Infinity, 0, 1]);
    for (const op of ['Sum', 'Mean', 'Max', 'Min', 'Prod']) await expectMatchesCpu(gpu, op, [x, i32([1], [1])], { keepDims: false });
    // The long (workgroup) path too.
    const long = f32(
      [1000],
      Array.from({ length: 1000 }, (_, i) => (i === 777 ? Number.NaN : i)),
    );
    for (const op of ['Sum', 'Max', 'Min']) await expectMatchesCpu(gpu, op, [long, i32([1], [0])], { keepDims: false });
  });

  it('ArgMax and ArgMin: first index on ties, first NaN wins', async () => {
    for (const op of ['ArgMax', 'ArgMin']) {
      for (const [shape, axis] of [
        [[6, 7], 1],
        [[6, 7], 0],
        [[3, 4, 5], 1],
        [[3, 4, 5], -1],
        [[10, 1000], 1],
        [[600, 3], 0],
      ] as [number[], number][]) {
        await expectMatchesCpu(gpu, op, [randomF32(random, shape), i32([], [axis])], { outputType: 'int32' });
        await expectMatchesCpu(gpu, op, [randomI32(random, shape, -3, 3), i32([], [axis])], { outputType: 'int32' });
      }
      const ties = f32([2, 5], [1, 3, 3, 0, 3, 2, Number.NaN, 5, Number.NaN, -1]);
      await expectMatchesCpu(gpu, op, [ties, i32([], [1])], { outputType: 'int32' });
      const longTies = f32(
        [1, 3000],
        Array.from({ length: 3000 }, (_, i) => (i % 500 === 7 ? 9 : i % 500 === 11 ? -9 : 0)),
      );
      await expectMatchesCpu(gpu, op, [longTies, i32([], [1])], { outputType: 'int32' });
    }
  });

  it('L2Loss is sum(x²)/2 over every element', async () => {
    await expectMatchesCpu(gpu, 'L2Loss', [randomF32(random, [30, 40])], {}, { rtol: 1e-5 });
    await expectMatchesCpu(gpu, 'L2Loss', [f32([], [3])]);
  });
});
