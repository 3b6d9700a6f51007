import { InvalidArgumentError } from '@tf/graph';
import { describe, expect, it } from 'vitest';
import { bool, expectClose, f32, f64, i32, run1, values } from './helpers.js';

describe('broadcasting binary ops', () => {
  it('adds same-shape operands', () => {
    const out = run1('Add', [f32([2, 2], [1, 2, 3, 4]), f32([2, 2], [10, 20, 30, 40])]);
    expect(out.shape).toEqual([2, 2]);
    expect(values(out)).toEqual([11, 22, 33, 44]);
  });

  it('broadcasts a row vector over a matrix: [2,3] + [3]', () => {
    const out = run1('Add', [f32([2, 3], [1, 2, 3, 4, 5, 6]), f32([3], [10, 20, 30])]);
    expect(out.shape).toEqual([2, 3]);
    expect(values(out)).toEqual([11, 22, 33, 14, 25, 36]);
  });

  it('broadcasts [3] - [2,3] with the vector on the left', () => {
    const out = run1('Sub', [f32([3], [10, 20, 30]), f32([2, 3], [1, 2, 3, 4, 5, 6])]);
    expect(values(out)).toEqual([9, 18, 27, 6, 15, 24]);
  });

  it('broadcasts both operands: [2,1] * [1,3] is an outer product', () => {
    const out = run1('Mul', [f32([2, 1], [2, 3]), f32([1, 3], [1, 10, 100])]);
    expect(out.shape).toEqual([2, 3]);
    expect(values(out)).toEqual([2, 20, 200, 3, 30, 300]);
  });

  it('broadcasts scalars on either side', () => {
    expect(values(run1('Sub', [f32([3], [1, 2, 3]), f32([], [1])]))).toEqual([0, 1, 2]);
    expect(values(run1('Sub', [f32([], [10]), f32([3], [1, 2, 3])]))).toEqual([9, 8, 7]);
    expect(values(run1('Mul', [f32([], [3]), f32([], [4])]))).toEqual([12]);
  });

  it('broadcasts middle dims of rank-3 shapes: [2,1,3] + [1,2,1]', () => {
    const a = f32([2, 1, 3], [0, 1, 2, 3, 4, 5]);
    const b = f32([1, 2, 1], [100, 200]);
    const out = run1('Add', [a, b]);
    expect(out.shape).toEqual([2, 2, 3]);
    expect(values(out)).toEqual([100, 101, 102, 200, 201, 202, 103, 104, 105, 203, 204, 205]);
  });

  it('broadcasts a lower-rank operand against a higher-rank one: [2,2,2] / [2,1]', () => {
    const out = run1('Div', [f32([2, 2, 2], [2, 4, 6, 8, 10, 12, 14, 16]), f32([2, 1], [2, 4])]);
    expect(values(out)).toEqual([1, 2, 1.5, 2, 5, 6, 3.5, 4]);
  });

  it('handles empty outputs', () => {
    const out = run1('Add', [f32([0, 3], []), f32([3], [1, 2, 3])]);
    expect(out.shape).toEqual([0, 3]);
    expect(out.size).toBe(0);
  });

  it('rounds float32 results and keeps float64 precision', () => {
    expect(values(run1('Add', [f32([], [0.1]), f32([], [0.2])]))[0]).toBe(Math.fround(Math.fround(0.1) + Math.fround(0.2)));
    expect(values(run1('Add', [f64([], [0.1]), f64([], [0.2])]))[0]).toBe(0.1 + 0.2);
  });
});

describe('Div', () => {
  it('truncates int32 division toward zero', () => {
    const out = run1('Div', [i32([6], [7, -7, 7, -7, 0, 6]), i32([6], [2, 2, -2, -2, 5, 3])]);
    expect(out.dtype).toBe('int32');
    expect(values(out)).toEqual([3, -3, -3, 3, 0, 2]);
  });

  it('wraps INT32_MIN / -1 like C instead of leaving int32 range', () => {
    expect(values(run1('Div', [i32([], [-(2 ** 31)]), i32([], [-1])]))).toEqual([-(2 ** 31)]);
  });

  it('throws InvalidArgumentError on int32 division by zero', () => {
    const call = () => run1('Div', [i32([2], [1, 2]), i32([2], [1, 0])], {}, { name: 'my_div' });
    expect(call).toThrow(InvalidArgumentError);
    expect(call).toThrow('Integer division by zero');
    try {
      call();
    } catch (e) {
      expect((e as InvalidArgumentError).opName).toBe('my_div');
    }
  });

  it('follows IEEE for float division by zero', () => {
    const out = run1('Div', [f32([3], [1, -1, 0]), f32([], [0])]);
    expect(values(out)).toEqual([Infinity, -Infinity, NaN]);
  });
});

