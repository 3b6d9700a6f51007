import * as tf from '@tf/graph';
import { opDef } from '@tf/graph/backend';
import cumsums from '../../fixtures/cumsum.json' with { type: 'json' };
import { defineCases, fixtureCases, randomData, scalar, t } from '../case.js';
import { rawOp } from './helpers.js';

/**
 * Attrs: `axis` (default 0), `exclusive`, `reverse`, `axisAtRunTime` (the axis goes through a
 * PlaceholderWithDefault, so it is only checked when the session runs) and `raw` (create the op
 * directly, as a GraphDef import would).
 */
export default defineCases({
  op: 'Cumsum',
  build: ({ x }, { axis = 0, exclusive = false, reverse = false, axisAtRunTime = false, raw = false }) =>
    raw
      ? rawOp(opDef('Cumsum'), [x, tf.constant(axis, 'int32')], { exclusive, reverse })[0]!
      : tf.cumsum(x, axisAtRunTime ? tf.placeholderWithDefault(tf.constant(axis, 'int32'), []) : axis, exclusive, reverse),
  cases: [
    { name: 'basic vector', inputs: { x: t([1, 2, 3, 4]) }, expected: t([1, 3, 6, 10]) },
    { name: 'exclusive', inputs: { x: t([1, 2, 3, 4]) }, attrs: { exclusive: true }, expected: t([0, 1, 3, 6]) },
    { name: 'reverse', inputs: { x: t([1, 2, 3, 4]) }, attrs: { reverse: true }, expected: t([10, 9, 7, 4]) },
    { name: 'exclusive and reverse', inputs: { x: t([1, 2, 3, 4]) }, attrs: { exclusive: true, reverse: true }, expected: t([9, 7, 4, 0]) },
    { name: '[2,3] axis 0', inputs: { x: t([1, 2, 3, 4, 5, 6], [2, 3]) }, attrs: { axis: 0 }, expected: t([1, 2, 3, 5, 7, 9], [2, 3]) },
    {
      name: '[2,3] negative axis',
      inputs: { x: t([1, 2, 3, 4, 5, 6], [2, 3]) },
      attrs: { axis: -1 },
      expected: t([1, 3, 6, 4, 9, 15], [2, 3]),
    },
    ...fixtureCases(cumsums, 'Cumsum', ['x']),
    { name: 'size-1 dims', inputs: { x: t([1, 2, 3], [1, 3, 1]) }, attrs: { axis: 2, exclusive: true }, expected: t([0, 0, 0], [1, 3, 1]) },
    { name: 'size-1 axis is the identity', inputs: { x: t([1, 2, 3], [1, 3]) }, attrs: { axis: 0 }, expected: t([1, 2, 3], [1, 3]) },
    {
      name: 'axis at run time',
      inputs: { x: t([1, 2, 3, 4, 5, 6], [2, 3]) },
      attrs: { axis: 1, reverse: true, axisAtRunTime: true },
      expected: t([6, 5, 3, 15, 11, 6], [2, 3]),
    },
    {
      name: 'int32 (wraps)',
      inputs: { x: t([2147483647, 1, 5], [3], 'int32') },
      expected: t([2147483647, -2147483648, -2147483643], [3], 'int32'),
    },
    {
      name: 'float64',
      inputs: { x: t([0.1, 0.2, 0.3], [3], 'float64') },
      expected: t([0.1, 0.30000000000000004, 0.6000000000000001], [3], 'float64'),
    },
    { name: 'NaN propagates forward', inputs: { x: t([1, Number.NaN, 2, 3]) }, expected: t([1, Number.NaN, Number.NaN, Number.NaN]) },
    {
      name: 'NaN propagates backward with reverse',
      inputs: { x: t([1, Number.NaN, 2, 3]) },
      attrs: { reverse: true },
      expected: t([Number.NaN, Number.NaN, 5, 3]),
    },
    { name: '±Inf', inputs: { x: t([1, Infinity, 2, -Infinity]) }, expected: t([1, Infinity, Infinity, Number.NaN]) },
    { name: 'zero-size along the axis', inputs: { x: t([], [0, 3]) }, attrs: { axis: 0 }, expected: t([], [0, 3]) },
    { name: 'zero-size along another axis', inputs: { x: t([], [2, 0]) }, attrs: { axis: 0, exclusive: true }, expected: t([], [2, 0]) },
    {
      name: 'axis out of range is a ValueError',
      inputs: { x: t([1, 2, 3, 4], [2, 2]) },
      attrs: { axis: 2 },
      throws: { type: 'ValueError', message: /Expected scan axis in the range \[-2, 2\), but got 2.*op: 'Cumsum'/, when: 'build' },
    },
    {
      name: 'negative axis out of range at run time is an InvalidArgumentError',
      inputs: { x: t([1, 2, 3, 4], [2, 2]) },
      attrs: { axis: -3, axisAtRunTime: true },
      throws: { type: 'InvalidArgumentError', message: /Expected scan axis in the range \[-2, 2\), but got -3.*op: 'Cumsum'/, when: 'run' },
    },
    {
      name: 'scalar input has no axis',
      inputs: { x: scalar(1) },
      throws: { type: 'ValueError', message: 'Expected scan axis in the range [0, 0)', when: 'build' },
    },
    { name: 'bool input is a TypeError', inputs: { x: t([true, false]) }, throws: { type: 'TypeError', when: 'build' } },
    {
      name: 'raw op with bool input is a TypeError',
      inputs: { x: t([true, false]) },
      attrs: { raw: true },
      throws: { type: 'TypeError', message: 'DataType bool not in list of allowed values', when: 'build' },
    },
    { name: 'grad [2,3,4] axis 1', inputs: { x: randomData([2, 3, 4], { seed: 241 }) }, attrs: { axis: 1 }, gradCheck: true },
    {
      name: 'grad [2,3,4] axis -1 exclusive reverse',
      inputs: { x: randomData([2, 3, 4], { seed: 242 }) },
      attrs: { axis: -1, exclusive: true, reverse: true },
      gradCheck: true,
    },
    { name: 'grad [5] exclusive', inputs: { x: randomData([5], { seed: 243 }) }, attrs: { exclusive: true }, gradCheck: true },
    { name: 'grad [3,1] reverse', inputs: { x: randomData([3, 1], { seed: 244 }) }, attrs: { reverse: true }, gradCheck: true },
    {
      name: 'grad axis at run time',
      inputs: { x: randomData([2, 3], { seed: 245 }) },
      attrs: { axis: 1, axisAtRunTime: true },
      gradCheck: true,
    },
  ],
});
