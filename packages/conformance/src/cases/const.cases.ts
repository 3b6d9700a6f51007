import * as tf from '@tf/graph';
import { defineCases, scalar, t } from '../case.js';

/** No inputs: attrs `value` (nested JS arrays), `dtype`, `shape`, as `tf.constant(value, dtype, shape)`. */
export default defineCases({
  op: 'Const',
  build: (_inputs, { value, dtype, shape }) => tf.constant(value, dtype, shape),
  cases: [
    {
      name: 'float32 matrix',
      inputs: {},
      attrs: {
        value: [
          [1, 2],
          [3, 4.5],
        ],
      },
      expected: t([1, 2, 3, 4.5], [2, 2]),
    },
    { name: 'int32', inputs: {}, attrs: { value: [1, -2, 3], dtype: 'int32' }, expected: t([1, -2, 3], [3], 'int32') },
    { name: 'bool', inputs: {}, attrs: { value: [true, false] }, expected: t([true, false]) },
    { name: 'float64', inputs: {}, attrs: { value: [0.1], dtype: 'float64' }, expected: t([0.1], [1], 'float64') },
    { name: 'scalar', inputs: {}, attrs: { value: 3 }, expected: scalar(3) },
    { name: 'scalar filled to a shape', inputs: {}, attrs: { value: 7, shape: [2, 2] }, expected: t([7, 7, 7, 7], [2, 2]) },
    { name: 'values reshaped', inputs: {}, attrs: { value: [1, 2, 3, 4, 5, 6], shape: [3, 2] }, expected: t([1, 2, 3, 4, 5, 6], [3, 2]) },
    {
      name: 'NaN and ±Inf',
      inputs: {},
      attrs: { value: [Number.NaN, Infinity, -Infinity] },
      expected: t([Number.NaN, Infinity, -Infinity]),
    },
    { name: 'zero-size', inputs: {}, attrs: { value: [[], []] }, expected: t([], [2, 0]) },
    {
      name: 'ragged value is a ValueError',
      inputs: {},
      attrs: { value: [[1, 2], [3]] },
      throws: { type: 'ValueError', message: 'ragged', when: 'build' },
    },
    {
      name: 'wrong element count for shape is a ValueError',
      inputs: {},
      attrs: { value: [1, 2, 3], shape: [2, 2] },
      throws: { type: 'ValueError', message: 'Expected 4 elements', when: 'build' },
    },
  ],
});
