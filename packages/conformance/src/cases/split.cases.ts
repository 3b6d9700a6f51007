import * as tf from '@tf/graph';
import { defineCases, randomData, t } from '../case.js';
import { hostArg } from './array-helpers.js';

/** `tf.split(value, num, axis)` (equal parts: TF's `Split`). Attrs: `num`, `axis` (default 0), `atRunTime`. */
export default defineCases({
  op: 'Split',
  build: ({ value }, { num, axis = 0, atRunTime = false }) => tf.split(value, num, hostArg(axis, atRunTime)),
  cases: [
    { name: '[6] into 3', inputs: { value: t([1, 2, 3, 4, 5, 6]) }, attrs: { num: 3 }, expected: [t([1, 2]), t([3, 4]), t([5, 6])] },
    {
      name: '[2,4] into 2 on axis 1',
      inputs: { value: t([1, 2, 3, 4, 5, 6, 7, 8], [2, 4]) },
      attrs: { num: 2, axis: 1 },
      expected: [t([1, 2, 5, 6], [2, 2]), t([3, 4, 7, 8], [2, 2])],
    },
    {
      name: 'negative axis',
      inputs: { value: t([1, 2, 3, 4, 5, 6, 7, 8], [2, 4]) },
      attrs: { num: 2, axis: -1 },
      expected: [t([1, 2, 5, 6], [2, 2]), t([3, 4, 7, 8], [2, 2])],
    },
    {
      name: 'axis at run time',
      inputs: { value: t([1, 2, 3, 4, 5, 6, 7, 8], [2, 4]) },
      attrs: { num: 2, axis: 0, atRunTime: true },
      expected: [t([1, 2, 3, 4], [1, 4]), t([5, 6, 7, 8], [1, 4])],
    },
    { name: 'num 1', inputs: { value: t([1, 2]) }, attrs: { num: 1 }, expected: [t([1, 2])] },
    {
      name: 'int32',
      inputs: { value: t([1, 2], [2], 'int32') },
      attrs: { num: 2 },
      expected: [t([1], [1], 'int32'), t([2], [1], 'int32')],
    },
    {
      name: 'bool',
      inputs: { value: t([true, false], [1, 2]) },
      attrs: { num: 2, axis: 1 },
      expected: [t([true], [1, 1]), t([false], [1, 1])],
    },
    {
      name: 'zero-size on another axis',
      inputs: { value: t([], [0, 4]) },
      attrs: { num: 2, axis: 1 },
      expected: [t([], [0, 2]), t([], [0, 2])],
    },
    {
      name: 'zero-size split axis',
      inputs: { value: t([], [0, 3]) },
      attrs: { num: 3 },
      expected: [t([], [0, 3]), t([], [0, 3]), t([], [0, 3])],
    },
    {
      name: 'uneven split is a ValueError',
      inputs: { value: t([1, 2, 3, 4, 5]) },
      attrs: { num: 2 },
      throws: {
        type: 'ValueError',
        message:
          /Number of ways to split should evenly divide the split dimension, but got split_dim 0 \(size = 5\) and num_split 2.*op: 'Split'/,
        when: 'build',
      },
    },
    {
      name: 'uneven split at run time is an InvalidArgumentError',
      inputs: { value: t([1, 2, 3, 4, 5]) },
      attrs: { num: 2 },
      placeholders: 'unknown-dims',
      throws: { type: 'InvalidArgumentError', message: 'Number of ways to split should evenly divide the split dimension', when: 'run' },
    },
    {
      name: 'out-of-range axis is a ValueError',
      inputs: { value: t([1, 2, 3, 4], [2, 2]) },
      attrs: { num: 2, axis: 2 },
      throws: { type: 'ValueError', message: '-input rank(-2) <= split_dim < input rank (2), but got 2', when: 'build' },
    },
    {
      name: 'num 0 is a ValueError',
      inputs: { value: t([1, 2]) },
      attrs: { num: 0 },
      throws: { type: 'ValueError', message: "Value for attr 'num_split' of 0 must be at least minimum 1", when: 'build' },
    },
    { name: 'grad [6] into 3', inputs: { value: randomData([6], { seed: 431 }) }, attrs: { num: 3 }, gradCheck: true },
    { name: 'grad [2,4] into 2 axis 1', inputs: { value: randomData([2, 4], { seed: 432 }) }, attrs: { num: 2, axis: 1 }, gradCheck: true },
    {
      name: 'grad [2,3,2] into 3 axis -2',
      inputs: { value: randomData([2, 3, 2], { seed: 433 }) },
      attrs: { num: 3, axis: -2 },
      gradCheck: true,
    },
    {
      name: 'grad through one output only',
      inputs: { value: randomData([4, 1], { seed: 434 }) },
      attrs: { num: 2 },
      gradCheck: { outputs: [0] },
    },
  ],
});
