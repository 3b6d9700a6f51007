import { InvalidArgumentError } from '@tf/graph';
import { describe, expect, it } from 'vitest';
import { backend, bool, f32, f64, i32, reduceWithBadAxis, runKernel, values } from './helpers.js';

// [[[1,2,3],[4,5,6]], [[7,8,9],[10,11,12]]] with a few signs flipped
const x = f32([2, 2, 3], [1, -2, 3, 4, 5, -6, -7, 8, 9, 10, -11, 12]);
const reduce = async (type: string, input = x, axes: number[] | number = [0, 1, 2], keepDims = false) =>
  (
    await runKernel(backend, {
      type: type,
      inputs: [input, typeof axes === 'number' ? i32([], [axes]) : i32([axes.length], axes)],
      attrs: { keepDims },
    })
  )[0]!;

describe('Max and Min', () => {
  it('reduce every axis, one axis, non-adjacent axes', async () => {
    expect(values(await reduce('Max'))).toEqual([12]);
    expect(values(await reduce('Min'))).toEqual([-11]);
    expect(values(await reduce('Max', x, 0))).toEqual([1, 8, 9, 10, 5, 12]);
    expect(values(await reduce('Min', x, 2))).toEqual([-2, -6, -7, -11]);
    expect(values(await reduce('Max', x, [0, 2]))).toEqual([9, 12]);
    expect(values(await reduce('Min', x, [2, 0]))).toEqual([-7, -11]);
  });

  it('keep reduced dims as 1 and accept negative axes', async () => {
    const out = await reduce('Max', x, [-2], true);
    expect(out.shape).toEqual([2, 1, 3]);
    expect(values(out)).toEqual([4, 5, 3, 10, 8, 12]);
  });

  it('copy the input over no axes', async () => {
    expect(values(await reduce('Min', x, []))).toEqual(values(x));
  });

  it('give -Inf / +Inf over zero elements (int32: the extreme int32 values)', async () => {
    expect(values(await reduce('Max', f32([2, 0], []), 1))).toEqual([-Infinity, -Infinity]);
    expect(values(await reduce('Min', f32([0, 2], []), 0))).toEqual([Infinity, Infinity]);
    expect(values(await reduce('Max', i32([0], []), 0))).toEqual([-2147483648]);
    expect(values(await reduce('Min', i32([0], []), 0))).toEqual([2147483647]);
    expect((await reduce('Max', f32([0, 2], []), 1)).shape).toEqual([0]);
  });

  it('let NaN win wherever it is in the group', async () => {
    const nan = f32([2, 3], [NaN, 1, 2, 3, NaN, -Infinity]);
    expect(values(await reduce('Max', nan, 1))).toEqual([NaN, NaN]);
    expect(values(await reduce('Min', nan, 1))).toEqual([NaN, NaN]);
    expect(values(await reduce('Max', nan, 0))).toEqual([NaN, NaN, 2]);
    expect(values(await reduce('Min', nan, 0))).toEqual([NaN, NaN, -Infinity]);
  });

  it('work on int32 and float64', async () => {
    expect(values(await reduce('Max', i32([2, 2], [-5, 3, 7, -1]), 1))).toEqual([3, 7]);
    expect(values(await reduce('Min', f64([3], [0.1, -0.2, 0.3]), 0))).toEqual([-0.2]);
  });

  it('reject an out-of-range axis with InvalidArgumentError', async () => {
    const call = reduceWithBadAxis('Max', 'bad_max', x, -4);
    expect(call).toThrow(InvalidArgumentError);
    expect(call).toThrow('Invalid reduction dimension -4 for input with 3 dimensions');
  });
});

describe('Prod', () => {
  it('multiplies over axes, 1 over zero elements', async () => {
    expect(values(await reduce('Prod', x, 2))).toEqual([-6, -120, -504, -1320]);
    expect(values(await reduce('Prod', f32([2, 0], []), 1))).toEqual([1, 1]);
    expect(values(await reduce('Prod', f32([3], [2, NaN, 0]), 0))).toEqual([NaN]);
  });

  it('wraps int32 products modulo 2^32', async () => {
    // 65536 · 65536 = 2^32 ≡ 0; 46341 · 46341 = 2147488281 ≡ -2147479015.
    expect(values(await reduce('Prod', i32([2, 2], [65536, 65536, 46341, 46341]), 1))).toEqual([0, -2147479015]);
  });
});

describe('All and Any', () => {
  const b = bool([2, 3], [true, true, false, true, true, true]);
  it('reduce bool tensors', async () => {
    expect(values(await reduce('All', b, 1))).toEqual([0, 1]);
    expect(values(await reduce('Any', b, 0))).toEqual([1, 1, 1]);
    expect(values(await reduce('All', b, 0))).toEqual([1, 1, 0]);
    expect((await reduce('Any', b, [0, 1], true)).shape).toEqual([1, 1]);
  });

  it('give true (All) and false (Any) over zero elements', async () => {
    expect(values(await reduce('All', bool([2, 0], []), 1))).toEqual([1, 1]);
    expect(values(await reduce('Any', bool([2, 0], []), 1))).toEqual([0, 0]);
  });
});

describe('ArgMin', () => {
  const argmin = async (input: ReturnType<typeof f32>, axis: number) =>
    (await runKernel(backend, { type: 'ArgMin', inputs: [input, i32([], [axis])], attrs: { outputType: 'int32' } }))[0]!;
  it('finds the first minimum along an axis; a NaN wins', async () => {
    const m = f32([2, 3], [4, 1, 1, 7, 9, -3]);
    expect(values(await argmin(m, 1))).toEqual([1, 2]);
    expect(values(await argmin(m, 0))).toEqual([0, 0, 1]);
    expect(values(await argmin(f32([3], [2, NaN, -5]), 0))).toEqual([1]);
    expect(values(await argmin(f32([3], [Infinity, Infinity, Infinity]), 0))).toEqual([0]);
  });
});
