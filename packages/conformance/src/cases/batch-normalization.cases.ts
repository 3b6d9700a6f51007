import * as tf from '@tf/graph';
import batchNormalizations from '../../fixtures/batch-normalization.json' with { type: 'json' };
import { defineCases, fixtureCases, randomData, scalar, t } from '../case.js';
import { empty } from './helpers.js';

const A = 0.9995003746877732; // 1 / sqrt(1 + 0.001)

/**
 * `tf.nn.batchNormalization(x, mean, variance, offset, scale, varianceEpsilon)`, a composite (TF 1.x:
 * `x · inv + (offset - mean · inv)`, `inv = rsqrt(variance + epsilon) · scale`). Attrs: `epsilon` (default 0.001); `offset`/`scale` false pass null.
 */
export default defineCases({
  op: 'batchNormalization',
  composite: true,
  build: ({ x, mean, variance, offset, scale }, { epsilon = 0.001, offset: withOffset = true, scale: withScale = true }) =>
    tf.nn.batchNormalization(x, mean, variance, withOffset ? offset : null, withScale ? scale : null, epsilon),
  cases: [
    {
      name: 'basic',
      inputs: { x: t([1, 3, 5, 7], [2, 2]), mean: t([2, 4]), variance: t([1, 4]), offset: t([0, 1]), scale: t([1, 2]) },
      expected: t([-A, 1 - 2 / Math.sqrt(4.001), 3 * A, 1 + 6 / Math.sqrt(4.001)], [2, 2]),
    },
    ...fixtureCases(batchNormalizations, 'batchNormalization', ['x', 'mean', 'variance', 'offset', 'scale']),
    {
      name: 'float64',
      inputs: {
        x: t([3], [1, 1], 'float64'),
        mean: t([2], [1], 'float64'),
        variance: t([1], [1], 'float64'),
        offset: t([0], [1], 'float64'),
        scale: t([1], [1], 'float64'),
      },
      expected: t([A], [1, 1], 'float64'),
      tolerance: { rtol: 1e-12 },
    },
    {
      name: 'NaN and Inf propagate',
      inputs: { x: t([Number.NaN, Infinity], [1, 2]), mean: t([0, 0]), variance: t([1, 1]), offset: t([0, 0]), scale: t([1, 1]) },
      expected: t([Number.NaN, Infinity], [1, 2]),
    },
    {
      name: 'zero-size',
      inputs: { x: empty([0, 3]), mean: t([0, 0, 0]), variance: t([1, 1, 1]), offset: t([0, 0, 0]), scale: t([1, 1, 1]) },
      expected: empty([0, 3]),
    },
    {
      name: 'incompatible shapes is a ValueError',
      inputs: { x: t([1, 2, 3], [1, 3]), mean: t([0, 0]), variance: t([1, 1]), offset: t([0, 0]), scale: t([1, 1]) },
      throws: { type: 'ValueError', when: 'build' },
    },
    {
      name: 'int32 is a TypeError',
      inputs: {
        x: t([1], [1], 'int32'),
        mean: scalar(0, 'int32'),
        variance: scalar(1, 'int32'),
        offset: scalar(0, 'int32'),
        scale: scalar(1, 'int32'),
      },
      throws: { type: 'TypeError', when: 'build' },
    },
    {
      name: 'grad [3,4] per-column statistics',
      inputs: {
        x: randomData([3, 4], { seed: 761 }),
        mean: randomData([4], { seed: 762 }),
        variance: randomData([4], { seed: 763, low: 0.5, high: 2 }),
        offset: randomData([4], { seed: 764 }),
        scale: randomData([4], { seed: 765 }),
      },
      gradCheck: true,
    },
    {
      name: 'grad [2,1,2,3] no offset',
      inputs: {
        x: randomData([2, 1, 2, 3], { seed: 766 }),
        mean: randomData([3], { seed: 767 }),
        variance: randomData([3], { seed: 768, low: 0.5, high: 2 }),
        offset: randomData([3], { seed: 769 }),
        scale: randomData([3], { seed: 770 }),
      },
      attrs: { offset: false },
      gradCheck: { wrt: ['x', 'mean', 'variance', 'scale'] },
    },
    {
      name: 'grad [1,2] full-shape statistics, no scale',
      inputs: {
        x: randomData([1, 2], { seed: 771 }),
        mean: randomData([1, 2], { seed: 772 }),
        variance: randomData([1, 2], { seed: 773, low: 0.5, high: 2 }),
        offset: randomData([1, 2], { seed: 774 }),
        scale: randomData([1, 2], { seed: 775 }),
      },
      attrs: { scale: false },
      gradCheck: { wrt: ['x', 'mean', 'variance', 'offset'] },
    },
  ],
});
