import * as tf from '@tf/graph';
import { defineCases, randomData, scalar, t } from '../case.js';
import { unaryGradCommonCases } from './helpers.js';

// TF's SqrtGrad: `dy · 0.5 / y` for y = sqrt(x) (Sqrt's gradient).
// Both inputs have one shape (no broadcasting). The gradient checks differentiate the helper op
// itself, i.e. they check TF's second-order gradient of Sqrt with respect to y and dy.
export default defineCases({
  op: 'SqrtGrad',
  build: ({ y, dy }) => tf.sqrtGrad(y, dy),
  cases: [
    { name: 'basic', inputs: { y: t([1, 2, 0.5, 4], [2, 2]), dy: t([1, 4, -1, 8], [2, 2]) }, expected: t([0.5, 1, -1, 1], [2, 2]) },
    { name: 'scalar', inputs: { y: scalar(0.25), dy: scalar(2) }, expected: scalar(4) },
    { name: 'size-1 dims', inputs: { y: t([0.25], [1, 1]), dy: t([2], [1, 1]) }, expected: t([4], [1, 1]) },
    { name: 'float64', inputs: { y: t([0.25], [1], 'float64'), dy: t([2], [1], 'float64') }, expected: t([4], [1], 'float64') },
    {
      name: 'y = 0 gives ±Inf, NaN propagates',
      inputs: { y: t([0, 0, Number.NaN, 1, Infinity]), dy: t([1, -1, 1, Number.NaN, 1]) },
      expected: t([Infinity, -Infinity, Number.NaN, Number.NaN, 0]),
    },
    ...unaryGradCommonCases('SqrtGrad'),
    {
      name: 'grad [3,4]',
      inputs: { y: randomData([3, 4], { seed: 601, low: 0.25, high: 4 }), dy: randomData([3, 4], { seed: 602 }) },
      gradCheck: true,
    },
    { name: 'grad scalar', inputs: { y: scalar(0.25), dy: scalar(-0.75) }, gradCheck: true },
    {
      name: 'grad size-1 dims',
      inputs: { y: randomData([1, 3, 1], { seed: 603, low: 0.25, high: 4 }), dy: randomData([1, 3, 1], { seed: 604 }) },
      gradCheck: true,
    },
  ],
});
