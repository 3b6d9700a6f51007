import { InvalidArgumentError } from '@tf/graph';
import { describe, expect, it } from 'vitest';
import { erf, floorModFloat, roundHalfToEven } from '../src/kernels/shared/scalar-math.js';
import { bool, expectClose, f32, f64, i32, run1, values } from './helpers.js';

// Kernel-level checks of the semantics that are easy to get subtly wrong. The op-level cases
// (values, broadcasting, NaN/Inf, errors, gradients) live in @tf/conformance.

describe('Round', () => {
  it('rounds halves to even, keeping the sign of zero', () => {
    const out = values(run1('Round', [f64([10], [0.5, 1.5, 2.5, -0.5, -1.5, -2.5, 2.4999, 2.5001, -0.4, 4503599627370495.5])]));
    expect(out).toEqual([0, 2, 2, -0, -2, -2, 2, 3, -0, 4503599627370496]);
    expect(Object.is(out[3], -0)).toBe(true);
  });

  it('passes int32 through', () => {
    expect(values(run1('Round', [i32([3], [-7, 0, 2147483647])]))).toEqual([-7, 0, 2147483647]);
  });

  it('keeps NaN and infinities', () => {
    expect(roundHalfToEven(Number.NaN)).toBeNaN();
    expect(roundHalfToEven(Infinity)).toBe(Infinity);
    expect(roundHalfToEven(-Infinity)).toBe(-Infinity);
  });
});

describe('FloorDiv', () => {
  it('floors int32 quotients toward -Inf', () => {
    const out = run1('FloorDiv', [i32([6], [7, -7, 7, -7, 0, -1]), i32([6], [2, 2, -2, -2, 5, 3])]);
    expect(values(out)).toEqual([3, -4, -4, 3, 0, -1]);
  });

  it('is exact at the ends of the int32 range', () => {
    const out = run1('FloorDiv', [i32([3], [2147483647, -2147483648, -2147483647]), i32([3], [2, 3, 2147483647])]);
    expect(values(out)).toEqual([1073741823, -715827883, -1]);
  });

  it('throws InvalidArgumentError on int32 division by zero, naming the node', () => {
    const call = () => run1('FloorDiv', [i32([2], [1, 2]), i32([], [0])], {}, { name: 'fd' });
    expect(call).toThrow(InvalidArgumentError);
    expect(call).toThrow('Integer division by zero');
  });

  it('floors the float32 quotient after rounding it to float32, as TF does', () => {
    // 1 / fround(0.1) = 9.99999985… rounds to 10 in float32; TF gives 10 (Python's // gives 9).
    expect(values(run1('FloorDiv', [f32([], [1]), f32([], [0.1])]))).toEqual([10]);
    // In float64 the quotient 1 / 0.1 is exactly 10 too.
    expect(values(run1('FloorDiv', [f64([], [1]), f64([], [0.1])]))).toEqual([10]);
  });

  it('gives IEEE results for floats divided by zero', () => {
    expect(values(run1('FloorDiv', [f32([3], [1, -1, 0]), f32([], [0])]))).toEqual([Infinity, -Infinity, Number.NaN]);
  });
});

describe('FloorMod', () => {
  it('takes the sign of the divisor for int32', () => {
    const out = run1('FloorMod', [i32([6], [7, -7, 7, -7, 6, -2147483648]), i32([6], [3, 3, -3, -3, 3, -1])]);
    expect(values(out)).toEqual([1, 2, -2, -1, 0, 0]);
  });

  it('throws InvalidArgumentError on an int32 zero divisor', () => {
    expect(() => run1('FloorMod', [i32([1], [1]), i32([1], [0])])).toThrow('Integer division by zero');
  });

  it('takes the sign of the divisor for floats, with fmod precision', () => {
    expectClose(values(run1('FloorMod', [f64([4], [7.5, -7.5, 7.5, -7.5]), f64([4], [2, 2, -2, -2])])), [1.5, 0.5, -0.5, -1.5]);
    expect(floorModFloat(-1, Infinity)).toBe(Infinity);
    expect(floorModFloat(1, Infinity)).toBe(1);
    expect(floorModFloat(1, 0)).toBeNaN();
  });
});

describe('SquaredDifference', () => {
  it('wraps int32 like C', () => {
    expect(values(run1('SquaredDifference', [i32([2], [65536, 3]), i32([2], [0, 5])]))).toEqual([0, 4]);
  });
});

describe('logical ops', () => {
  it('LogicalAnd / LogicalOr broadcast over bools; LogicalNot flips', () => {
    const a = bool([2, 2], [true, true, false, false]);
    const b = bool([2], [true, false]);
    expect(values(run1('LogicalAnd', [a, b]))).toEqual([1, 0, 0, 0]);
    expect(values(run1('LogicalOr', [a, b]))).toEqual([1, 1, 1, 0]);
    expect(values(run1('LogicalNot', [b]))).toEqual([0, 1]);
  });

  it('NotEqual treats NaN as unequal to itself', () => {
    expect(values(run1('NotEqual', [f32([3], [Number.NaN, 1, 2]), f32([3], [Number.NaN, 1, 3])]))).toEqual([1, 0, 1]);
  });
});

describe('AddN', () => {
  it('sums any number of same-shape inputs', () => {
    const out = run1('AddN', [f32([2], [1, 2]), f32([2], [10, 20]), f32([2], [100, 200])]);
    expect(out.shape).toEqual([2]);
    expect(values(out)).toEqual([111, 222]);
  });

  it('wraps int32 partial sums', () => {
    expect(values(run1('AddN', [i32([1], [2147483647]), i32([1], [1]), i32([1], [-1])]))).toEqual([2147483647]);
  });

  it('returns a single input unchanged', () => {
    expect(values(run1('AddN', [f64([2], [0.1, 0.2])]))).toEqual([0.1, 0.2]);
  });
});

describe('Erf', () => {
  it('matches the C library erf to within an ulp', () => {
    // Reference values: Python's math.erf (glibc).
    const xs = [0, 1e-300, 0.1, 0.5, 0.84375, 1, 1.25, 2, 2.857142857142857, 3.5, 5.9, 6, -0.3, -1.1, -4];
    const ref = [
      0, 1.1283791670955126e-300, 0.1124629160182849, 0.5204998778130465, 0.7672256612323416, 0.8427007929497149, 0.9229001282564582,
      0.9953222650189527, 0.9999466876886117, 0.9999992569016276, 0.9999999999999999, 1, -0.3286267594591274, -0.8802050695740817,
      -0.9999999845827421,
    ];
    expectClose(xs.map(erf), ref, 4e-16);
  });

  it('saturates at ±1 and keeps NaN', () => {
    expect(values(run1('Erf', [f32([3], [Infinity, -Infinity, Number.NaN])]))).toEqual([1, -1, Number.NaN]);
  });
});

describe('unary gradient helpers', () => {
  it('compute TF formulas from (y, dy)', () => {
    const y = f64([2], [0.5, 2]);
    const dy = f64([2], [3, -1]);
    expectClose(values(run1('SqrtGrad', [y, dy])), [3, -0.25]);
    expectClose(values(run1('RsqrtGrad', [y, dy])), [-0.1875, 4]);
    expectClose(values(run1('ReciprocalGrad', [y, dy])), [-0.75, 4]);
    expectClose(values(run1('TanhGrad', [y, dy])), [2.25, 3]);
    expectClose(values(run1('SigmoidGrad', [y, dy])), [0.75, 2]);
  });
});
