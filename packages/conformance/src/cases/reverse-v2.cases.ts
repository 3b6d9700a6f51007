import * as tf from '@tf/graph';
import reverses from '../../fixtures/reverse.json' with { type: 'json' };
import { defineCases, fixtureCases, randomData, scalar, t } from '../case.js';
import { hostArg } from './array-helpers.js';

/** Attrs: `axis` (a list), `atRunTime` (the axes are known only when the session runs). */
export default defineCases({
  op: 'ReverseV2',
  build: ({ tensor }, { axis, atRunTime = false }) => tf.reverse(tensor, hostArg(axis, atRunTime, [axis.length])),
  cases: [
    { name: '1-D', inputs: { tensor: t([1, 2, 3]) }, attrs: { axis: [0] }, expected: t([3, 2, 1]) },
    {
      name: 'rows of a matrix',
      inputs: { tensor: t([1, 2, 3, 4, 5, 6], [2, 3]) },
      attrs: { axis: [0] },
      expected: t([4, 5, 6, 1, 2, 3], [2, 3]),
    },
    ...fixtureCases(reverses, 'ReverseV2', ['tensor']),
    {
      name: 'no axes is the identity',
      inputs: { tensor: t([1, 2, 3, 4], [2, 2]) },
      attrs: { axis: [] },
      expected: t([1, 2, 3, 4], [2, 2]),
    },
    { name: 'scalar with no axes', inputs: { tensor: scalar(2) }, attrs: { axis: [] }, expected: scalar(2) },
    { name: 'int32', inputs: { tensor: t([1, 2, 3], [3], 'int32') }, attrs: { axis: [-1] }, expected: t([3, 2, 1], [3], 'int32') },
    { name: 'bool', inputs: { tensor: t([true, false, false]) }, attrs: { axis: [0] }, expected: t([false, false, true]) },
    { name: 'zero-size', inputs: { tensor: t([], [0, 2]) }, attrs: { axis: [0, 1] }, expected: t([], [0, 2]) },
    {
      name: 'axes at run time',
      inputs: { tensor: t([1, 2, 3, 4, 5, 6], [2, 3]) },
      attrs: { axis: [1, 0], atRunTime: true },
      expected: t([6, 5, 4, 3, 2, 1], [2, 3]),
    },
    {
      name: 'out-of-range axis is a ValueError',
      inputs: { tensor: t([1, 2, 3, 4], [2, 2]) },
      attrs: { axis: [2] },
      throws: { type: 'ValueError', message: /'axis'\[0\] = 2 is out of valid range \[0, 1\].*op: 'ReverseV2'/, when: 'build' },
    },
    {
      name: 'repeated axis is a ValueError',
      inputs: { tensor: t([1, 2, 3, 4], [2, 2]) },
      attrs: { axis: [0, -2] },
      throws: { type: 'ValueError', message: 'axis 0 specified more than once.', when: 'build' },
    },
    {
      name: 'out-of-range axis at run time is an InvalidArgumentError',
      inputs: { tensor: t([1, 2, 3, 4], [2, 2]) },
      attrs: { axis: [-3], atRunTime: true },
      throws: { type: 'InvalidArgumentError', message: "'axis'[0] = -3 is out of valid range", when: 'run' },
    },
    { name: 'grad [2,3] axis 1', inputs: { tensor: randomData([2, 3], { seed: 331 }) }, attrs: { axis: [1] }, gradCheck: true },
    { name: 'grad [2,1,3] axes 0,2', inputs: { tensor: randomData([2, 1, 3], { seed: 332 }) }, attrs: { axis: [0, 2] }, gradCheck: true },
    {
      name: 'grad [4] axis -1 at run time',
      inputs: { tensor: randomData([4], { seed: 333 }) },
      attrs: { axis: [-1], atRunTime: true },
      gradCheck: true,
    },
  ],
});
