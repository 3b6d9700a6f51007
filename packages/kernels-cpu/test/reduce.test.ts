import { InvalidArgumentError } from '@tf/graph';
import { describe, expect, it } from 'vitest';
import { backend, f32, i32, reduceWithBadAxis, runKernel, values } from './helpers.js';

// [[[1,2,3],[4,5,6]], [[7,8,9],[10,11,12]]]
const x = f32(
  [2, 2, 3],
  Array.from({ length: 12 }, (_, i) => i + 1),
);
const sum = async (axes: number[] | number, keepDims = false) =>
  (
    await runKernel(backend, {
      type: 'Sum',
      inputs: [x, typeof axes === 'number' ? i32([], [axes]) : i32([axes.length], axes)],
      attrs: { keepDims },
    })
  )[0]!;
const mean = async (axes: number[], keepDims = false) =>
  (await runKernel(backend, { type: 'Mean', inputs: [x, i32([axes.length], axes)], attrs: { keepDims } }))[0]!;

describe('Sum', () => {
  it('reduces every axis', async () => {
    const out = await sum([0, 1, 2]);
    expect(out.shape).toEqual([]);
    expect(values(out)).toEqual([78]);
  });

  it('reduces a single axis, given as a scalar', async () => {
    expect(values(await sum(0))).toEqual([8, 10, 12, 14, 16, 18]);
    expect(values(await sum(1))).toEqual([5, 7, 9, 17, 19, 21]);
    expect(values(await sum(2))).toEqual([6, 15, 24, 33]);
  });

  it('reduces non-adjacent axes', async () => {
    const out = await sum([0, 2]);
    expect(out.shape).toEqual([2]);
    expect(values(out)).toEqual([1 + 2 + 3 + 7 + 8 + 9, 4 + 5 + 6 + 10 + 11 + 12]);
  });

  it('keeps reduced dims as 1 with keepDims', async () => {
    const out = await sum([1], true);
    expect(out.shape).toEqual([2, 1, 3]);
    expect(values(out)).toEqual([5, 7, 9, 17, 19, 21]);
    expect((await sum([0, 1, 2], true)).shape).toEqual([1, 1, 1]);
  });

  it('accepts negative axes and de-duplicates them', async () => {
    expect(values(await sum(-1))).toEqual([6, 15, 24, 33]);
    const out = await sum([-1, 2, -3], true);
    expect(out.shape).toEqual([1, 2, 1]);
    expect(values(out)).toEqual([1 + 2 + 3 + 7 + 8 + 9, 4 + 5 + 6 + 10 + 11 + 12]);
  });

  it('returns a copy when reducing over no axes', async () => {
    const out = await sum([]);
    expect(out.shape).toEqual([2, 2, 3]);
    expect(values(out)).toEqual(values(x));
  });

  it('sums zero elements to 0', async () => {
    const out = (await runKernel(backend, { type: 'Sum', inputs: [f32([0, 3], []), i32([], [0])], attrs: { keepDims: false } }))[0]!;
    expect(values(out)).toEqual([0, 0, 0]);
  });

  it('sums int32', async () => {
    expect(
      values(
        (await runKernel(backend, { type: 'Sum', inputs: [i32([2, 2], [1, -2, 3, 4]), i32([], [1])], attrs: { keepDims: false } }))[0]!,
      ),
    ).toEqual([-1, 7]);
  });

  it('rejects out-of-range axes with InvalidArgumentError, naming the op', async () => {
    const call = reduceWithBadAxis('Sum', 'bad_sum', x, 3);
    expect(call).toThrow(InvalidArgumentError);
    expect(call).toThrow('Invalid reduction dimension 3 for input with 3 dimensions');
  });
});

describe('Mean', () => {
  it('averages over axes, with keepDims and negative axes', async () => {
    expect(values(await mean([0, 1, 2]))).toEqual([6.5]);
    const out = await mean([-2], true);
    expect(out.shape).toEqual([2, 1, 3]);
    expect(values(out)).toEqual([2.5, 3.5, 4.5, 8.5, 9.5, 10.5]);
    expect(values(await mean([0, 2]))).toEqual([5, 8]);
  });

  it('truncates int32 means toward zero', async () => {
    const out = (
      await runKernel(backend, { type: 'Mean', inputs: [i32([2, 2], [1, 2, -3, -4]), i32([], [1])], attrs: { keepDims: false } })
    )[0]!;
    expect(values(out)).toEqual([1, -3]);
  });

  it('is NaN over zero elements for floats', async () => {
    expect(
      values((await runKernel(backend, { type: 'Mean', inputs: [f32([0, 2], []), i32([], [0])], attrs: { keepDims: false } }))[0]!),
    ).toEqual([NaN, NaN]);
  });

  it('returns a copy over no axes', async () => {
    expect(values(await mean([]))).toEqual(values(x));
  });
});

describe('ArgMax', () => {
  const argmax = async (input: ReturnType<typeof f32>, axis: number) =>
    (await runKernel(backend, { type: 'ArgMax', inputs: [input, i32([], [axis])], attrs: { outputType: 'int32' } }))[0]!;

  it('finds the max along each axis', async () => {
    const m = f32([2, 3], [1, 9, 3, 7, 5, 6]);
    const rows = await argmax(m, 1);
    expect(rows.dtype).toBe('int32');
    expect(rows.shape).toEqual([2]);
    expect(values(rows)).toEqual([1, 0]);
    expect(values(await argmax(m, 0))).toEqual([1, 0, 1]);
    expect(values(await argmax(m, -1))).toEqual([1, 0]);
  });

  it('returns the first index among ties', async () => {
    expect(values(await argmax(f32([2, 4], [3, 5, 5, 1, 2, 2, 2, 2]), 1))).toEqual([1, 0]);
  });

  it('returns the index of the first NaN', async () => {
    expect(values(await argmax(f32([2, 3], [1, NaN, 5, NaN, 9, NaN]), 1))).toEqual([1, 0]);
  });

  it('works on rank 3 along a middle axis and on int32', async () => {
    const t = f32([2, 3, 2], [0, 5, 4, 1, 2, 2, 9, 0, 3, 0, 9, 8]);
    expect(values(await argmax(t, 1))).toEqual([1, 0, 0, 2]);
    expect(
      values(
        (await runKernel(backend, { type: 'ArgMax', inputs: [i32([3], [-5, -1, -3]), i32([], [0])], attrs: { outputType: 'int32' } }))[0]!,
      ),
    ).toEqual([1]);
  });

  it('handles -Infinity rows', async () => {
    expect(values(await argmax(f32([3], [-Infinity, -Infinity, -Infinity]), 0))).toEqual([0]);
  });
});
