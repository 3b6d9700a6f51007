import * as tf from '@tf/graph';
import { defineCases, randomData, scalar, t } from '../case.js';

export default defineCases({
  op: 'Maximum',
  build: ({ x, y }) => tf.maximum(x, y),
  cases: [
    { name: 'basic', inputs: { x: t([1, 5, -3, 4], [2, 2]), y: t([2, 4, -4, 4], [2, 2]) }, expected: t([2, 5, -3, 4], [2, 2]) },
    { name: 'broadcast scalar', inputs: { x: t([-1, 0, 1]), y: scalar(0) }, expected: t([0, 0, 1]) },
    { name: 'broadcast [2,1] and [1,2]', inputs: { x: t([1, 3], [2, 1]), y: t([2, 0], [1, 2]) }, expected: t([2, 1, 3, 3], [2, 2]) },
    { name: 'int32', inputs: { x: t([1, -5], [2], 'int32'), y: t([0, -2], [2], 'int32') }, expected: t([1, -2], [2], 'int32') },
    // NaN propagates (TF 2.x kernels and NumPy's np.maximum); infinities order as usual.
    {
      name: 'NaN and ±Inf',
      inputs: { x: t([Number.NaN, 1, Infinity, -Infinity]), y: t([1, Number.NaN, 5, 5]) },
      expected: t([Number.NaN, Number.NaN, Infinity, 5]),
    },
    { name: 'zero-size', inputs: { x: t([], [0, 2]), y: t([1, 2]) }, expected: t([], [0, 2]) },
    {
      name: 'incompatible shapes is a ValueError',
      inputs: { x: t([1, 2]), y: t([1, 2, 3]) },
      throws: { type: 'ValueError', message: "(op: 'Maximum')", when: 'build' },
    },
    { name: 'mixed dtypes is a TypeError', inputs: { x: t([1]), y: t([1], [1], 'int32') }, throws: { type: 'TypeError', when: 'build' } },
    {
      name: 'grad same shape [3,4]',
      inputs: { x: randomData([3, 4], { seed: 71 }), y: randomData([3, 4], { seed: 72 }) },
      gradCheck: true,
    },
    {
      name: 'grad broadcast [2,3] and [3]',
      inputs: { x: randomData([2, 3], { seed: 73 }), y: randomData([3], { seed: 74 }) },
      gradCheck: true,
    },
    {
      name: 'grad broadcast [2,1] and [1,3]',
      inputs: { x: randomData([2, 1], { seed: 75 }), y: randomData([1, 3], { seed: 76 }) },
      gradCheck: true,
    },
  ],
});
