import * as tf from '@tf/graph';
import { defineCases, t } from '../case.js';
import { comparisonCases } from './compare-helpers.js';

// NotDifferentiable (bool output), as in TF: no gradient checks. The answers below are for the
// inputs listed in `comparisonCases`.
export default defineCases({
  op: 'LessEqual',
  build: ({ x, y }) => tf.lessEqual(x, y),
  cases: [
    ...comparisonCases('LessEqual', {
      basic: [true, true, false, true],
      broadcast: [true, true, true, false, true, true],
      scalarAndTensor: [false, true, true],
      size1Dims: [true, true],
      int32: [true, true, false],
      nanAndInf: [false, false, false, true, true, false],
    }),
    { name: 'bool inputs is a TypeError', inputs: { x: t([true]), y: t([false]) }, throws: { type: 'TypeError', when: 'build' } },
  ],
});
