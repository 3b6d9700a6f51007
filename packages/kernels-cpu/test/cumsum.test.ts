import { describe, expect, it } from 'vitest';
import { f32, f64, i32, run1, values } from './helpers.js';

const cumsum = (x: ReturnType<typeof f32>, axis: number, exclusive = false, reverse = false) =>
  run1('Cumsum', [x, i32([], [axis])], { exclusive, reverse });

describe('Cumsum', () => {
  const v = f32([4], [1, 2, 3, 4]);
  it('sums along a vector in all four modes', () => {
    expect(values(cumsum(v, 0))).toEqual([1, 3, 6, 10]);
    expect(values(cumsum(v, 0, true))).toEqual([0, 1, 3, 6]);
    expect(values(cumsum(v, 0, false, true))).toEqual([10, 9, 7, 4]);
    expect(values(cumsum(v, 0, true, true))).toEqual([9, 7, 4, 0]);
  });

  it('sums along any axis of a matrix, negative axes included', () => {
    const m = f32([2, 3], [1, 2, 3, 4, 5, 6]);
    expect(values(cumsum(m, 0))).toEqual([1, 2, 3, 5, 7, 9]);
    expect(values(cumsum(m, 1))).toEqual([1, 3, 6, 4, 9, 15]);
    expect(values(cumsum(m, -1, true, true))).toEqual([5, 3, 0, 11, 6, 0]);
  });

  it('keeps empty tensors empty, wraps int32, propagates NaN and Inf', () => {
    expect(cumsum(f32([0, 3], []), 0).shape).toEqual([0, 3]);
    expect(values(run1('Cumsum', [i32([2], [2147483647, 1]), i32([], [0])], { exclusive: false, reverse: false }))).toEqual([
      2147483647, -2147483648,
    ]);
    expect(values(cumsum(f32([4], [1, NaN, 2, 3]), 0))).toEqual([1, NaN, NaN, NaN]);
    expect(values(cumsum(f32([3], [Infinity, -Infinity, 1]), 0))).toEqual([Infinity, NaN, NaN]);
    expect(values(run1('Cumsum', [f64([2], [0.1, 0.2]), i32([], [0])], { exclusive: false, reverse: false }))).toEqual([0.1, 0.1 + 0.2]);
  });
});
