import * as tf from '@tf/graph';
import { defineCases, randomData, scalar, t } from '../case.js';
import { hostArg } from './array-helpers.js';

/** Attrs: `axis`, `atRunTime` (the axis is known only when the session runs). */
export default defineCases({
  op: 'ExpandDims',
  build: ({ input }, { axis, atRunTime = false }) => tf.expandDims(input, hostArg(axis, atRunTime)),
  cases: [
    { name: 'axis 0', inputs: { input: t([1, 2, 3, 4, 5, 6], [2, 3]) }, attrs: { axis: 0 }, expected: t([1, 2, 3, 4, 5, 6], [1, 2, 3]) },
    { name: 'axis 1', inputs: { input: t([1, 2, 3, 4, 5, 6], [2, 3]) }, attrs: { axis: 1 }, expected: t([1, 2, 3, 4, 5, 6], [2, 1, 3]) },
    {
      name: 'axis = rank (last)',
      inputs: { input: t([1, 2, 3, 4, 5, 6], [2, 3]) },
      attrs: { axis: 2 },
      expected: t([1, 2, 3, 4, 5, 6], [2, 3, 1]),
    },
    {
      name: 'negative axis -1 is last',
      inputs: { input: t([1, 2, 3, 4, 5, 6], [2, 3]) },
      attrs: { axis: -1 },
      expected: t([1, 2, 3, 4, 5, 6], [2, 3, 1]),
    },
    {
      name: 'negative axis -3 is first',
      inputs: { input: t([1, 2, 3, 4, 5, 6], [2, 3]) },
      attrs: { axis: -3 },
      expected: t([1, 2, 3, 4, 5, 6], [1, 2, 3]),
    },
    { name: 'scalar', inputs: { input: scalar(5) }, attrs: { axis: 0 }, expected: t([5], [1]) },
    { name: 'int32', inputs: { input: t([1, 2], [2], 'int32') }, attrs: { axis: 1 }, expected: t([1, 2], [2, 1], 'int32') },
    { name: 'bool', inputs: { input: t([true, false], [2]) }, attrs: { axis: 0 }, expected: t([true, false], [1, 2]) },
    { name: 'zero-size', inputs: { input: t([], [0, 2]) }, attrs: { axis: 1 }, expected: t([], [0, 1, 2]) },
    {
      name: 'axis at run time',
      inputs: { input: t([1, 2, 3, 4, 5, 6], [2, 3]) },
      attrs: { axis: 1, atRunTime: true },
      expected: t([1, 2, 3, 4, 5, 6], [2, 1, 3]),
    },
    { name: 'one-element vector axis', inputs: { input: t([1, 2], [2]) }, attrs: { axis: [0] }, expected: t([1, 2], [1, 2]) },
    {
      name: 'axis > rank is a ValueError',
      inputs: { input: t([1, 2, 3, 4], [2, 2]) },
      attrs: { axis: 3 },
      throws: {
        type: 'ValueError',
        message: /Tried to expand dim index 3 for tensor with 2 dimensions\..*op: 'ExpandDims'/,
        when: 'build',
      },
    },
    {
      name: 'axis < -rank-1 is a ValueError',
      inputs: { input: t([1, 2, 3, 4], [2, 2]) },
      attrs: { axis: -4 },
      throws: { type: 'ValueError', message: 'Tried to expand dim index -4', when: 'build' },
    },
    {
      name: 'out-of-range axis at run time is an InvalidArgumentError',
      inputs: { input: t([1, 2, 3, 4], [2, 2]) },
      attrs: { axis: 5, atRunTime: true },
      throws: { type: 'InvalidArgumentError', message: 'Tried to expand dim index 5 for tensor with 2 dimensions.', when: 'run' },
    },
    {
      name: 'two-element axis is a ValueError',
      inputs: { input: t([1, 2], [2]) },
      attrs: { axis: [0, 1] },
      throws: { type: 'ValueError', message: "'dim' must be a tensor with a single value", when: 'build' },
    },
    { name: 'grad [2,3] axis 0', inputs: { input: randomData([2, 3], { seed: 311 }) }, attrs: { axis: 0 }, gradCheck: true },
    { name: 'grad [1] axis -1', inputs: { input: randomData([1], { seed: 312 }) }, attrs: { axis: -1 }, gradCheck: true },
    {
      name: 'grad [2,1,2] axis 2 at run time',
      inputs: { input: randomData([2, 1, 2], { seed: 313 }) },
      attrs: { axis: 2, atRunTime: true },
      gradCheck: true,
    },
  ],
});
