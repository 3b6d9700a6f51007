import * as tf from '@tf/graph';
import { defineCases, randomData, scalar, t } from '../case.js';

export default defineCases({
  op: 'DivNoNan',
  build: ({ x, y }) => tf.divNoNan(x, y),
  cases: [
    { name: 'basic', inputs: { x: t([1, 6, -3, 5], [2, 2]), y: t([2, 3, 4, -8], [2, 2]) }, expected: t([0.5, 2, -0.75, -0.625], [2, 2]) },
    {
      name: 'zero divisor gives 0',
      inputs: { x: t([1, -1, 0, Number.NaN, Infinity]), y: t([0, 0, 0, 0, -0]) },
      expected: t([0, 0, 0, 0, 0]),
    },
    { name: 'broadcast [2,2] by [2]', inputs: { x: t([1, 2, 3, 4], [2, 2]), y: t([0, 2]) }, expected: t([0, 1, 0, 2], [2, 2]) },
    { name: 'size-1 dims', inputs: { x: t([3], [1, 1]), y: t([3, 0], [1, 2]) }, expected: t([1, 0], [1, 2]) },
    {
      name: 'NaN and ±Inf (nonzero divisor)',
      inputs: { x: t([Number.NaN, Infinity, 1]), y: t([1, 2, Infinity]) },
      expected: t([Number.NaN, Infinity, 0]),
    },
    { name: 'zero-size', inputs: { x: t([], [0]), y: scalar(2) }, expected: t([], [0]) },
    {
      name: 'int32 is a TypeError',
      inputs: { x: t([1], [1], 'int32'), y: t([1], [1], 'int32') },
      throws: { type: 'TypeError', when: 'build' },
    },
    {
      name: 'incompatible shapes is a ValueError',
      inputs: { x: t([1, 2]), y: t([1, 2, 3]) },
      throws: { type: 'ValueError', message: "(op: 'DivNoNan')", when: 'build' },
    },
    {
      name: 'grad same shape [3,4]',
      inputs: { x: randomData([3, 4], { seed: 101 }), y: randomData([3, 4], { seed: 102, low: 0.5, high: 2 }) },
      gradCheck: true,
    },
    {
      name: 'grad broadcast [2,3] by [3]',
      inputs: { x: randomData([2, 3], { seed: 103 }), y: randomData([3], { seed: 104, low: 0.5, high: 2 }) },
      gradCheck: true,
    },
    {
      name: 'grad broadcast [2,1] by [1,3]',
      inputs: { x: randomData([2, 1], { seed: 105 }), y: randomData([1, 3], { seed: 106, low: -2, high: -0.5 }) },
      gradCheck: true,
    },
  ],
});
