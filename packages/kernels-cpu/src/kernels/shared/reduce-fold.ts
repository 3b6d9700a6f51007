import type { DType, TypedArray } from '@tf/graph';
import { forEachReductionRun } from './reduce-walk.js';

/** Combines an accumulator with one element. */
export type Fold = (acc: number, value: number) => number;

export interface FoldSpec {
  /** The identity: what a reduction over no elements gives (TF's reducer initial value). */
  readonly init: (dtype: DType) => number;
  readonly fold: (dtype: DType) => Fold;
}

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

// NaN wins in Max and Min, as in TF (Eigen's NaN-propagating reducers): once the accumulator is
// NaN no comparison replaces it, and a NaN element replaces any number.
const max: Fold = (a, v) => (v > a || v !== v ? v : a);
const min: Fold = (a, v) => (v < a || v !== v ? v : a);
const times: Fold = (a, v) => a * v;
// int32 products wrap modulo 2^32 like TF's C++ kernel; float64 math would round instead.
const timesInt32: Fold = (a, v) => Math.imul(a, v);
const and: Fold = (a, v) => (a !== 0 && v !== 0 ? 1 : 0);
const or: Fold = (a, v) => (a !== 0 || v !== 0 ? 1 : 0);

export const FOLD_SPECS = {
  Max: { init: (dtype) => (dtype === 'int32' ? INT32_MIN : -Infinity), fold: () => max },
  Min: { init: (dtype) => (dtype === 'int32' ? INT32_MAX : Infinity), fold: () => min },
  Prod: { init: () => 1, fold: (dtype) => (dtype === 'int32' ? timesInt32 : times) },
  All: { init: () => 1, fold: () => and },
  Any: { init: () => 0, fold: () => or },
} satisfies Record<string, FoldSpec>;

/**
 * Folds `x` over `axes` into `acc`, which is shaped like the output and starts at the identity.
 * Values are accumulated in float64 (exact for int32 and bool, one rounding for float32).
 */
export function foldInto(x: TypedArray, shape: readonly number[], axes: ReadonlySet<number>, acc: Float64Array, fold: Fold): void {
  forEachReductionRun(shape, axes, acc.length, (px, ix, pa, ia, length) => {
    if (ia === 0) {
      let a = acc[pa]!;
      for (let j = 0; j < length; j++, px += ix) a = fold(a, x[px]!);
      acc[pa] = a;
    } else {
      for (let j = 0; j < length; j++, px += ix, pa += ia) acc[pa] = fold(acc[pa]!, x[px]!);
    }
  });
}
