import * as tf from '@tf/graph';
import { defineCases, randomData, scalar, t } from '../case.js';

export default defineCases({
  op: 'Sub',
  build: ({ x, y }) => tf.sub(x, y),
  cases: [
    { name: 'basic', inputs: { x: t([10, 20, 30, 40], [2, 2]), y: t([1, 2, 3, 4], [2, 2]) }, expected: t([9, 18, 27, 36], [2, 2]) },
    {
      name: 'broadcast row [2,3] - [3]',
      inputs: { x: t([1, 2, 3, 4, 5, 6], [2, 3]), y: t([1, 1, 1]) },
      expected: t([0, 1, 2, 3, 4, 5], [2, 3]),
    },
    {
      name: 'broadcast both [2,1] - [1,3]',
      inputs: { x: t([10, 20], [2, 1]), y: t([1, 2, 3], [1, 3]) },
      expected: t([9, 8, 7, 19, 18, 17], [2, 3]),
    },
    {
      name: 'broadcast lower rank on the left [3] - [2,3]',
      inputs: { x: t([10, 20, 30]), y: t([1, 2, 3, 4, 5, 6], [2, 3]) },
      expected: t([9, 18, 27, 6, 15, 24], [2, 3]),
    },
    { name: 'scalar - tensor', inputs: { x: scalar(1), y: t([1, 2, 3]) }, expected: t([0, -1, -2]) },
    { name: 'size-1 dims', inputs: { x: t([5], [1, 1]), y: t([1, 2], [1, 2]) }, expected: t([4, 3], [1, 2]) },
    {
      name: 'int32 (wraps)',
      inputs: { x: t([1, -2147483648], [2], 'int32'), y: t([2, 1], [2], 'int32') },
      expected: t([-1, 2147483647], [2], 'int32'),
    },
    {
      name: 'NaN and ±Inf',
      inputs: { x: t([Number.NaN, Infinity, Infinity, -Infinity]), y: t([1, 1, Infinity, Infinity]) },
      expected: t([Number.NaN, Infinity, Number.NaN, -Infinity]),
    },
    { name: 'zero-size', inputs: { x: t([], [0, 2]), y: t([1, 2]) }, expected: t([], [0, 2]) },
    {
      name: 'incompatible shapes is a ValueError',
      inputs: { x: t([1, 2, 3]), y: t([1, 2]) },
      throws: { type: 'ValueError', message: "(op: 'Sub')", when: 'build' },
    },
    { name: 'mixed dtypes is a TypeError', inputs: { x: t([1], [1], 'float64'), y: t([1]) }, throws: { type: 'TypeError', when: 'build' } },
    {
      name: 'grad same shape [3,4]',
      inputs: { x: randomData([3, 4], { seed: 41 }), y: randomData([3, 4], { seed: 42 }) },
      gradCheck: true,
    },
    {
      name: 'grad broadcast [2,3] - [3]',
      inputs: { x: randomData([2, 3], { seed: 43 }), y: randomData([3], { seed: 44 }) },
      gradCheck: true,
    },
    {
      name: 'grad broadcast [2,1] - [1,3]',
      inputs: { x: randomData([2, 1], { seed: 45 }), y: randomData([1, 3], { seed: 46 }) },
      gradCheck: true,
    },
    { name: 'grad scalar - [2,2]', inputs: { x: scalar(0.5), y: randomData([2, 2], { seed: 47 }) }, gradCheck: true },
  ],
});
