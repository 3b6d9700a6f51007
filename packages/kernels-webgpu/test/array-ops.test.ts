import { describe, it } from 'vitest';
import type { NDArray } from '@tf/graph';
import { bool, expectMatchesCpu, f32, i32, randomBool, randomF32, randomI32, rng, setupGpu } from './helpers.js';

const { backend, skipReason } = await setupGpu();
const gpu = backend!;
const suffix = skipReason ? ` (${skipReason})` : '';

describe.skipIf(!backend)(`array ops match the CPU kernels${suffix}`, () => {
  const random = rng(7);
  /** The same shape in each data-movement dtype. */
  const all = (shape: number[]): NDArray[] => [randomF32(random, shape), randomI32(random, shape), randomBool(random, shape)];

  it('Squeeze and ExpandDims', async () => {
    for (const x of all([2, 1, 3, 1])) {
      await expectMatchesCpu(gpu, 'Squeeze', [x], { squeezeDims: [] });
      await expectMatchesCpu(gpu, 'Squeeze', [x], { squeezeDims: [1] });
      await expectMatchesCpu(gpu, 'ExpandDims', [x, i32([], [-1])]);
    }
    await expectMatchesCpu(gpu, 'ExpandDims', [f32([0, 2], []), i32([], [0])]);
  });

  it('Transpose in every dtype, with merged and unmerged dims', async () => {
    const cases: [number[], number[]][] = [
      [
        [3, 4],
        [1, 0],
      ],
      [
        [2, 3, 4],
        [2, 0, 1],
      ],
      [
        [2, 3, 4, 5],
        [0, 1, 3, 2],
      ],
      [
        [2, 3, 4, 5],
        [3, 2, 1, 0],
      ],
      [
        [2, 1, 4],
        [1, 2, 0],
      ],
      [[5], [0]],
      [[], []],
      [
        [0, 3],
        [1, 0],
      ],
    ];
    for (const [shape, perm] of cases) {
      for (const x of all(shape)) await expectMatchesCpu(gpu, 'Transpose', [x, i32([perm.length], perm)]);
    }
  });

  it('large tensors span many workgroups', async () => {
    const x = randomF32(random, [70, 90, 3]);
    await expectMatchesCpu(gpu, 'Transpose', [x, i32([3], [2, 0, 1])]);
    await expectMatchesCpu(gpu, 'Tile', [x, i32([3], [2, 1, 3])]);
    await expectMatchesCpu(gpu, 'StridedSlice', [x, i32([3], [1, 2, 0]), i32([3], [70, 90, 3]), i32([3], [3, 1, 2])], {
      beginMask: 0,
      endMask: 0,
      ellipsisMask: 0,
      newAxisMask: 0,
      shrinkAxisMask: 0,
    });
    await expectMatchesCpu(gpu, 'Cumsum', [x, i32([], [0])], { exclusive: false, reverse: true }, { rtol: 1e-4, atol: 1e-4 });
  });

  it('empty tensors', async () => {
    const x = f32([2, 0, 3], []);
    await expectMatchesCpu(gpu, 'Transpose', [x, i32([3], [2, 1, 0])]);
    await expectMatchesCpu(gpu, 'Pad', [x, i32([3, 2], [1, 0, 0, 0, 0, 1])]);
    await expectMatchesCpu(gpu, 'Tile', [x, i32([3], [2, 2, 2])]);
    await expectMatchesCpu(gpu, 'GatherV2', [f32([3, 2], [1, 2, 3, 4, 5, 6]), i32([0], []), i32([], [0])]);
    await expectMatchesCpu(gpu, 'UnsortedSegmentSum', [f32([0, 2], []), i32([0], []), i32([], [3])]);
  });

  it('ReverseV2', async () => {
    for (const x of all([2, 3, 4])) {
      for (const axes of [[0], [1, 2], [-1], [], [0, 1, 2]]) await expectMatchesCpu(gpu, 'ReverseV2', [x, i32([axes.length], axes)]);
    }
  });

  it('ConcatV2, Pack, Split, SplitV, Unpack', async () => {
    for (const [a, b] of [
      [randomF32(random, [2, 3, 4]), randomF32(random, [2, 5, 4])],
      [randomI32(random, [2, 3, 4]), randomI32(random, [2, 5, 4])],
      [randomBool(random, [2, 3, 4]), randomBool(random, [2, 5, 4])],
    ] as [NDArray, NDArray][]) {
      await expectMatchesCpu(gpu, 'ConcatV2', [a, b, a, i32([], [1])], { N: 3 });
      await expectMatchesCpu(gpu, 'ConcatV2', [a, a, i32([], [-1])], { N: 2 });
      await expectMatchesCpu(gpu, 'ConcatV2', [a, a, i32([], [0])], { N: 2 });
      await expectMatchesCpu(gpu, 'Pack', [a, a, a], { N: 3, axis: 1 });
      await expectMatchesCpu(gpu, 'Pack', [a, a], { N: 2, axis: -1 });
      await expectMatchesCpu(gpu, 'Unpack', [b], { num: 5, axis: 1 });
      await expectMatchesCpu(gpu, 'Split', [i32([], [1]), b], { numSplit: 1 });
      await expectMatchesCpu(gpu, 'Split', [i32([], [-1]), b], { numSplit: 2 });
      await expectMatchesCpu(gpu, 'SplitV', [b, i32([3], [1, 0, 4]), i32([], [1])], { numSplit: 3 });
    }
    await expectMatchesCpu(gpu, 'ConcatV2', [f32([2, 0], []), f32([2, 3], [1, 2, 3, 4, 5, 6]), i32([], [1])], { N: 2 });
  });

  it('Slice, StridedSlice and StridedSliceGrad', async () => {
    for (const x of all([4, 5, 6])) {
      await expectMatchesCpu(gpu, 'Slice', [x, i32([3], [1, 0, 2]), i32([3], [2, -1, 3])]);
      const masks = { beginMask: 0, endMask: 0, ellipsisMask: 0, newAxisMask: 0, shrinkAxisMask: 0 };
      await expectMatchesCpu(gpu, 'StridedSlice', [x, i32([3], [3, 1, 5]), i32([3], [0, 5, 0]), i32([3], [-1, 2, -2])], masks);
      await expectMatchesCpu(gpu, 'StridedSlice', [x, i32([2], [1, 0]), i32([2], [2, 0]), i32([2], [1, 1])], {
        ...masks,
        shrinkAxisMask: 1,
        newAxisMask: 2,
      });
      await expectMatchesCpu(gpu, 'StridedSlice', [x, i32([2], [0, -1]), i32([2], [0, 0]), i32([2], [1, -3])], {
        ...masks,
        ellipsisMask: 1,
        endMask: 2,
      });
    }
    const dy = randomF32(random, [3, 2, 3]);
    const masks = { beginMask: 0, endMask: 0, ellipsisMask: 0, newAxisMask: 0, shrinkAxisMask: 0 };
    await expectMatchesCpu(
      gpu,
      'StridedSliceGrad',
      [i32([3], [4, 5, 6]), i32([3], [3, 1, 5]), i32([3], [0, 5, 0]), i32([3], [-1, 2, -2]), dy],
      masks,
    );
  });

  it('Tile, Pad, PadV2, MirrorPad, MirrorPadGrad', async () => {
    for (const x of all([2, 3, 4])) {
      await expectMatchesCpu(gpu, 'Tile', [x, i32([3], [2, 1, 3])]);
      await expectMatchesCpu(gpu, 'Tile', [x, i32([3], [1, 0, 2])]);
      await expectMatchesCpu(gpu, 'Pad', [x, i32([3, 2], [1, 0, 0, 2, 3, 1])]);
      const constant = x.dtype === 'float32' ? f32([], [2.5]) : x.dtype === 'int32' ? i32([], [-7]) : bool([], [1]);
      await expectMatchesCpu(gpu, 'PadV2', [x, i32([3, 2], [1, 0, 0, 2, 3, 1]), constant]);
      await expectMatchesCpu(gpu, 'MirrorPad', [x, i32([3, 2], [1, 1, 2, 0, 3, 2])], { mode: 'REFLECT' });
      await expectMatchesCpu(gpu, 'MirrorPad', [x, i32([3, 2], [2, 1, 3, 0, 4, 2])], { mode: 'SYMMETRIC' });
    }
    const dy = randomF32(random, [4, 5, 9]);
    await expectMatchesCpu(gpu, 'MirrorPadGrad', [dy, i32([3, 2], [1, 1, 2, 0, 3, 2])], { mode: 'REFLECT' }, { rtol: 1e-5, atol: 1e-5 });
    const dy2 = randomF32(random, [5, 6, 10]);
    await expectMatchesCpu(gpu, 'MirrorPadGrad', [dy2, i32([3, 2], [2, 1, 3, 0, 4, 2])], { mode: 'SYMMETRIC' }, { rtol: 1e-5, atol: 1e-5 });
    await expectMatchesCpu(gpu, 'MirrorPadGrad', [randomI32(random, [5, 6, 10]), i32([3, 2], [2, 1, 3, 0, 4, 2])], { mode: 'SYMMETRIC' });
  });

  it('GatherV2, UnsortedSegmentSum, OneHot', async () => {
    for (const x of all([4, 3, 2])) {
      await expectMatchesCpu(gpu, 'GatherV2', [x, i32([2, 2], [3, 0, 1, 1]), i32([], [0])]);
      await expectMatchesCpu(gpu, 'GatherV2', [x, i32([5], [2, 0, 1, 1, 2]), i32([], [1])]);
      await expectMatchesCpu(gpu, 'GatherV2', [x, i32([], [1]), i32([], [-1])]);
    }
    const data = randomF32(random, [6, 3]);
    await expectMatchesCpu(gpu, 'UnsortedSegmentSum', [data, i32([6], [0, 2, -1, 2, 0, 3]), i32([], [5])], {}, { rtol: 1e-5, atol: 1e-6 });
    await expectMatchesCpu(gpu, 'UnsortedSegmentSum', [randomI32(random, [3, 2, 2]), i32([3, 2], [1, 1, 0, 1, 2, 0]), i32([], [3])]);
    const idx = i32([2, 3], [0, 2, -1, 5, 1, 3]);
    await expectMatchesCpu(gpu, 'OneHot', [idx, i32([], [4]), f32([], [1]), f32([], [0])], { axis: -1 });
    await expectMatchesCpu(gpu, 'OneHot', [idx, i32([], [4]), i32([], [5]), i32([], [-1])], { axis: 0 });
    await expectMatchesCpu(gpu, 'OneHot', [idx, i32([], [3]), bool([], [1]), bool([], [0])], { axis: 1 });
  });

  it('Cumsum in every direction', async () => {
    for (const exclusive of [false, true]) {
      for (const reverse of [false, true]) {
        await expectMatchesCpu(
          gpu,
          'Cumsum',
          [randomF32(random, [3, 4, 5]), i32([], [1])],
          { exclusive, reverse },
          { rtol: 1e-5, atol: 1e-5 },
        );
        await expectMatchesCpu(gpu, 'Cumsum', [randomI32(random, [3, 4, 5]), i32([], [-1])], { exclusive, reverse });
        await expectMatchesCpu(gpu, 'Cumsum', [randomI32(random, [7]), i32([], [0])], { exclusive, reverse });
      }
    }
  });
});
