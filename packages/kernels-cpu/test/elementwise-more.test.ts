import { InvalidArgumentError } from '@tf/graph';
import { describe, expect, it } from 'vitest';
import { erf, floorModFloat, roundHalfToEven } from '../src/kernels/shared/scalar-math.js';
import { backend, bool, expectClose, f32, f64, i32, runKernel, values } from './helpers.js';

// Kernel-level checks of the semantics that are easy to get subtly wrong. The op-level cases
// (values, broadcasting, NaN/Inf, errors, gradients) live in @tf/conformance.

describe('Round', () => {
  it('rounds halves to even, keeping the sign of zero', async () => {
    const out = values(
      (
        await runKernel(backend, {
          type: 'Round',
          inputs: [f64([10], [0.5, 1.5, 2.5, -0.5, -1.5, -2.5, 2.4999, 2.5001, -0.4, 4503599627370495.5])],
        })
      )[0]!,
    );
    expect(out).toEqual([0, 2, 2, -0, -2, -2, 2, 3, -0, 4503599627370496]);
    expect(Object.is(out[3], -0)).toBe(true);
  });

  it('passes int32 through', async () => {
    expect(values((await runKernel(backend, { type: 'Round', inputs: [i32([3], [-7, 0, 2147483647])] }))[0]!)).toEqual([-7, 0, 2147483647]);
  });

  it('keeps NaN and infinities', async () => {
    expect(roundHalfToEven(Number.NaN)).toBeNaN();
    expect(roundHalfToEven(Infinity)).toBe(Infinity);
    expect(roundHalfToEven(-Infinity)).toBe(-Infinity);
  });
});

describe('FloorDiv', () => {
  it('floors int32 quotients toward -Inf', async () => {
    const out = (
      await runKernel(backend, { type: 'FloorDiv', inputs: [i32([6], [7, -7, 7, -7, 0, -1]), i32([6], [2, 2, -2, -2, 5, 3])] })
    )[0]!;
    expect(values(out)).toEqual([3, -4, -4, 3, 0, -1]);
  });

  it('is exact at the ends of the int32 range', async () => {
    const out = (
      await runKernel(backend, {
        type: 'FloorDiv',
        inputs: [i32([3], [2147483647, -2147483648, -2147483647]), i32([3], [2, 3, 2147483647])],
      })
    )[0]!;
    expect(values(out)).toEqual([1073741823, -715827883, -1]);
  });

  it('throws InvalidArgumentError on int32 division by zero, naming the node', async () => {
    const call = () => runKernel(backend, { type: 'FloorDiv', inputs: [i32([2], [1, 2]), i32([], [0])], name: 'fd' });
    await expect(call()).rejects.toThrow(InvalidArgumentError);
    await expect(call()).rejects.toThrow('Integer division by zero');
  });

  it('floors the float32 quotient after rounding it to float32, as TF does', async () => {
    // 1 / fround(0.1) = 9.99999985… rounds to 10 in float32; TF gives 10 (Python's // gives 9).
    expect(values((await runKernel(backend, { type: 'FloorDiv', inputs: [f32([], [1]), f32([], [0.1])] }))[0]!)).toEqual([10]);
    // In float64 the quotient 1 / 0.1 is exactly 10 too.
    expect(values((await runKernel(backend, { type: 'FloorDiv', inputs: [f64([], [1]), f64([], [0.1])] }))[0]!)).toEqual([10]);
  });

  it('gives IEEE results for floats divided by zero', async () => {
    expect(values((await runKernel(backend, { type: 'FloorDiv', inputs: [f32([3], [1, -1, 0]), f32([], [0])] }))[0]!)).toEqual([
      Infinity,
      -Infinity,
      Number.NaN,
    ]);
  });
});

describe('FloorMod', () => {
  it('takes the sign of the divisor for int32', async () => {
    const out = (
      await runKernel(backend, { type: 'FloorMod', inputs: [i32([6], [7, -7, 7, -7, 6, -2147483648]), i32([6], [3, 3, -3, -3, 3, -1])] })
    )[0]!;
    expect(values(out)).toEqual([1, 2, -2, -1, 0, 0]);
  });

  it('throws InvalidArgumentError on an int32 zero divisor', async () => {
    await expect(runKernel(backend, { type: 'FloorMod', inputs: [i32([1], [1]), i32([1], [0])] })).rejects.toThrow(
      'Integer division by zero',
    );
  });

  it('takes the sign of the divisor for floats, with fmod precision', async () => {
    expectClose(
      values((await runKernel(backend, { type: 'FloorMod', inputs: [f64([4], [7.5, -7.5, 7.5, -7.5]), f64([4], [2, 2, -2, -2])] }))[0]!),
      [1.5, 0.5, -0.5, -1.5],
    );
    expect(floorModFloat(-1, Infinity)).toBe(Infinity);
    expect(floorModFloat(1, Infinity)).toBe(1);
    expect(floorModFloat(1, 0)).toBeNaN();
  });
});

