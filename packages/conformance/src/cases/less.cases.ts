import * as tf from '@tf/graph';
import { defineCases, t } from '../case.js';
import { comparisonCases } from './compare-helpers.js';

// NotDifferentiable (bool output), as in TF: no gradient checks. The answers below are for the
// inputs listed in `comparisonCases`.
export default defineCases({
  op: 'Less',
  build: ({ x, y }) => tf.less(x, y),
  cases: [
    ...comparisonCases('Less', {
      basic: [false, true, false, false],
      broadcast: [true, true, true, false, false, true],
      scalarAndTensor: [false, false, true],
      size1Dims: [true, false],
      int32: [true, false, false],
      nanAndInf: [false, false, false, false, false, false],
    }),
    { name: 'bool inputs is a TypeError', inputs: { x: t([true]), y: t([false]) }, throws: { type: 'TypeError', when: 'build' } },
  ],
});
