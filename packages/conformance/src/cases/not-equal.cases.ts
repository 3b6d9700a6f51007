import * as tf from '@tf/graph';
import { defineCases, t } from '../case.js';
import { comparisonCases } from './compare-helpers.js';

// NotDifferentiable (bool output), as in TF: no gradient checks. The answers below are for the
// inputs listed in `comparisonCases`.
export default defineCases({
  op: 'NotEqual',
  build: ({ x, y }) => tf.notEqual(x, y),
  cases: [
    ...comparisonCases('NotEqual', {
      basic: [false, true, true, false],
      broadcast: [true, true, true, true, false, true],
      scalarAndTensor: [true, false, true],
      size1Dims: [true, false],
      int32: [true, false, true],
    }),
    { name: 'float64', inputs: { x: t([0.1 + 0.2, 0.5], [2], 'float64'), y: t([0.3, 0.5], [2], 'float64') }, expected: t([true, false]) },
    { name: 'bool', inputs: { x: t([true, true, false]), y: t([true, false, false]) }, expected: t([false, true, false]) },
    // NaN is unequal to everything, itself included; infinities compare as numbers; -0 equals 0.
    {
      name: 'NaN, ±Inf and -0',
      inputs: {
        x: t([Number.NaN, Number.NaN, 1, Infinity, -Infinity, Infinity, -0]),
        y: t([Number.NaN, 1, Number.NaN, Infinity, -Infinity, -Infinity, 0]),
      },
      expected: t([true, true, true, false, false, true, false]),
    },
  ],
});
