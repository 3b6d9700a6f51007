import * as tf from '@tf/graph';
import { defineCases, t } from '../case.js';
import { comparisonCases } from './compare-helpers.js';

// NotDifferentiable (bool output), as in TF: no gradient checks. The answers below are for the
// inputs listed in `comparisonCases`.
export default defineCases({
  op: 'Greater',
  build: ({ x, y }) => tf.greater(x, y),
  cases: [
    ...comparisonCases('Greater', {
      basic: [false, false, true, false],
      broadcast: [false, false, false, true, false, false],
      scalarAndTensor: [true, false, false],
      size1Dims: [false, false],
      int32: [false, false, true],
      nanAndInf: [false, false, false, false, false, true],
    }),
    { name: 'bool inputs is a TypeError', inputs: { x: t([true]), y: t([false]) }, throws: { type: 'TypeError', when: 'build' } },
  ],
});
