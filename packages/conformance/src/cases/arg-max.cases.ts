import * as tf from '@tf/graph';
import { defineCases, scalar, t } from '../case.js';

/** Attrs: `axis` (default 0) and `axisAtRunTime` (the axis goes through a PlaceholderWithDefault). NotDifferentiable. */
export default defineCases({
  op: 'ArgMax',
  build: ({ input }, { axis = 0, axisAtRunTime = false }) =>
    tf.argmax(input, axisAtRunTime ? tf.placeholderWithDefault(tf.constant(axis, 'int32'), []) : axis),
  cases: [
    { name: 'rows of [2,3] (axis 1)', inputs: { input: t([1, 5, 3, 9, 2, 4], [2, 3]) }, attrs: { axis: 1 }, expected: t([1, 0], [2], 'int32') },
    { name: 'columns of [2,3] (axis 0)', inputs: { input: t([1, 5, 3, 9, 2, 4], [2, 3]) }, attrs: { axis: 0 }, expected: t([1, 0, 1], [3], 'int32') },
    { name: 'negative axis', inputs: { input: t([1, 5, 3, 9, 2, 4], [2, 3]) }, attrs: { axis: -1 }, expected: t([1, 0], [2], 'int32') },
    { name: 'middle axis of [2,3,2]', inputs: { input: t([0, 9, 5, 1, 2, 3, 7, 0, 1, 8, 2, 2], [2, 3, 2]) }, attrs: { axis: 1 }, expected: t([1, 0, 0, 1], [2, 2], 'int32') },
    { name: 'vector', inputs: { input: t([-3, -1, -2]) }, expected: scalar(1, 'int32') },
    { name: 'ties give the first index', inputs: { input: t([2, 7, 7, 1, 7]) }, expected: scalar(1, 'int32') },
    { name: 'NaN wins (its index)', inputs: { input: t([1, Number.NaN, 3, Number.NaN]) }, expected: scalar(1, 'int32') },
    { name: '±Inf', inputs: { input: t([-Infinity, 3, Infinity, 4]) }, expected: scalar(2, 'int32') },
    { name: 'size-1 axis gives zeros', inputs: { input: t([4, 5, 6], [3, 1]) }, attrs: { axis: 1 }, expected: t([0, 0, 0], [3], 'int32') },
    { name: 'int32', inputs: { input: t([3, 8, -1, 2], [2, 2], 'int32') }, attrs: { axis: 1 }, expected: t([1, 1], [2], 'int32') },
    { name: 'axis at run time', inputs: { input: t([1, 5, 3, 9, 2, 4], [2, 3]) }, attrs: { axis: 1, axisAtRunTime: true }, expected: t([1, 0], [2], 'int32') },
    { name: 'zero-size, other axis', inputs: { input: t([], [0, 3]) }, attrs: { axis: 1 }, expected: t([], [0], 'int32') },
    {
      name: 'zero-size reduced axis is a ValueError',
      inputs: { input: t([], [2, 0]) },
      attrs: { axis: 1 },
      throws: { type: 'ValueError', message: /Reduction axis 1 is empty.*op: 'ArgMax'/, when: 'build' },
    },
    {
      name: 'zero-size reduced axis at run time is an InvalidArgumentError',
      inputs: { input: t([], [2, 0]) },
      attrs: { axis: 1, axisAtRunTime: true },
      throws: { type: 'InvalidArgumentError', message: 'Reduction axis 1 is empty', when: 'run' },
    },
    { name: 'scalar input is a ValueError', inputs: { input: scalar(1) }, throws: { type: 'ValueError', message: "op: 'ArgMax'", when: 'build' } },
    {
      name: 'axis out of range is a ValueError',
      inputs: { input: t([1, 2, 3, 4], [2, 2]) },
      attrs: { axis: 2 },
      throws: { type: 'ValueError', message: /Invalid dimension 2 for input with 2 dimensions.*op: 'ArgMax'/, when: 'build' },
    },
    {
      name: 'axis out of range at run time is an InvalidArgumentError',
      inputs: { input: t([1, 2, 3, 4], [2, 2]) },
      attrs: { axis: -3, axisAtRunTime: true },
      throws: { type: 'InvalidArgumentError', message: 'Invalid dimension -3', when: 'run' },
    },
    { name: 'bool input is a TypeError', inputs: { input: t([true, false]) }, throws: { type: 'TypeError', when: 'build' } },
  ],
});
