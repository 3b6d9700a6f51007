import * as tf from '@tf/graph';
import { defineCases, t } from '../case.js';
import { check, randomOpBuild, randomOpCommonCases, summarize } from './helpers.js';

/** See random-uniform.cases.ts. `tf.randomNormal` builds RandomStandardNormal (then scales and shifts). */
export default defineCases({
  op: 'RandomStandardNormal',
  build: randomOpBuild(tf.randomNormal),
  cases: [
    {
      name: 'moments of 10000 samples',
      inputs: { shape: t([100, 100], [2], 'int32') },
      attrs: { seed: 11 },
      check: (out) => {
        check(out.shape.join(',') === '100,100', `shape [100,100], got [${out.shape}]`);
        const { mean, std, min, max } = summarize(out);
        check(Math.abs(mean) < 0.04, `mean ≈ 0, got ${mean}`);
        check(Math.abs(std - 1) < 0.04, `std ≈ 1, got ${std}`);
        check(
          min < -3 && max > 3 && Number.isFinite(min) && Number.isFinite(max),
          `tails reach beyond ±3 and stay finite, got [${min}, ${max}]`,
        );
      },
    },
    {
      name: 'float64',
      inputs: { shape: t([100], [1], 'int32') },
      attrs: { seed: 5, dtype: 'float64' },
      check: (out) => check(out.dtype === 'float64' && out.data.every(Number.isFinite), 'finite float64 samples'),
    },
    ...randomOpCommonCases(),
  ],
});
