import { InvalidArgumentError } from '@tf/graph';
import { describe, expect, it } from 'vitest';
import { bool, f32, f64, i32, reduceWithBadAxis, run1, values } from './helpers.js';

// [[[1,2,3],[4,5,6]], [[7,8,9],[10,11,12]]] with a few signs flipped
const x = f32([2, 2, 3], [1, -2, 3, 4, 5, -6, -7, 8, 9, 10, -11, 12]);
const reduce = (type: string, input = x, axes: number[] | number = [0, 1, 2], keepDims = false) =>
  run1(type, [input, typeof axes === 'number' ? i32([], [axes]) : i32([axes.length], axes)], { keepDims });

describe('Max and Min', () => {
  it('reduce every axis, one axis, non-adjacent axes', () => {
    expect(values(reduce('Max'))).toEqual([12]);
    expect(values(reduce('Min'))).toEqual([-11]);
    expect(values(reduce('Max', x, 0))).toEqual([1, 8, 9, 10, 5, 12]);
    expect(values(reduce('Min', x, 2))).toEqual([-2, -6, -7, -11]);
    expect(values(reduce('Max', x, [0, 2]))).toEqual([9, 12]);
    expect(values(reduce('Min', x, [2, 0]))).toEqual([-7, -11]);
  });

  it('keep reduced dims as 1 and accept negative axes', () => {
    const out = reduce('Max', x, [-2], true);
    expect(out.shape).toEqual([2, 1, 3]);
    expect(values(out)).toEqual([4, 5, 3, 10, 8, 12]);
  });

  it('copy the input over no axes', () => {
    expect(values(reduce('Min', x, []))).toEqual(values(x));
  });

  it('give -Inf / +Inf over zero elements (int32: the extreme int32 values)', () => {
    expect(values(reduce('Max', f32([2, 0], []), 1))).toEqual([-Infinity, -Infinity]);
    expect(values(reduce('Min', f32([0, 2], []), 0))).toEqual([Infinity, Infinity]);
    expect(values(reduce('Max', i32([0], []), 0))).toEqual([-2147483648]);
    expect(values(reduce('Min', i32([0], []), 0))).toEqual([2147483647]);
    expect(reduce('Max', f32([0, 2], []), 1).shape).toEqual([0]);
  });

  it('let NaN win wherever it is in the group', () => {
    const nan = f32([2, 3], [NaN, 1, 2, 3, NaN, -Infinity]);
    expect(values(reduce('Max', nan, 1))).toEqual([NaN, NaN]);
    expect(values(reduce('Min', nan, 1))).toEqual([NaN, NaN]);
    expect(values(reduce('Max', nan, 0))).toEqual([NaN, NaN, 2]);
    expect(values(reduce('Min', nan, 0))).toEqual([NaN, NaN, -Infinity]);
  });

  it('work on int32 and float64', () => {
    expect(values(reduce('Max', i32([2, 2], [-5, 3, 7, -1]), 1))).toEqual([3, 7]);
    expect(values(reduce('Min', f64([3], [0.1, -0.2, 0.3]), 0))).toEqual([-0.2]);
  });

  it('reject an out-of-range axis with InvalidArgumentError', () => {
    const call = reduceWithBadAxis('Max', 'bad_max', x, -4);
    expect(call).toThrow(InvalidArgumentError);
    expect(call).toThrow('Invalid reduction dimension -4 for input with 3 dimensions');
  });
});

describe('Prod', () => {
  it('multiplies over axes, 1 over zero elements', () => {
    expect(values(reduce('Prod', x, 2))).toEqual([-6, -120, -504, -1320]);
    expect(values(reduce('Prod', f32([2, 0], []), 1))).toEqual([1, 1]);
    expect(values(reduce('Prod', f32([3], [2, NaN, 0]), 0))).toEqual([NaN]);
  });

  it('wraps int32 products modulo 2^32', () => {
    // 65536 · 65536 = 2^32 ≡ 0; 46341 · 46341 = 2147488281 ≡ -2147479015.
    expect(values(reduce('Prod', i32([2, 2], [65536, 65536, 46341, 46341]), 1))).toEqual([0, -2147479015]);
  });
});

describe('All and Any', () => {
  const b = bool([2, 3], [true, true, false, true, true, true]);
  it('reduce bool tensors', () => {
    expect(values(reduce('All', b, 1))).toEqual([0, 1]);
    expect(values(reduce('Any', b, 0))).toEqual([1, 1, 1]);
    expect(values(reduce('All', b, 0))).toEqual([1, 1, 0]);
    expect(reduce('Any', b, [0, 1], true).shape).toEqual([1, 1]);
  });

  it('give true (All) and false (Any) over zero elements', () => {
    expect(values(reduce('All', bool([2, 0], []), 1))).toEqual([1, 1]);
    expect(values(reduce('Any', bool([2, 0], []), 1))).toEqual([0, 0]);
  });
});

describe('ArgMin', () => {
  const argmin = (input: ReturnType<typeof f32>, axis: number) => run1('ArgMin', [input, i32([], [axis])], { outputType: 'int32' });
  it('finds the first minimum along an axis; a NaN wins', () => {
    const m = f32([2, 3], [4, 1, 1, 7, 9, -3]);
    expect(values(argmin(m, 1))).toEqual([1, 2]);
    expect(values(argmin(m, 0))).toEqual([0, 0, 1]);
    expect(values(argmin(f32([3], [2, NaN, -5]), 0))).toEqual([1]);
    expect(values(argmin(f32([3], [Infinity, Infinity, Infinity]), 0))).toEqual([0]);
  });
});
