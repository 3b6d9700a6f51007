import * as tf from '@tf/graph';
import { defineCases, scalar, t } from '../case.js';

/**
 * `tf.clipByValue(t, clipValueMin, clipValueMax)`, a composite (a `composite` case file): TF 1.x
 * builds `Maximum(Minimum(t, max), min)`, so the gradient comes from those ops and reaches `t`
 * where `min <= t <= max` (ties included), the bounds where they clipped. Attrs: `gradOfT` makes
 * `build` return `d clip / d t` instead, to pin down the ties a finite-difference check cannot.
 */
export default defineCases({
  op: 'clipByValue',
  composite: true,
  build: ({ t: x, min, max }, { gradOfT = false }) => {
    const clipped = tf.clipByValue(x, min, max);
    return gradOfT ? tf.gradients(clipped, x)[0]! : clipped;
  },
  cases: [
    {
      name: 'basic',
      inputs: { t: t([-3, -1, 0, 0.5, 2, 5], [2, 3]), min: scalar(-1), max: scalar(2) },
      expected: t([-1, -1, 0, 0.5, 2, 2], [2, 3]),
    },
    {
      name: 'broadcast bounds [3] and [2,1]',
      inputs: { t: t([-3, -1, 0, 0.5, 2, 5], [2, 3]), min: t([0, -2, 1]), max: t([2, 0.75], [2, 1]) },
      expected: t([0, -1, 1, 0.5, 0.75, 1], [2, 3]),
    },
    { name: 'scalar', inputs: { t: scalar(5), min: scalar(0), max: scalar(1) }, expected: scalar(1) },
    {
      name: 'size-1 dims',
      inputs: { t: t([-5, 0.25, 9], [1, 3, 1]), min: t([0], [1, 1, 1]), max: t([1], [1, 1]) },
      expected: t([0, 0.25, 1], [1, 3, 1]),
    },
    {
      name: 'int32',
      inputs: { t: t([-7, 3, 12], [3], 'int32'), min: scalar(0, 'int32'), max: scalar(10, 'int32') },
      expected: t([0, 3, 10], [3], 'int32'),
    },
    {
      name: 'float64',
      inputs: { t: t([0.1, 0.7], [2], 'float64'), min: scalar(0.2, 'float64'), max: scalar(0.6, 'float64') },
      expected: t([0.2, 0.6], [2], 'float64'),
    },
    // Maximum/Minimum propagate NaN; infinities clip like numbers.
    {
      name: 'NaN and ±Inf',
      inputs: { t: t([Number.NaN, Infinity, -Infinity, 0]), min: scalar(-1), max: scalar(1) },
      expected: t([Number.NaN, 1, -1, 0]),
    },
    {
      name: 'NaN bound propagates',
      inputs: { t: t([0, 5]), min: scalar(Number.NaN), max: scalar(1) },
      expected: t([Number.NaN, Number.NaN]),
    },
    // TF 1.x does not check min <= max: the outer Maximum wins.
    { name: 'min above max gives min', inputs: { t: t([0, 5]), min: scalar(3), max: scalar(1) }, expected: t([3, 3]) },
    { name: 'zero-size', inputs: { t: t([], [0, 3]), min: scalar(0), max: scalar(1) }, expected: t([], [0, 3]) },
    {
      name: 'bounds that enlarge t are a ValueError',
      inputs: { t: t([1, 2, 3]), min: scalar(0), max: t([1, 2, 3, 4, 5, 6], [2, 3]) },
      throws: { type: 'ValueError', message: 'Shapes (3,) and (2, 3) are not compatible', when: 'build' },
    },
    {
      name: 'mixed dtypes is a TypeError',
      inputs: { t: t([1]), min: scalar(0, 'int32'), max: scalar(1) },
      throws: { type: 'TypeError', when: 'build' },
    },
    {
      name: 'bool input is a TypeError',
      inputs: { t: t([true]), min: scalar(false), max: scalar(true) },
      throws: { type: 'TypeError', when: 'build' },
    },
    {
      name: 'gradient reaches t inside the bounds, ties included',
      inputs: { t: t([-2, -1, 0, 1, 2]), min: scalar(-1), max: scalar(1) },
      attrs: { gradOfT: true },
      expected: t([0, 1, 1, 1, 0]),
    },
    {
      name: 'grad scalar bounds [2,3]',
      inputs: { t: t([-3.1, -0.6, 0.2, 0.9, 2.3, 4.4], [2, 3]), min: scalar(-1), max: scalar(2) },
      gradCheck: true,
    },
    {
      name: 'grad broadcast bounds [3] and [2,1]',
      inputs: { t: t([-3.1, -0.6, 0.2, 0.9, 2.3, 4.4], [2, 3]), min: t([0.5, -1.5, 0.1]), max: t([2, 0.75], [2, 1]) },
      gradCheck: true,
    },
    {
      name: 'grad size-1 dims',
      inputs: { t: t([-5.5, 0.25, 9.5], [1, 3, 1]), min: t([0], [1, 1, 1]), max: t([1], [1, 1]) },
      gradCheck: true,
    },
  ],
});
