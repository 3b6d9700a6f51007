import * as tf from '@tf/graph';
import { describe, expect, it } from 'vitest';
import { assertClose, elementsClose, t } from '../src/index.js';

const f32 = (values: number[], shape = [values.length]) => new tf.NDArray('float32', shape, Float32Array.from(values));

describe('assertClose', () => {
  it('accepts values within the float32 default tolerance', () => {
    expect(() => assertClose(f32([1, 2, 3]), t([1 + 5e-6, 2, 3]))).not.toThrow();
    expect(() => assertClose(f32([0]), t([9e-7]))).not.toThrow();
  });

  it('rejects values outside it, naming the first index, its position and the count', () => {
    expect(() => assertClose(f32([1, 2, 3, 4], [2, 2]), t([1, 2, 3.5, 4.5], [2, 2]), { label: 'Op/case' })).toThrow(
      /Op\/case: 2 of 4 elements differ; first at index 2 \[1,0\]: actual 3, expected 3.5/,
    );
  });

  it('matches NaN only with NaN, and each infinity only with itself', () => {
    expect(() => assertClose(f32([Number.NaN, Infinity, -Infinity]), t([Number.NaN, Infinity, -Infinity]))).not.toThrow();
    expect(() => assertClose(f32([Number.NaN]), t([Infinity]))).toThrow(/actual NaN, expected Infinity/);
    expect(() => assertClose(f32([Infinity]), t([-Infinity]))).toThrow(/differ/);
    expect(() => assertClose(f32([Infinity]), t([Number.NaN]))).toThrow(/differ/);
    expect(() => assertClose(f32([1]), t([Number.NaN]))).toThrow(/differ/);
    expect(() => assertClose(f32([Infinity]), t([3.4e38]))).toThrow(/differ/);
    expect(elementsClose(Number.NaN, Number.NaN, 0, 0)).toBe(true);
    expect(elementsClose(Infinity, Infinity, 0, 0)).toBe(true);
  });

  it('is exact for int32 and bool whatever the tolerance', () => {
    const ints = new tf.NDArray('int32', [2], Int32Array.from([1, 2]));
    expect(() => assertClose(ints, t([1, 3], [2], 'int32'), { atol: 10 })).toThrow(/exact match required/);
    const bools = new tf.NDArray('bool', [2], Uint8Array.from([1, 0]));
    expect(() => assertClose(bools, t([true, false]))).not.toThrow();
    expect(() => assertClose(bools, t([true, true]))).toThrow(/index 1/);
  });

  it('checks dtype and shape first', () => {
    expect(() => assertClose(f32([1, 2]), t([1, 2], [2], 'float64'))).toThrow(/dtype float32 differs from the expected float64/);
    expect(() => assertClose(f32([1, 2], [2]), t([1, 2], [1, 2]))).toThrow(/shape \[2\] differs from the expected \[1,2\]/);
    expect(() => assertClose(f32([], [0]), t([], [0]))).not.toThrow();
  });

  it('honours a case tolerance', () => {
    expect(() => assertClose(f32([1.01]), t([1]), { rtol: 0.02 })).not.toThrow();
    expect(() => assertClose(f32([1.01]), t([1]))).toThrow();
  });
});
