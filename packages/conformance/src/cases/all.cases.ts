import * as tf from '@tf/graph';
import { defineCases, scalar, t } from '../case.js';
import { rawOp } from './helpers.js';

/**
 * Attrs: `axis` (number, list, or null for all axes), `keepDims`, `axisAtRunTime` and `raw` (create
 * the op directly, as a GraphDef import would). Bool only; no gradient.
 */
export default defineCases({
  op: 'All',
  build: ({ input }, { axis = null, keepDims = false, axisAtRunTime = false, raw = false }) =>
    raw
      ? rawOp(tf.All, [input, tf.constant(axis ?? 0, 'int32')], { keepDims })[0]!
      : tf.reduceAll(input, axisAtRunTime ? tf.placeholderWithDefault(tf.constant(axis, 'int32'), null) : axis, keepDims),
  cases: [
    { name: 'basic [2,3] axis 1', inputs: { input: t([true, true, true, true, false, true], [2, 3]) }, attrs: { axis: 1 }, expected: t([true, false]) },
    { name: 'axis 0', inputs: { input: t([true, true, false, true, false, true], [2, 3]) }, attrs: { axis: 0 }, expected: t([true, false, false]) },
    { name: 'all axes', inputs: { input: t([true, true, true, true], [2, 2]) }, expected: scalar(true) },
    { name: 'scalar input', inputs: { input: scalar(false) }, expected: scalar(false) },
    { name: 'empty axis list keeps the input', inputs: { input: t([true, false], [2]) }, attrs: { axis: [] }, expected: t([true, false]) },
    { name: 'size-1 dims', inputs: { input: t([true, false, true], [1, 3, 1]) }, attrs: { axis: [0, 2] }, expected: t([true, false, true]) },
    { name: 'negative axes, keepDims', inputs: { input: t([true, true, false, true, true, true], [2, 3]) }, attrs: { axis: [-1], keepDims: true }, expected: t([false, true], [2, 1]) },
    { name: 'rank 3, non-adjacent axes', inputs: { input: t([true, true, true, false, true, true, true, true], [2, 2, 2]) }, attrs: { axis: [0, 2] }, expected: t([true, false]) },
    { name: 'axes at run time', inputs: { input: t([true, true, true, true, false, true], [2, 3]) }, attrs: { axis: [1], axisAtRunTime: true }, expected: t([true, false]) },
    { name: 'zero-size, reducing the empty axis gives true', inputs: { input: t([], [0, 3], 'bool') }, attrs: { axis: 0 }, expected: t([true, true, true]) },
    { name: 'zero-size, reducing another axis stays empty', inputs: { input: t([], [0, 3], 'bool') }, attrs: { axis: 1 }, expected: t([], [0], 'bool') },
    { name: 'zero-size, all axes', inputs: { input: t([], [2, 0], 'bool') }, expected: scalar(true) },
    {
      name: 'axis out of range is a ValueError',
      inputs: { input: t([true, false], [2]) },
      attrs: { axis: 1 },
      throws: { type: 'ValueError', message: /Invalid reduction dimension 1 for input with 1 dimensions.*op: 'All'/, when: 'build' },
    },
    {
      name: 'axis out of range at run time is an InvalidArgumentError',
      inputs: { input: t([true, false], [2]) },
      attrs: { axis: -2, axisAtRunTime: true },
      throws: { type: 'InvalidArgumentError', message: 'Invalid reduction dimension -2', when: 'run' },
    },
    { name: 'float input is a TypeError', inputs: { input: t([1, 0]) }, throws: { type: 'TypeError', message: 'DataType float32 not in list of allowed values', when: 'build' } },
    { name: 'raw op with float32 input is a TypeError', inputs: { input: t([1, 0]) }, attrs: { raw: true }, throws: { type: 'TypeError', message: 'DataType float32 not in list of allowed values', when: 'build' } },
    { name: 'int32 input is a TypeError', inputs: { input: t([1, 0], [2], 'int32') }, throws: { type: 'TypeError', when: 'build' } },
  ],
});
