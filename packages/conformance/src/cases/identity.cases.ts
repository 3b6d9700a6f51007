import * as tf from '@tf/graph';
import { defineCases, randomData, scalar, t } from '../case.js';

export default defineCases({
  op: 'Identity',
  build: ({ input }) => tf.identity(input),
  cases: [
    { name: 'float32', inputs: { input: t([1, -2, 3.5, 0], [2, 2]) }, expected: t([1, -2, 3.5, 0], [2, 2]) },
    { name: 'scalar', inputs: { input: scalar(7) }, expected: scalar(7) },
    { name: 'int32', inputs: { input: t([1, -2], [2], 'int32') }, expected: t([1, -2], [2], 'int32') },
    { name: 'bool', inputs: { input: t([true, false]) }, expected: t([true, false]) },
    { name: 'float64', inputs: { input: t([0.1], [1], 'float64') }, expected: t([0.1], [1], 'float64') },
    {
      name: 'NaN and ±Inf pass through',
      inputs: { input: t([Number.NaN, Infinity, -Infinity]) },
      expected: t([Number.NaN, Infinity, -Infinity]),
    },
    { name: 'zero-size', inputs: { input: t([], [3, 0]) }, expected: t([], [3, 0]) },
    { name: 'grad [3,4]', inputs: { input: randomData([3, 4], { seed: 181 }) }, gradCheck: true },
    { name: 'grad scalar', inputs: { input: scalar(1.5) }, gradCheck: true },
    { name: 'grad size-1 dims', inputs: { input: randomData([1, 2, 1], { seed: 182 }) }, gradCheck: true },
  ],
});
