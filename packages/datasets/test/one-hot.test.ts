import { InvalidArgumentError, NDArray } from '@tf/graph';
import { describe, expect, it } from 'vitest';
import { oneHot } from '../src/index.js';

describe('oneHot', () => {
  it('turns class indices into float32 [N, depth] rows', () => {
    const out = oneHot(Int32Array.from([2, 0, 1]), 3);
    expect(out.dtype).toBe('float32');
    expect(out.shape).toEqual([3, 3]);
    expect(out.toArray()).toEqual([
      [0, 0, 1],
      [1, 0, 0],
      [0, 1, 0],
    ]);
  });

  it('accepts a rank-1 NDArray, Uint8Array or plain array', () => {
    const labels = new NDArray('int32', [2], Int32Array.from([1, 3]));
    expect(oneHot(labels, 4).toArray()).toEqual(oneHot([1, 3], 4).toArray());
    expect(oneHot(Uint8Array.from([1, 3]), 4).toArray()).toEqual([
      [0, 1, 0, 0],
      [0, 0, 0, 1],
    ]);
    expect(oneHot([], 10).shape).toEqual([0, 10]);
  });

  it('rejects out-of-range labels, a bad depth, and rank ≠ 1', () => {
    expect(() => oneHot([0, 10], 10)).toThrow(new InvalidArgumentError('oneHot: label 10 at index 1 is not an integer in [0, 10)'));
    expect(() => oneHot([-1], 10)).toThrow(InvalidArgumentError);
    expect(() => oneHot([0.5], 10)).toThrow(InvalidArgumentError);
    expect(() => oneHot([0], 0)).toThrow(/depth must be a positive integer/);
    expect(() => oneHot(new NDArray('int32', [1, 1], Int32Array.from([0])), 2)).toThrow(/rank 1/);
  });
});
