import * as tf from '@tf/graph';
import { defineCases, randomData, scalar, t } from '../case.js';

/** Attr `dtype`: the destination. */
export default defineCases({
  op: 'Cast',
  build: ({ x }, { dtype }) => tf.cast(x, dtype),
  cases: [
    {
      name: 'float32 to int32 truncates toward zero',
      inputs: { x: t([1.7, -1.7, 0.5, -0.5], [2, 2]) },
      attrs: { dtype: 'int32' },
      expected: t([1, -1, 0, 0], [2, 2], 'int32'),
    },
    {
      // The largest float32 below 2^31 and -2^31 itself are int32 values; beyond them TF leaves the result undefined.
      name: 'float32 to int32 at the int32 limits',
      inputs: { x: t([2147483520, -2147483648, 16777217, -0]) },
      attrs: { dtype: 'int32' },
      expected: t([2147483520, -2147483648, 16777216, 0], [4], 'int32'),
    },
    {
      name: 'int32 to float32',
      inputs: { x: t([1, -2, 16777217], [3], 'int32') },
      attrs: { dtype: 'float32' },
      expected: t([1, -2, 16777216]),
    },
    {
      name: 'float32 to bool (nonzero, NaN is true)',
      inputs: { x: t([0, 1.5, -0, Number.NaN, -Infinity]) },
      attrs: { dtype: 'bool' },
      expected: t([false, true, false, true, true]),
    },
    { name: 'bool to float32', inputs: { x: t([true, false]) }, attrs: { dtype: 'float32' }, expected: t([1, 0]) },
    { name: 'bool to int32', inputs: { x: t([false, true]) }, attrs: { dtype: 'int32' }, expected: t([0, 1], [2], 'int32') },
    { name: 'int32 to bool', inputs: { x: t([0, -3, 7], [3], 'int32') }, attrs: { dtype: 'bool' }, expected: t([false, true, true]) },
    {
      name: 'float32 to float64 is exact',
      inputs: { x: t([0.1]) },
      attrs: { dtype: 'float64' },
      expected: t([0.10000000149011612], [1], 'float64'),
    },
    {
      name: 'float64 to float32 rounds',
      inputs: { x: t([0.1, 1e40], [2], 'float64') },
      attrs: { dtype: 'float32' },
      expected: t([0.1, Infinity]),
    },
    {
      name: 'NaN and ±Inf between float widths',
      inputs: { x: t([Number.NaN, Infinity, -Infinity]) },
      attrs: { dtype: 'float64' },
      expected: t([Number.NaN, Infinity, -Infinity], [3], 'float64'),
    },
    // From the CPU kernel tests: NaN becomes 0 in int32 (TF's static_cast on x86), -0 is false.
    {
      name: 'float32 NaN to int32 is 0',
      inputs: { x: t([Number.NaN, 3, 1.9, -1.9]) },
      attrs: { dtype: 'int32' },
      expected: t([0, 3, 1, -1], [4], 'int32'),
    },
    { name: 'float32 -0 to bool is false', inputs: { x: t([0, -0, 0.1]) }, attrs: { dtype: 'bool' }, expected: t([false, false, true]) },
    {
      name: 'int32 to float64 is exact',
      inputs: { x: t([-7, 1 << 20], [2], 'int32') },
      attrs: { dtype: 'float64' },
      expected: t([-7, 1 << 20], [2], 'float64'),
    },
    { name: 'scalar', inputs: { x: scalar(2.5) }, attrs: { dtype: 'int32' }, expected: scalar(2, 'int32') },
    { name: 'same dtype', inputs: { x: t([1, 2]) }, attrs: { dtype: 'float32' }, expected: t([1, 2]) },
    { name: 'zero-size', inputs: { x: t([], [0, 2]) }, attrs: { dtype: 'int32' }, expected: t([], [0, 2], 'int32') },
    {
      name: 'unknown dtype is a TypeError',
      inputs: { x: t([1]) },
      attrs: { dtype: 'int64' },
      throws: { type: 'TypeError', message: "Cannot convert value 'int64' to a TensorFlow DType.", when: 'build' },
    },
    // Float-to-float casts carry the gradient (checked in float64 to float64).
    { name: 'grad [3,4]', inputs: { x: randomData([3, 4], { seed: 231 }) }, attrs: { dtype: 'float64' }, gradCheck: true },
    { name: 'grad scalar', inputs: { x: scalar(0.5) }, attrs: { dtype: 'float64' }, gradCheck: true },
    { name: 'grad size-1 dims', inputs: { x: randomData([1, 2, 1], { seed: 232 }) }, attrs: { dtype: 'float64' }, gradCheck: true },
  ],
});
