import * as tf from '@tf/graph';
import squaredDifferences from '../../fixtures/squared-difference.json' with { type: 'json' };
import { defineCases, fixtureCases, randomData, scalar, t } from '../case.js';

export default defineCases({
  op: 'SquaredDifference',
  build: ({ x, y }) => tf.squaredDifference(x, y),
  cases: [
    { name: 'basic', inputs: { x: t([1, 2, 3, 4], [2, 2]), y: t([4, 2, 1, -1], [2, 2]) }, expected: t([9, 0, 4, 25], [2, 2]) },
    {
      name: 'broadcast row [2,3] and [3]',
      inputs: { x: t([1, 2, 3, 4, 5, 6], [2, 3]), y: t([1, 1, 1]) },
      expected: t([0, 1, 4, 9, 16, 25], [2, 3]),
    },
    { name: 'scalar and tensor', inputs: { x: scalar(0.5), y: t([0, 1, 2.5]) }, expected: t([0.25, 0.25, 4]) },
    {
      name: 'size-1 dims [1,3,1] and [2,1,1]',
      inputs: { x: t([1, 2, 3], [1, 3, 1]), y: t([0, 3], [2, 1, 1]) },
      expected: t([1, 4, 9, 4, 1, 0], [2, 3, 1]),
    },
    {
      name: 'float64',
      inputs: { x: t([0.1], [1], 'float64'), y: t([0.3], [1], 'float64') },
      expected: t([0.039999999999999994], [1], 'float64'),
    },
    {
      name: 'int32 (wraps like C)',
      inputs: { x: t([3, 65536, -46341], [3], 'int32'), y: t([-2, 0, 0], [3], 'int32') },
      expected: t([25, 0, -2147479015], [3], 'int32'),
    },
    ...fixtureCases(squaredDifferences, 'SquaredDifference', ['x', 'y']),
    {
      name: 'NaN and ±Inf',
      inputs: { x: t([Number.NaN, Infinity, Infinity, 1, 1e30]), y: t([1, Infinity, -Infinity, -Infinity, -1e30]) },
      expected: t([Number.NaN, Number.NaN, Infinity, Infinity, Infinity]),
    },
    { name: 'zero-size [2,0] and [2,1]', inputs: { x: t([], [2, 0]), y: t([1, 2], [2, 1]) }, expected: t([], [2, 0]) },
    {
      name: 'incompatible shapes is a ValueError',
      inputs: { x: t([1, 2, 3]), y: t([1, 2]) },
      throws: { type: 'ValueError', message: "(op: 'SquaredDifference')", when: 'build' },
    },
    { name: 'mixed dtypes is a TypeError', inputs: { x: t([1]), y: t([1], [1], 'int32') }, throws: { type: 'TypeError', when: 'build' } },
    { name: 'bool inputs is a TypeError', inputs: { x: t([true]), y: t([false]) }, throws: { type: 'TypeError', when: 'build' } },
    {
      name: 'grad same shape [3,4]',
      inputs: { x: randomData([3, 4], { seed: 501 }), y: randomData([3, 4], { seed: 502 }) },
      gradCheck: true,
    },
    {
      name: 'grad broadcast [2,3] and [3]',
      inputs: { x: randomData([2, 3], { seed: 503 }), y: randomData([3], { seed: 504 }) },
      gradCheck: true,
    },
    {
      name: 'grad broadcast [2,1] and [1,3]',
      inputs: { x: randomData([2, 1], { seed: 505 }), y: randomData([1, 3], { seed: 506 }) },
      gradCheck: true,
    },
    { name: 'grad scalar and [2,2]', inputs: { x: scalar(-0.5), y: randomData([2, 2], { seed: 507 }) }, gradCheck: true },
    {
      name: 'grad broadcast with unknown dims',
      inputs: { x: randomData([2, 1], { seed: 508 }), y: randomData([1, 3], { seed: 509 }) },
      placeholders: 'unknown-dims',
      gradCheck: true,
    },
  ],
});
