import * as tf from '@tf/graph';
import { defineCases, ints, scalar, t } from '../case.js';
import { hostArg } from './array-helpers.js';

/**
 * `tf.oneHot(indices, depth, { onValue, offValue, axis, dtype })`. Attrs: those, plus `atRunTime`
 * (depth known only when the session runs); `onValue: 'float32 tensor'` passes a float32 constant.
 */
export default defineCases({
  op: 'OneHot',
  build: ({ indices }, { depth, atRunTime = false, onValue, ...options }) =>
    tf.oneHot(indices, hostArg(depth, atRunTime), {
      ...options,
      ...(onValue === undefined ? {} : { onValue: onValue === 'float32 tensor' ? tf.constant(1, 'float32') : onValue }),
    }),
  cases: [
    { name: 'basic', inputs: { indices: ints([0, 2, 1]) }, attrs: { depth: 3 }, expected: t([1, 0, 0, 0, 0, 1, 0, 1, 0], [3, 3]) },
    {
      name: 'out-of-range and negative indices give off rows',
      inputs: { indices: ints([3, -1]) },
      attrs: { depth: 3 },
      expected: t([0, 0, 0, 0, 0, 0], [2, 3]),
    },
    { name: 'axis 0', inputs: { indices: ints([0, 2]) }, attrs: { depth: 3, axis: 0 }, expected: t([1, 0, 0, 0, 0, 1], [3, 2]) },
    {
      name: '2-D indices, axis 1',
      inputs: { indices: ints([0, 1, 1, 0], [2, 2]) },
      attrs: { depth: 2, axis: 1 },
      expected: t([1, 0, 0, 1, 0, 1, 1, 0], [2, 2, 2]),
    },
    {
      name: 'on and off values',
      inputs: { indices: ints([1, 0]) },
      attrs: { depth: 2, onValue: 5, offValue: -1 },
      expected: t([-1, 5, 5, -1], [2, 2]),
    },
    { name: 'int32 dtype', inputs: { indices: ints([1]) }, attrs: { depth: 2, dtype: 'int32' }, expected: t([0, 1], [1, 2], 'int32') },
    {
      name: 'float64 dtype',
      inputs: { indices: ints([0]) },
      attrs: { depth: 2, dtype: 'float64' },
      expected: t([1, 0], [1, 2], 'float64'),
    },
    { name: 'bool dtype', inputs: { indices: ints([1]) }, attrs: { depth: 3, dtype: 'bool' }, expected: t([false, true, false], [1, 3]) },
    { name: 'scalar index', inputs: { indices: scalar(1, 'int32') }, attrs: { depth: 3 }, expected: t([0, 1, 0]) },
    { name: 'depth 0', inputs: { indices: ints([0, 1, 2]) }, attrs: { depth: 0 }, expected: t([], [3, 0]) },
    { name: 'no indices', inputs: { indices: ints([], [0]) }, attrs: { depth: 3 }, expected: t([], [0, 3]) },
    {
      name: 'depth at run time',
      inputs: { indices: ints([1, 0]) },
      attrs: { depth: 2, atRunTime: true },
      expected: t([0, 1, 1, 0], [2, 2]),
    },
    {
      name: 'negative depth is a ValueError',
      inputs: { indices: ints([0]) },
      attrs: { depth: -1 },
      throws: { type: 'ValueError', message: /depth must be non-negative, got: -1.*op: 'OneHot'/, when: 'build' },
    },
    {
      name: 'negative depth at run time is an InvalidArgumentError',
      inputs: { indices: ints([0]) },
      attrs: { depth: -2, atRunTime: true },
      throws: { type: 'InvalidArgumentError', message: 'depth must be non-negative, got: -2', when: 'run' },
    },
    {
      name: 'out-of-range axis is a ValueError',
      inputs: { indices: ints([0]) },
      attrs: { depth: 2, axis: 3 },
      throws: { type: 'ValueError', message: 'Expected axis to be -1 or between [0, 2).  But received: 3', when: 'build' },
    },
    {
      name: 'float indices are a TypeError',
      inputs: { indices: t([0]) },
      attrs: { depth: 2 },
      throws: { type: 'TypeError', when: 'build' },
    },
    {
      name: 'dtype that contradicts on_value is a TypeError',
      inputs: { indices: ints([0]) },
      attrs: { depth: 2, onValue: 'float32 tensor', dtype: 'int32' },
      throws: { type: 'TypeError', message: 'does not match dtype parameter', when: 'build' },
    },
  ],
});
