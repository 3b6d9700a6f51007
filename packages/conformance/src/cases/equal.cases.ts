import * as tf from '@tf/graph';
import { defineCases, t } from '../case.js';
import { comparisonCases } from './compare-helpers.js';

// NotDifferentiable (bool output), as in TF: no gradient checks. The answers below are for the
// inputs listed in `comparisonCases`.
export default defineCases({
  op: 'Equal',
  build: ({ x, y }) => tf.equal(x, y),
  cases: [
    ...comparisonCases('Equal', {
      basic: [true, false, false, true],
      broadcast: [false, false, false, false, true, false],
      scalarAndTensor: [false, true, false],
      size1Dims: [false, true],
      int32: [false, true, false],
      nanAndInf: [false, false, false, true, true, false],
    }),
    { name: 'bool', inputs: { x: t([true, true, false]), y: t([true, false, false]) }, expected: t([true, false, true]) },
  ],
});