describe('SquaredDifference', () => {
  it('wraps int32 like C', async () => {
    expect(values((await runKernel(backend, { type: 'SquaredDifference', inputs: [i32([2], [65536, 3]), i32([2], [0, 5])] }))[0]!)).toEqual(
      [0, 4],
    );
  });
});

describe('logical ops', () => {
  it('LogicalAnd / LogicalOr broadcast over bools; LogicalNot flips', async () => {
    const a = bool([2, 2], [true, true, false, false]);
    const b = bool([2], [true, false]);
    expect(values((await runKernel(backend, { type: 'LogicalAnd', inputs: [a, b] }))[0]!)).toEqual([1, 0, 0, 0]);
    expect(values((await runKernel(backend, { type: 'LogicalOr', inputs: [a, b] }))[0]!)).toEqual([1, 1, 1, 0]);
    expect(values((await runKernel(backend, { type: 'LogicalNot', inputs: [b] }))[0]!)).toEqual([0, 1]);
  });

  it('NotEqual treats NaN as unequal to itself', async () => {
    expect(
      values((await runKernel(backend, { type: 'NotEqual', inputs: [f32([3], [Number.NaN, 1, 2]), f32([3], [Number.NaN, 1, 3])] }))[0]!),
    ).toEqual([1, 0, 1]);
  });
});

describe('AddN', () => {
  it('sums any number of same-shape inputs', async () => {
    const out = (await runKernel(backend, { type: 'AddN', inputs: [f32([2], [1, 2]), f32([2], [10, 20]), f32([2], [100, 200])] }))[0]!;
    expect(out.shape).toEqual([2]);
    expect(values(out)).toEqual([111, 222]);
  });

  it('wraps int32 partial sums', async () => {
    expect(
      values((await runKernel(backend, { type: 'AddN', inputs: [i32([1], [2147483647]), i32([1], [1]), i32([1], [-1])] }))[0]!),
    ).toEqual([2147483647]);
  });

  it('returns a single input unchanged', async () => {
    expect(values((await runKernel(backend, { type: 'AddN', inputs: [f64([2], [0.1, 0.2])] }))[0]!)).toEqual([0.1, 0.2]);
  });
});

describe('Erf', () => {
  it('matches the C library erf to within an ulp', async () => {
    // Reference values: Python's math.erf (glibc).
    const xs = [0, 1e-300, 0.1, 0.5, 0.84375, 1, 1.25, 2, 2.857142857142857, 3.5, 5.9, 6, -0.3, -1.1, -4];
    const ref = [
      0, 1.1283791670955126e-300, 0.1124629160182849, 0.5204998778130465, 0.7672256612323416, 0.8427007929497149, 0.9229001282564582,
      0.9953222650189527, 0.9999466876886117, 0.9999992569016276, 0.9999999999999999, 1, -0.3286267594591274, -0.8802050695740817,
      -0.9999999845827421,
    ];
    expectClose(xs.map(erf), ref, 4e-16);
  });

  it('saturates at ±1 and keeps NaN', async () => {
    expect(values((await runKernel(backend, { type: 'Erf', inputs: [f32([3], [Infinity, -Infinity, Number.NaN])] }))[0]!)).toEqual([
      1,
      -1,
      Number.NaN,
    ]);
  });
});

describe('unary gradient helpers', () => {
  it('compute TF formulas from (y, dy)', async () => {
    const y = f64([2], [0.5, 2]);
    const dy = f64([2], [3, -1]);
    expectClose(values((await runKernel(backend, { type: 'SqrtGrad', inputs: [y, dy] }))[0]!), [3, -0.25]);
    expectClose(values((await runKernel(backend, { type: 'RsqrtGrad', inputs: [y, dy] }))[0]!), [-0.1875, 4]);
    expectClose(values((await runKernel(backend, { type: 'ReciprocalGrad', inputs: [y, dy] }))[0]!), [-0.75, 4]);
    expectClose(values((await runKernel(backend, { type: 'TanhGrad', inputs: [y, dy] }))[0]!), [2.25, 3]);
    expectClose(values((await runKernel(backend, { type: 'SigmoidGrad', inputs: [y, dy] }))[0]!), [0.75, 2]);
  });
});
