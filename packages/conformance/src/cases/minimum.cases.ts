import * as tf from '@tf/graph';
import { defineCases, randomData, scalar, t } from '../case.js';

export default defineCases({
  op: 'Minimum',
  build: ({ x, y }) => tf.minimum(x, y),
  cases: [
    { name: 'basic', inputs: { x: t([1, 5, -3, 4], [2, 2]), y: t([2, 4, -4, 4], [2, 2]) }, expected: t([1, 4, -4, 4], [2, 2]) },
    { name: 'broadcast scalar', inputs: { x: t([-1, 0, 1]), y: scalar(0) }, expected: t([-1, 0, 0]) },
    { name: 'size-1 dims', inputs: { x: t([1, 3], [2, 1]), y: t([2, 0], [1, 2]) }, expected: t([1, 0, 2, 0], [2, 2]) },
    { name: 'int32', inputs: { x: t([1, -5], [2], 'int32'), y: t([0, -2], [2], 'int32') }, expected: t([0, -5], [2], 'int32') },
    {
      name: 'NaN and ±Inf',
      inputs: { x: t([Number.NaN, 1, Infinity, -Infinity]), y: t([1, Number.NaN, 5, 5]) },
      expected: t([Number.NaN, Number.NaN, 5, -Infinity]),
    },
    { name: 'zero-size', inputs: { x: t([], [0]), y: scalar(1) }, expected: t([], [0]) },
    {
      name: 'incompatible shapes is a ValueError',
      inputs: { x: t([1, 2]), y: t([1, 2, 3]) },
      throws: { type: 'ValueError', message: "(op: 'Minimum')", when: 'build' },
    },
    { name: 'bool inputs is a TypeError', inputs: { x: t([true]), y: t([false]) }, throws: { type: 'TypeError', when: 'build' } },
    {
      name: 'grad same shape [3,4]',
      inputs: { x: randomData([3, 4], { seed: 81 }), y: randomData([3, 4], { seed: 82 }) },
      gradCheck: true,
    },
    {
      name: 'grad broadcast [2,3] and [3]',
      inputs: { x: randomData([2, 3], { seed: 83 }), y: randomData([3], { seed: 84 }) },
      gradCheck: true,
    },
    { name: 'grad broadcast scalar and [2,2]', inputs: { x: scalar(0.125), y: randomData([2, 2], { seed: 85 }) }, gradCheck: true },
  ],
});
