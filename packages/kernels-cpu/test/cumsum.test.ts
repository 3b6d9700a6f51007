import { describe, expect, it } from 'vitest';
import { backend, f32, f64, i32, runKernel, values } from './helpers.js';

const cumsum = async (x: ReturnType<typeof f32>, axis: number, exclusive = false, reverse = false) =>
  (await runKernel(backend, { type: 'Cumsum', inputs: [x, i32([], [axis])], attrs: { exclusive, reverse } }))[0]!;

describe('Cumsum', () => {
  const v = f32([4], [1, 2, 3, 4]);
  it('sums along a vector in all four modes', async () => {
    expect(values(await cumsum(v, 0))).toEqual([1, 3, 6, 10]);
    expect(values(await cumsum(v, 0, true))).toEqual([0, 1, 3, 6]);
    expect(values(await cumsum(v, 0, false, true))).toEqual([10, 9, 7, 4]);
    expect(values(await cumsum(v, 0, true, true))).toEqual([9, 7, 4, 0]);
  });

  it('sums along any axis of a matrix, negative axes included', async () => {
    const m = f32([2, 3], [1, 2, 3, 4, 5, 6]);
    expect(values(await cumsum(m, 0))).toEqual([1, 2, 3, 5, 7, 9]);
    expect(values(await cumsum(m, 1))).toEqual([1, 3, 6, 4, 9, 15]);
    expect(values(await cumsum(m, -1, true, true))).toEqual([5, 3, 0, 11, 6, 0]);
  });

  it('keeps empty tensors empty, wraps int32, propagates NaN and Inf', async () => {
    expect((await cumsum(f32([0, 3], []), 0)).shape).toEqual([0, 3]);
    expect(
      values(
        (
          await runKernel(backend, {
            type: 'Cumsum',
            inputs: [i32([2], [2147483647, 1]), i32([], [0])],
            attrs: { exclusive: false, reverse: false },
          })
        )[0]!,
      ),
    ).toEqual([2147483647, -2147483648]);
    expect(values(await cumsum(f32([4], [1, NaN, 2, 3]), 0))).toEqual([1, NaN, NaN, NaN]);
    expect(values(await cumsum(f32([3], [Infinity, -Infinity, 1]), 0))).toEqual([Infinity, NaN, NaN]);
    expect(
      values(
        (
          await runKernel(backend, {
            type: 'Cumsum',
            inputs: [f64([2], [0.1, 0.2]), i32([], [0])],
            attrs: { exclusive: false, reverse: false },
          })
        )[0]!,
      ),
    ).toEqual([0.1, 0.1 + 0.2]);
  });
});
