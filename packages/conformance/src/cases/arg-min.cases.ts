import * as tf from '@tf/graph';
import argmins from '../../fixtures/arg-min.json' with { type: 'json' };
import { defineCases, fixtureCases, scalar, t } from '../case.js';
import { rawOp } from './helpers.js';

/**
 * Attrs: `axis` (default 0), `axisAtRunTime` (the axis goes through a PlaceholderWithDefault) and
 * `raw` (create the op directly, as a GraphDef import would). NotDifferentiable.
 */
export default defineCases({
  op: 'ArgMin',
  build: ({ input }, { axis = 0, axisAtRunTime = false, raw = false }) =>
    raw
      ? rawOp(tf.ArgMin, [input, tf.constant(axis, 'int32')], { outputType: 'int32' })[0]!
      : tf.argmin(input, axisAtRunTime ? tf.placeholderWithDefault(tf.constant(axis, 'int32'), []) : axis),
  cases: [
    { name: 'rows of [2,3] (axis 1)', inputs: { input: t([1, 5, 3, 9, 2, 4], [2, 3]) }, attrs: { axis: 1 }, expected: t([0, 1], [2], 'int32') },
    { name: 'columns of [2,3] (axis 0)', inputs: { input: t([1, 5, 3, 9, 2, 4], [2, 3]) }, attrs: { axis: 0 }, expected: t([0, 1, 0], [3], 'int32') },
    { name: 'negative axis', inputs: { input: t([1, 5, 3, 9, 2, 4], [2, 3]) }, attrs: { axis: -1 }, expected: t([0, 1], [2], 'int32') },
    ...fixtureCases(argmins, 'ArgMin', ['input']),
    { name: 'vector', inputs: { input: t([-3, -1, -2]) }, expected: scalar(0, 'int32') },
    { name: 'ties give the first index', inputs: { input: t([2, 1, 7, 1, 1]) }, expected: scalar(1, 'int32') },
    { name: 'NaN wins (its index)', inputs: { input: t([1, -5, Number.NaN, 3, Number.NaN]) }, expected: scalar(2, 'int32') },
    { name: '±Inf', inputs: { input: t([Infinity, 3, -Infinity, 4]) }, expected: scalar(2, 'int32') },
    { name: 'all +Inf gives 0', inputs: { input: t([Infinity, Infinity]) }, expected: scalar(0, 'int32') },
    { name: 'size-1 axis gives zeros', inputs: { input: t([4, 5, 6], [3, 1]) }, attrs: { axis: 1 }, expected: t([0, 0, 0], [3], 'int32') },
    { name: 'int32', inputs: { input: t([8, 3, -1, 2, 2147483647, -2147483648], [3, 2], 'int32') }, attrs: { axis: 1 }, expected: t([1, 0, 1], [3], 'int32') },
    { name: 'float64', inputs: { input: t([0.30000000000000004, 0.3], [2], 'float64') }, expected: scalar(1, 'int32') },
    { name: 'axis at run time', inputs: { input: t([1, 5, 3, 9, 2, 4], [2, 3]) }, attrs: { axis: 1, axisAtRunTime: true }, expected: t([0, 1], [2], 'int32') },
    { name: 'zero-size, other axis', inputs: { input: t([], [0, 3]) }, attrs: { axis: 1 }, expected: t([], [0], 'int32') },
    {
      name: 'zero-size reduced axis is a ValueError',
      inputs: { input: t([], [2, 0]) },
      attrs: { axis: 1 },
      throws: { type: 'ValueError', message: /Reduction axis 1 is empty.*op: 'ArgMin'/, when: 'build' },
    },
    {
      name: 'zero-size reduced axis at run time is an InvalidArgumentError',
      inputs: { input: t([], [2, 0]) },
      attrs: { axis: 1, axisAtRunTime: true },
      throws: { type: 'InvalidArgumentError', message: 'Reduction axis 1 is empty', when: 'run' },
    },
    { name: 'scalar input is a ValueError', inputs: { input: scalar(1) }, throws: { type: 'ValueError', message: "op: 'ArgMin'", when: 'build' } },
    {
      name: 'axis out of range is a ValueError',
      inputs: { input: t([1, 2, 3, 4], [2, 2]) },
      attrs: { axis: 2 },
      throws: { type: 'ValueError', message: /Invalid dimension 2 for input with 2 dimensions.*op: 'ArgMin'/, when: 'build' },
    },
    {
      name: 'axis out of range at run time is an InvalidArgumentError',
      inputs: { input: t([1, 2, 3, 4], [2, 2]) },
      attrs: { axis: -3, axisAtRunTime: true },
      throws: { type: 'InvalidArgumentError', message: 'Invalid dimension -3', when: 'run' },
    },
    { name: 'bool input is a TypeError', inputs: { input: t([true, false]) }, throws: { type: 'TypeError', when: 'build' } },
    { name: 'raw op with bool input is a TypeError', inputs: { input: t([true, false]) }, attrs: { raw: true }, throws: { type: 'TypeError', message: 'DataType bool not in list of allowed values', when: 'build' } },
  ],
});
