import * as tf from '@tf/graph';
import { defineCases, randomData, scalar, t } from '../case.js';
import { emptyUnaryCases } from './helpers.js';

export default defineCases({
  op: 'Neg',
  build: ({ x }) => tf.neg(x),
  cases: [
    { name: 'basic', inputs: { x: t([1, -2, 0, 3.5], [2, 2]) }, expected: t([-1, 2, -0, -3.5], [2, 2]) },
    { name: 'scalar', inputs: { x: scalar(5) }, expected: scalar(-5) },
    { name: 'size-1 dims', inputs: { x: t([1, -1, 2], [1, 3, 1]) }, expected: t([-1, 1, -2], [1, 3, 1]) },
    { name: 'int32', inputs: { x: t([1, -2, 0, 2147483647], [4], 'int32') }, expected: t([-1, 2, 0, -2147483647], [4], 'int32') },
    {
      name: 'int32 INT32_MIN wraps to itself',
      inputs: { x: t([5, -2147483648], [2], 'int32') },
      expected: t([-5, -2147483648], [2], 'int32'),
    },
    { name: 'float64', inputs: { x: t([0.1, -0.2], [2], 'float64') }, expected: t([-0.1, 0.2], [2], 'float64') },
    { name: 'NaN and ±Inf', inputs: { x: t([Number.NaN, Infinity, -Infinity]) }, expected: t([Number.NaN, -Infinity, Infinity]) },
    { name: 'unknown dims at build', inputs: { x: t([1, 2, 3], [3, 1]) }, placeholders: 'unknown-dims', expected: t([-1, -2, -3], [3, 1]) },
    ...emptyUnaryCases('x'),
    {
      name: 'bool input is a TypeError',
      inputs: { x: t([true, false]) },
      throws: { type: 'TypeError', message: 'DataType bool not in list of allowed values', when: 'build' },
    },
    { name: 'grad [3,4]', inputs: { x: randomData([3, 4], { seed: 1 }) }, gradCheck: true },
    { name: 'grad scalar', inputs: { x: scalar(0.75) }, gradCheck: true },
    { name: 'grad size-1 dims', inputs: { x: randomData([1, 3, 1], { seed: 2 }) }, gradCheck: true },
    { name: 'grad zero-size', inputs: { x: t([], [0, 2]) }, gradCheck: true },
  ],
});
