import * as tf from '@tf/graph';
import { defineCases, randomData, scalar, t } from '../case.js';
import { unaryGradCommonCases } from './helpers.js';

// TF's SigmoidGrad: `dy · y · (1 - y)` for y = sigmoid(x) (Sigmoid's gradient).
// Both inputs have one shape (no broadcasting). The gradient checks differentiate the helper op
// itself, i.e. they check TF's second-order gradient of Sigmoid with respect to y and dy.
export default defineCases({
  op: 'SigmoidGrad',
  build: ({ y, dy }) => tf.sigmoidGrad(y, dy),
  cases: [
    { name: 'basic', inputs: { y: t([0.5, 0.25, 0, 1], [2, 2]), dy: t([4, 4, 3, 3], [2, 2]) }, expected: t([1, 0.75, 0, 0], [2, 2]) },
    { name: 'scalar', inputs: { y: scalar(0.5), dy: scalar(2) }, expected: scalar(0.5) },
    { name: 'size-1 dims', inputs: { y: t([0.5], [1, 1]), dy: t([2], [1, 1]) }, expected: t([0.5], [1, 1]) },
    { name: 'float64', inputs: { y: t([0.5], [1], 'float64'), dy: t([2], [1], 'float64') }, expected: t([0.5], [1], 'float64') },
    {
      name: 'NaN and ±Inf',
      inputs: { y: t([Number.NaN, 0.5, Infinity, 0.5]), dy: t([1, Number.NaN, 1, Infinity]) },
      expected: t([Number.NaN, Number.NaN, -Infinity, Infinity]),
    },
    ...unaryGradCommonCases('SigmoidGrad'),
    {
      name: 'grad [3,4]',
      inputs: { y: randomData([3, 4], { seed: 641, low: 0, high: 1 }), dy: randomData([3, 4], { seed: 642 }) },
      gradCheck: true,
    },
    { name: 'grad scalar', inputs: { y: scalar(0.5), dy: scalar(-0.75) }, gradCheck: true },
    {
      name: 'grad size-1 dims',
      inputs: { y: randomData([1, 3, 1], { seed: 643, low: 0, high: 1 }), dy: randomData([1, 3, 1], { seed: 644 }) },
      gradCheck: true,
    },
  ],
});
