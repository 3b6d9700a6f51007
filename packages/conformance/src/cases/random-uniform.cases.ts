import * as tf from '@tf/graph';
import { defineCases, t } from '../case.js';
import { check, randomOpBuild, randomOpCommonCases, summarize } from './helpers.js';

/**
 * Random values cannot be listed, so these cases use `check`: shape, range, moments, and TF's
 * seed rules. Attrs: see `randomOpBuild`.
 */
export default defineCases({
  op: 'RandomUniform',
  build: randomOpBuild(tf.randomUniform),
  cases: [
    {
      name: 'shape, range [0, 1) and moments of 10000 samples',
      inputs: { shape: t([100, 100], [2], 'int32') },
      attrs: { seed: 7 },
      check: (out) => {
        check(out.dtype === 'float32' && out.shape.join(',') === '100,100', `shape [100,100] float32, got [${out.shape}] ${out.dtype}`);
        const { mean, std, min, max } = summarize(out);
        check(min >= 0 && max < 1, `values in [0, 1), got [${min}, ${max}]`);
        check(Math.abs(mean - 0.5) < 0.015, `mean ≈ 0.5, got ${mean}`);
        check(Math.abs(std - Math.sqrt(1 / 12)) < 0.01, `std ≈ 0.2887, got ${std}`);
      },
    },
    {
      name: 'float64',
      inputs: { shape: t([1000], [1], 'int32') },
      attrs: { seed: 3, dtype: 'float64' },
      check: (out) => {
        const { min, max } = summarize(out);
        check(out.dtype === 'float64' && min >= 0 && max < 1, `float64 values in [0, 1), got ${out.dtype} [${min}, ${max}]`);
      },
    },
    ...randomOpCommonCases(),
  ],
});
