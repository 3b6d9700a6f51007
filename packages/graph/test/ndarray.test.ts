import { describe, expect, it } from 'vitest';
import * as tf from '../src/index.js';
import { NDArray, ValueError } from '../src/index.js';

describe('NDArray', () => {
  it('holds dtype, shape and row-major data', () => {
    const a = new NDArray('float32', [2, 3], Float32Array.from([1, 2, 3, 4, 5, 6]));
    expect(a.dtype).toBe('float32');
    expect(a.shape).toEqual([2, 3]);
    expect(Object.isFrozen(a.shape)).toBe(true);
    expect(a.data).toBeInstanceOf(Float32Array);
    expect(a.rank).toBe(2);
    expect(a.size).toBe(6);
    expect(new NDArray('int32', [2]).data).toEqual(new Int32Array(2));
  });

  it('rejects data of the wrong length or type', () => {
    expect(() => new NDArray('float32', [2, 2], new Float32Array(3))).toThrow(ValueError);
    expect(() => new NDArray('float32', [2], new Int32Array(2))).toThrow(ValueError);
  });

  it('from(): nested arrays, typed arrays, numbers, booleans, dtype conversion', () => {
    const a = NDArray.from([
      [1, 2],
      [3, 4],
    ]);
    expect(a.dtype).toBe('float32');
    expect(a.shape).toEqual([2, 2]);
    expect(NDArray.from(5).shape).toEqual([]);
    expect(NDArray.from([true, false]).dtype).toBe('bool');
    // TF's conversion rules: int32 takes integers only (no silent truncation of 1.7 to 1).
    expect(Array.from(NDArray.from([1, -2], 'int32').data)).toEqual([1, -2]);
    expect(() => NDArray.from([1.7, -2.7], 'int32')).toThrow("Expected int32, got 1.7 of type 'float' instead.");
    const t = NDArray.from(Float64Array.from([1, 2, 3, 4]), undefined, [2, 2]);
    expect(t.dtype).toBe('float64');
    expect(t.shape).toEqual([2, 2]);
    expect(NDArray.from(a)).toBe(a);
    expect(NDArray.from(a, 'int32').dtype).toBe('int32');
    expect(() => NDArray.from([[1, 2], [3]])).toThrow(ValueError);
    expect(() => NDArray.from([[1, 2], [3]])).toThrow('Argument must be a dense tensor');
  });

  it('item() returns the single element', () => {
    expect(NDArray.from(30).item()).toBe(30);
    expect(NDArray.from([[7]], 'int32').item()).toBe(7);
    expect(NDArray.from(true).item()).toBe(true);
    expect(() => NDArray.from([1, 2]).item()).toThrow('can only convert an array of size 1 to a scalar');
  });

  it('toArray() gives nested JS arrays', () => {
    expect(
      NDArray.from([
        [1, 2],
        [3, 4],
      ]).toArray(),
    ).toEqual([
      [1, 2],
      [3, 4],
    ]);
    expect(NDArray.from(3).toArray()).toBe(3);
    expect(NDArray.from([true, false]).toArray()).toEqual([true, false]);
    expect(new NDArray('float32', [2, 0]).toArray()).toEqual([[], []]);
    // Empty nested arrays cost memory too: past the element limit, a ResourceExhaustedError.
    expect(() => new NDArray('float32', [5, 4, 2 ** 31 - 1, 0]).toArray()).toThrow(tf.ResourceExhaustedError);
  });

  it('slice() takes rows along the first axis, copied, with NumPy clamping', () => {
    const a = new NDArray('int32', [4, 2], Int32Array.from([0, 1, 2, 3, 4, 5, 6, 7]));
    const s = a.slice(1, 3);
    expect(s.shape).toEqual([2, 2]);
    expect(Array.from(s.data)).toEqual([2, 3, 4, 5]);
    s.data[0] = 99;
    expect(a.data[2]).toBe(2);
    expect(a.slice(2).shape).toEqual([2, 2]);
    expect(Array.from(a.slice(-1).data)).toEqual([6, 7]);
    expect(a.slice(3, 100).shape).toEqual([1, 2]);
    expect(a.slice(3, 1).shape).toEqual([0, 2]);
    expect(() => NDArray.from(1).slice(0)).toThrow('cannot slice a scalar');
  });

  it('reshape() shares data', () => {
    const a = NDArray.from([1, 2, 3, 4]);
    const r = a.reshape([2, 2]);
    expect(r.shape).toEqual([2, 2]);
    expect(r.data).toBe(a.data);
    expect(() => a.reshape([3])).toThrow(ValueError);
  });

  describe('toString() is NumPy-like', () => {
    it('0-d values', () => {
      expect(NDArray.from(30).toString()).toBe('30.0');
      expect(NDArray.from(2.5).toString()).toBe('2.5');
      expect(NDArray.from(30, 'int32').toString()).toBe('30');
      expect(NDArray.from(true).toString()).toBe('True');
      expect(NDArray.from(NaN).toString()).toBe('nan');
      expect(NDArray.from(-Infinity).toString()).toBe('-inf');
      expect(`${NDArray.from(30)}`).toBe('30.0');
    });

    it('float vectors and matrices', () => {
      expect(NDArray.from([1, 2, 3]).toString()).toBe('[1. 2. 3.]');
      expect(NDArray.from([-1, 2]).toString()).toBe('[-1.  2.]');
      expect(
        NDArray.from([
          [1, 2],
          [3, 4],
        ]).toString(),
      ).toBe('[[1. 2.]\n [3. 4.]]');
      expect(NDArray.from([0.5, 0.25]).toString()).toBe('[0.5  0.25]');
      expect(NDArray.from([1.5, -10.25]).toString()).toBe('[  1.5  -10.25]');
      expect(NDArray.from([0.1, 0.2], 'float32').toString()).toBe('[0.1 0.2]');
    });

    it('int32', () => {
      expect(
        NDArray.from(
          [
            [1, 2],
            [3, 4],
          ],
          'int32',
        ).toString(),
      ).toBe('[[1 2]\n [3 4]]');
      expect(NDArray.from([-1, 2, 10], 'int32').toString()).toBe('[-1  2 10]');
      expect(
        NDArray.from(
          [
            [
              [1, 2],
              [3, 4],
            ],
            [
              [5, 6],
              [7, 8],
            ],
          ],
          'int32',
        ).toString(),
      ).toBe('[[[1 2]\n  [3 4]]\n\n [[5 6]\n  [7 8]]]');
    });

    it('bool', () => {
      expect(NDArray.from([true, false]).toString()).toBe('[ True False]');
      expect(NDArray.from([false, false]).toString()).toBe('[False False]');
      expect(NDArray.from([true, true]).toString()).toBe('[ True  True]');
    });

    it('empty', () => {
      expect(new NDArray('float32', [0]).toString()).toBe('[]');
      // Whatever the shape: no loop over a dim of 2^31 - 1 empty rows.
      expect(new NDArray('float32', [5, 4, 2 ** 31 - 1, 0]).toString()).toBe('[]');
    });

    it('summarized past 1,000 elements, as NumPy does', () => {
      const range = (n: number) => Int32Array.from({ length: n }, (_, i) => i);
      expect(new NDArray('int32', [2000], range(2000)).toString()).toBe('[   0    1    2 ... 1997 1998 1999]');
      expect(new NDArray('int32', [100, 100], range(10000)).toString()).toBe(
        [
          '[[   0    1    2 ...   97   98   99]',
          ' [ 100  101  102 ...  197  198  199]',
          ' [ 200  201  202 ...  297  298  299]',
          ' ...',
          ' [9700 9701 9702 ... 9797 9798 9799]',
          ' [9800 9801 9802 ... 9897 9898 9899]',
          ' [9900 9901 9902 ... 9997 9998 9999]]',
        ].join('\n'),
      );
      expect(new NDArray('float32', [2 ** 20]).toString()).toBe('[0. 0. 0. ... 0. 0. 0.]');
    });
  });
});

describe('NDArray toString decimal alignment', () => {
  it('pads integral values in a fractional array like NumPy', () => {
    expect(NDArray.from([1, 0.25]).toString()).toBe('[1.   0.25]');
    expect(NDArray.from([NaN, 0.5]).toString()).toBe('[nan 0.5]');
  });
});
