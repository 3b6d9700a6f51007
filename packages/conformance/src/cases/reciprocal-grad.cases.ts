import * as tf from '@tf/graph';
import { defineCases, randomData, scalar, t } from '../case.js';
import { unaryGradCommonCases } from './helpers.js';

// TF's ReciprocalGrad: `-dy · y²` for y = 1/x (Reciprocal's gradient).
// Both inputs have one shape (no broadcasting). The gradient checks differentiate the helper op
// itself, i.e. they check TF's second-order gradient of Reciprocal with respect to y and dy.
export default defineCases({
  op: 'ReciprocalGrad',
  build: ({ y, dy }) => tf.reciprocalGrad(y, dy),
  cases: [
    { name: 'basic', inputs: { y: t([1, 2, 0.5, -3], [2, 2]), dy: t([1, 1, 8, 2], [2, 2]) }, expected: t([-1, -4, -2, -18], [2, 2]) },
    { name: 'scalar', inputs: { y: scalar(0.5), dy: scalar(2) }, expected: scalar(-0.5) },
    { name: 'size-1 dims', inputs: { y: t([0.5], [1, 1]), dy: t([2], [1, 1]) }, expected: t([-0.5], [1, 1]) },
    { name: 'float64', inputs: { y: t([0.5], [1], 'float64'), dy: t([2], [1], 'float64') }, expected: t([-0.5], [1], 'float64') },
    {
      name: 'NaN and ±Inf',
      inputs: { y: t([Number.NaN, 1, Infinity, -Infinity, 0]), dy: t([1, Number.NaN, 1, 1, Infinity]) },
      expected: t([Number.NaN, Number.NaN, -Infinity, -Infinity, Number.NaN]),
    },
    ...unaryGradCommonCases('ReciprocalGrad'),
    {
      name: 'grad [3,4]',
      inputs: { y: randomData([3, 4], { seed: 621, low: -2, high: 2 }), dy: randomData([3, 4], { seed: 622 }) },
      gradCheck: true,
    },
    { name: 'grad scalar', inputs: { y: scalar(0.5), dy: scalar(-0.75) }, gradCheck: true },
    {
      name: 'grad size-1 dims',
      inputs: { y: randomData([1, 3, 1], { seed: 623, low: -2, high: 2 }), dy: randomData([1, 3, 1], { seed: 624 }) },
      gradCheck: true,
    },
  ],
});