describe('int32 arithmetic wraps like C', () => {
  it('multiplies exactly modulo 2^32', () => {
    expect(values(run1('Mul', [i32([], [123456789]), i32([], [987654321])]))).toEqual([Math.imul(123456789, 987654321)]);
    expect(values(run1('Square', [i32([], [65536])]))).toEqual([0]);
  });

  it('adds with overflow wrap', () => {
    expect(values(run1('Add', [i32([], [2 ** 31 - 1]), i32([], [1])]))).toEqual([-(2 ** 31)]);
  });
});

describe('Equal', () => {
  it('gives bool, broadcasts, and treats NaN as unequal to itself', () => {
    const out = run1('Equal', [f32([2, 2], [1, NaN, 3, 4]), f32([2], [1, NaN])]);
    expect(out.dtype).toBe('bool');
    expect(values(out)).toEqual([1, 0, 0, 0]);
  });

  it('compares int32 and bool', () => {
    expect(values(run1('Equal', [i32([3], [1, 2, 3]), i32([], [2])]))).toEqual([0, 1, 0]);
    expect(values(run1('Equal', [bool([2], [true, false]), bool([2], [true, true])]))).toEqual([1, 0]);
  });
});

describe('unary ops', () => {
  it('Neg, Square, Exp, Log', () => {
    expect(values(run1('Neg', [f32([3], [1, -2, 0])]))).toEqual([-1, 2, -0]);
    expect(values(run1('Neg', [i32([2], [5, -(2 ** 31)])]))).toEqual([-5, -(2 ** 31)]);
    expect(values(run1('Square', [f32([2], [3, -1.5])]))).toEqual([9, 2.25]);
    expectClose(values(run1('Exp', [f64([3], [0, 1, -1])])), [1, Math.E, 1 / Math.E], 1e-15);
    expect(values(run1('Log', [f32([3], [1, 0, -1])]))).toEqual([0, -Infinity, NaN]);
  });

  it('Relu clamps negatives and keeps NaN', () => {
    expect(values(run1('Relu', [f32([4], [-1, 0, 2.5, NaN])]))).toEqual([0, 0, 2.5, NaN]);
    expect(values(run1('Relu', [i32([2], [-3, 3])]))).toEqual([0, 3]);
  });
});

describe('Cast', () => {
  it('truncates float → int32 toward zero', () => {
    const out = run1('Cast', [f32([6], [1.9, -1.9, 0.5, -0.5, 3, NaN])], { DstT: 'int32' });
    expect(out.dtype).toBe('int32');
    expect(values(out)).toEqual([1, -1, 0, 0, 3, 0]);
  });

  it('casts numbers to bool as `!= 0` (NaN is true)', () => {
    expect(values(run1('Cast', [f32([4], [0, -0, 0.1, NaN])], { DstT: 'bool' }))).toEqual([0, 0, 1, 1]);
    expect(values(run1('Cast', [i32([3], [0, 256, -1])], { DstT: 'bool' }))).toEqual([0, 1, 1]);
  });

  it('casts bool to 0/1 numbers', () => {
    expect(values(run1('Cast', [bool([2], [true, false])], { DstT: 'float32' }))).toEqual([1, 0]);
    expect(values(run1('Cast', [bool([2], [true, false])], { DstT: 'int32' }))).toEqual([1, 0]);
  });

  it('rounds float64 → float32 and converts int → float exactly', () => {
    expect(values(run1('Cast', [f64([1], [0.1])], { DstT: 'float32' }))).toEqual([Math.fround(0.1)]);
    expect(values(run1('Cast', [i32([2], [-7, 1 << 20])], { DstT: 'float64' }))).toEqual([-7, 1 << 20]);
  });

  it('copies when the dtype does not change', () => {
    expect(values(run1('Cast', [f32([2], [1.5, -2])], { DstT: 'float32' }))).toEqual([1.5, -2]);
  });
});
