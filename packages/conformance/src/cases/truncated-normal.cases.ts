import * as tf from '@tf/graph';
import { defineCases, t } from '../case.js';
import { check, randomOpBuild, randomOpCommonCases, summarize } from './helpers.js';

/** See random-uniform.cases.ts. Samples beyond two standard deviations are redrawn. */
export default defineCases({
  op: 'TruncatedNormal',
  build: randomOpBuild(tf.truncatedNormal),
  cases: [
    {
      name: 'within two standard deviations, moments of 10000 samples',
      inputs: { shape: t([100, 100], [2], 'int32') },
      attrs: { seed: 13 },
      check: (out) => {
        const { mean, std, min, max } = summarize(out);
        check(min >= -2 && max <= 2, `values in [-2, 2], got [${min}, ${max}]`);
        check(Math.abs(mean) < 0.04, `mean ≈ 0, got ${mean}`);
        // The standard deviation of a standard normal truncated to [-2, 2] is 0.8796.
        check(Math.abs(std - 0.8796) < 0.03, `std ≈ 0.88, got ${std}`);
      },
    },
    {
      name: 'float64',
      inputs: { shape: t([100], [1], 'int32') },
      attrs: { seed: 5, dtype: 'float64' },
      check: (out) => {
        const { min, max } = summarize(out);
        check(out.dtype === 'float64' && min >= -2 && max <= 2, `float64 values in [-2, 2], got ${out.dtype} [${min}, ${max}]`);
      },
    },
    ...randomOpCommonCases(),
  ],
});
