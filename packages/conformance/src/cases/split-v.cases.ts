import * as tf from '@tf/graph';
import { defineCases, randomData, t } from '../case.js';
import { hostArg } from './array-helpers.js';

/** `tf.split(value, sizes, axis)` (TF's `SplitV`). Attrs: `sizes`, `axis` (default 0), `atRunTime` (sizes at run time). */
export default defineCases({
  op: 'SplitV',
  build: ({ value }, { sizes, axis = 0, atRunTime = false }) =>
    atRunTime ? tf.split(value, hostArg(sizes, true), axis, sizes.length) : tf.split(value, sizes, axis),
  cases: [
    {
      name: 'sizes [1,2,3]',
      inputs: { value: t([1, 2, 3, 4, 5, 6]) },
      attrs: { sizes: [1, 2, 3] },
      expected: [t([1]), t([2, 3]), t([4, 5, 6])],
    },
    {
      name: 'one -1 takes the rest',
      inputs: { value: t([1, 2, 3, 4, 5, 6]) },
      attrs: { sizes: [1, -1, 2] },
      expected: [t([1]), t([2, 3, 4]), t([5, 6])],
    },
    {
      name: 'axis 1',
      inputs: { value: t([1, 2, 3, 4, 5, 6], [2, 3]) },
      attrs: { sizes: [2, 1], axis: 1 },
      expected: [t([1, 2, 4, 5], [2, 2]), t([3, 6], [2, 1])],
    },
    {
      name: 'negative axis',
      inputs: { value: t([1, 2, 3, 4, 5, 6], [2, 3]) },
      attrs: { sizes: [1, 2], axis: -1 },
      expected: [t([1, 4], [2, 1]), t([2, 3, 5, 6], [2, 2])],
    },
    { name: 'a zero size', inputs: { value: t([1, 2, 3]) }, attrs: { sizes: [0, 3] }, expected: [t([], [0]), t([1, 2, 3])] },
    {
      name: 'sizes at run time',
      inputs: { value: t([1, 2, 3, 4]) },
      attrs: { sizes: [3, -1], atRunTime: true },
      expected: [t([1, 2, 3]), t([4])],
    },
    {
      name: 'int32',
      inputs: { value: t([1, 2, 3], [3], 'int32') },
      attrs: { sizes: [2, 1] },
      expected: [t([1, 2], [2], 'int32'), t([3], [1], 'int32')],
    },
    {
      name: 'zero-size input',
      inputs: { value: t([], [0, 2]) },
      attrs: { sizes: [1, 1], axis: 1 },
      expected: [t([], [0, 1]), t([], [0, 1])],
    },
    {
      name: 'sizes that do not add up are a ValueError',
      inputs: { value: t([1, 2, 3, 4, 5, 6]) },
      attrs: { sizes: [1, 2] },
      throws: {
        type: 'ValueError',
        message: /Determined shape must either match input shape along split_dim exactly if fully specified.*Got: 3.*op: 'SplitV'/,
        when: 'build',
      },
    },
    {
      name: 'two -1 are a ValueError',
      inputs: { value: t([1, 2, 3, 4]) },
      attrs: { sizes: [-1, -1] },
      throws: { type: 'ValueError', message: 'There can only be one -1 in the input.', when: 'build' },
    },
    {
      name: 'negative size is a ValueError',
      inputs: { value: t([1, 2, 3, 4]) },
      attrs: { sizes: [6, -2] },
      throws: { type: 'ValueError', message: 'Split size at index 1 must be >= 0. Got: -2', when: 'build' },
    },
    {
      name: 'sizes too large at run time is an InvalidArgumentError',
      inputs: { value: t([1, 2, 3, 4]) },
      attrs: { sizes: [3, 3], atRunTime: true },
      throws: { type: 'InvalidArgumentError', message: 'Determined shape must either match', when: 'run' },
    },
    { name: 'grad sizes [1,2,3]', inputs: { value: randomData([6], { seed: 441 }) }, attrs: { sizes: [1, 2, 3] }, gradCheck: true },
    {
      name: 'grad [2,3] axis 1 with -1',
      inputs: { value: randomData([2, 3], { seed: 442 }) },
      attrs: { sizes: [-1, 2], axis: 1 },
      gradCheck: true,
    },
    {
      name: 'grad [3,1,2] sizes at run time',
      inputs: { value: randomData([3, 1, 2], { seed: 443 }) },
      attrs: { sizes: [2, 1], atRunTime: true },
      gradCheck: true,
    },
  ],
});
