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
      throws: { type: 'ValueError', message: 'Argument must be a dense tensor', when: 'build' },
    },
    {
      name: 'wrong element count for shape is a ValueError',
      inputs: {},
      attrs: { value: [1, 2, 3], shape: [2, 2] },
      throws: { type: 'ValueError', message: 'Expected 4 elements', when: 'build' },
    },
    // The validation layer (docs/reliability.md): TF's conversion errors, never a silent coercion.
    {
      name: 'a fraction into int32 is a TypeError',
      inputs: {},
      attrs: { value: 2.5, dtype: 'int32' },
      throws: { type: 'TypeError', message: "Expected int32, got 2.5 of type 'float' instead.", when: 'build' },
    },
    {
      name: 'a number into bool is a TypeError',
      inputs: {},
      attrs: { value: [1, 0], dtype: 'bool' },
      throws: { type: 'TypeError', message: "Expected bool, got 1 of type 'int' instead.", when: 'build' },
    },
    {
      name: 'a string is a TypeError',
      inputs: {},
      attrs: { value: 'hello' },
      throws: { type: 'TypeError', message: 'Failed to convert object of type str to Tensor', when: 'build' },
    },
    {
      name: 'an int32 value out of range is a TypeError',
      inputs: {},
      attrs: { value: [2 ** 31], dtype: 'int32' },
      throws: { type: 'TypeError', message: 'Cannot convert 2147483648 to a tensor of dtype int32', when: 'build' },
    },
    {
      name: 'a fractional dim is a ValueError',
      inputs: {},
      attrs: { value: 0, shape: [3.7] },
      throws: { type: 'ValueError', message: 'Ambiguous dimension: 3.7', when: 'build' },
    },
    {
      name: 'a filled shape past the element limit is a ResourceExhaustedError before allocating',
      inputs: {},
      attrs: { value: 0, shape: [20000, 20000] },
      throws: {
        type: 'ResourceExhaustedError',
        message: 'OOM when allocating tensor with shape[20000,20000] and type float',
        when: 'build',
      },
    },
  ],
});
