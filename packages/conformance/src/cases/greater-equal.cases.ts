import * as tf from '@tf/graph';
import { defineCases, t } from '../case.js';
import { comparisonCases } from './compare-helpers.js';

// NotDifferentiable (bool output), as in TF: no gradient checks. The answers below are for the
// inputs listed in `comparisonCases`.
export default defineCases({
  op: 'GreaterEqual',
  build: ({ x, y }) => tf.greaterEqual(x, y),
  cases: [
    ...comparisonCases('GreaterEqual', {
      basic: [true, false, true, true],
      broadcast: [false, false, false, true, true, false],
      scalarAndTensor: [true, true, false],
      size1Dims: [false, true],
      int32: [false, true, true],
      nanAndInf: [false, false, false, true, true, true],
    }),
    { name: 'bool inputs is a TypeError', inputs: { x: t([true]), y: t([false]) }, throws: { type: 'TypeError', when: 'build' } },
  ],
});
