import * as tf from '@tf/graph';
import { defineCases, randomData, scalar, t } from '../case.js';
import { unaryGradCommonCases } from './helpers.js';

// TF's TanhGrad: `dy · (1 - y²)` for y = tanh(x) (Tanh's gradient).
// Both inputs have one shape (no broadcasting). The gradient checks differentiate the helper op
// itself, i.e. they check TF's second-order gradient of Tanh with respect to y and dy.
export default defineCases({
  op: 'TanhGrad',
  build: ({ y, dy }) => tf.tanhGrad(y, dy),
  cases: [
    { name: 'basic', inputs: { y: t([0, 0.5, -0.5, 1], [2, 2]), dy: t([1, 4, -4, 3], [2, 2]) }, expected: t([1, 3, -3, 0], [2, 2]) },
    { name: 'scalar', inputs: { y: scalar(0.5), dy: scalar(2) }, expected: scalar(1.5) },
    { name: 'size-1 dims', inputs: { y: t([0.5], [1, 1]), dy: t([2], [1, 1]) }, expected: t([1.5], [1, 1]) },
    { name: 'float64', inputs: { y: t([0.5], [1], 'float64'), dy: t([2], [1], 'float64') }, expected: t([1.5], [1], 'float64') },
    {
      name: 'NaN and ±Inf',
      inputs: { y: t([Number.NaN, 0.5, Infinity, 1]), dy: t([1, Number.NaN, 1, Infinity]) },
      expected: t([Number.NaN, Number.NaN, -Infinity, Number.NaN]),
    },
    ...unaryGradCommonCases('TanhGrad'),
    {
      name: 'grad [3,4]',
      inputs: { y: randomData([3, 4], { seed: 631, low: -1, high: 1 }), dy: randomData([3, 4], { seed: 632 }) },
      gradCheck: true,
    },
    { name: 'grad scalar', inputs: { y: scalar(0.5), dy: scalar(-0.75) }, gradCheck: true },
    {
      name: 'grad size-1 dims',
      inputs: { y: randomData([1, 3, 1], { seed: 633, low: -1, high: 1 }), dy: randomData([1, 3, 1], { seed: 634 }) },
      gradCheck: true,
    },
  ],
});
