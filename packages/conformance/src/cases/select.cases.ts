import * as tf from '@tf/graph';
import { defineCases, randomData, scalar, t } from '../case.js';

/** TF 1.x Select (`tf.where` with three arguments): no broadcasting beyond a scalar or row condition. */
export default defineCases({
  op: 'Select',
  build: ({ condition, t: x, e }) => tf.where(condition, x, e),
  cases: [
    {
      name: 'elementwise',
      inputs: { condition: t([true, false, false, true], [2, 2]), t: t([1, 2, 3, 4], [2, 2]), e: t([-1, -2, -3, -4], [2, 2]) },
      expected: t([1, -2, -3, 4], [2, 2]),
    },
    { name: 'scalar condition', inputs: { condition: scalar(false), t: t([1, 2]), e: t([3, 4]) }, expected: t([3, 4]) },
    {
      name: 'vector condition picks rows',
      inputs: { condition: t([false, true]), t: t([1, 2, 3, 4], [2, 2]), e: t([5, 6, 7, 8], [2, 2]) },
      expected: t([5, 6, 3, 4], [2, 2]),
    },
    { name: 'scalar data', inputs: { condition: scalar(true), t: scalar(1), e: scalar(2) }, expected: scalar(1) },
    {
      name: 'int32',
      inputs: { condition: t([true, false]), t: t([1, 2], [2], 'int32'), e: t([3, 4], [2], 'int32') },
      expected: t([1, 4], [2], 'int32'),
    },
    { name: 'bool', inputs: { condition: t([true, false]), t: t([true, true]), e: t([false, false]) }, expected: t([true, false]) },
    {
      name: 'NaN in the unpicked branch does not leak',
      inputs: { condition: t([true, false]), t: t([1, Number.NaN]), e: t([Number.NaN, 2]) },
      expected: t([1, 2]),
    },
    { name: 'zero-size', inputs: { condition: t([], [0], 'bool'), t: t([], [0]), e: t([], [0]) }, expected: t([], [0]) },
    {
      name: 'shape mismatch of t and e is a ValueError',
      inputs: { condition: t([true, false]), t: t([1, 2]), e: t([1, 2, 3]) },
      throws: { type: 'ValueError', message: /Dimension 0 in both shapes must be equal, but are 2 and 3.*op: 'Select'/, when: 'build' },
    },
    {
      name: 'condition shape mismatch is a ValueError',
      inputs: { condition: t([true, false, true]), t: t([1, 2, 3, 4], [2, 2]), e: t([1, 2, 3, 4], [2, 2]) },
      throws: { type: 'ValueError', message: "op: 'Select'", when: 'build' },
    },
    {
      name: 'shape mismatch at run time is an InvalidArgumentError',
      inputs: { condition: t([true, false]), t: t([1, 2]), e: t([1, 2, 3]) },
      placeholders: 'unknown-dims',
      throws: { type: 'InvalidArgumentError', message: "op: 'Select'", when: 'run' },
    },
    {
      name: 'float condition is a TypeError',
      inputs: { condition: t([1, 0]), t: t([1, 2]), e: t([3, 4]) },
      throws: {
        type: 'TypeError',
        message: "Input 'condition' of 'Select' Op has type float32 that does not match expected type of bool.",
        when: 'build',
      },
    },
    {
      name: 'mixed t and e dtypes is a TypeError',
      inputs: { condition: t([true]), t: t([1]), e: t([1], [1], 'int32') },
      throws: { type: 'TypeError', when: 'build' },
    },
    {
      name: 'grad elementwise [2,3]',
      inputs: {
        condition: t([true, false, true, false, false, true], [2, 3]),
        t: randomData([2, 3], { seed: 221 }),
        e: randomData([2, 3], { seed: 222 }),
      },
      gradCheck: true,
    },
    {
      name: 'grad scalar condition',
      inputs: { condition: scalar(true), t: randomData([3], { seed: 223 }), e: randomData([3], { seed: 224 }) },
      gradCheck: true,
    },
    {
      name: 'grad row condition [3,2]',
      inputs: { condition: t([false, true, false]), t: randomData([3, 2], { seed: 225 }), e: randomData([3, 2], { seed: 226 }) },
      gradCheck: true,
    },
  ],
});
