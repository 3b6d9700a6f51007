import * as tf from '@tf/graph';
import clipByNorms from '../../fixtures/clip-by-norm.json' with { type: 'json' };
import { defineCases, fixtureCases, randomData, t } from '../case.js';
import { empty } from './helpers.js';

/**
 * `tf.clipByNorm(t, clipNorm, axes?)`, a composite (TF 1.x: `t · clipNorm / max(‖t‖₂, clipNorm)`).
 * Attrs: `clipNorm` (a number, or values of a constant tensor of shape `clipNormShape`), `axes`.
 */
export default defineCases({
  op: 'clipByNorm',
  composite: true,
  build: ({ t: values }, { clipNorm, clipNormShape, axes = null }) =>
    tf.clipByNorm(values, clipNormShape === undefined ? clipNorm : tf.constant(clipNorm, 'float32', clipNormShape), axes),
  cases: [
    { name: 'basic', inputs: { t: t([3, 4], [1, 2]) }, attrs: { clipNorm: 1 }, expected: t([0.6, 0.8], [1, 2]) },
    { name: 'within the norm is unchanged', inputs: { t: t([3, 4], [1, 2]) }, attrs: { clipNorm: 10 }, expected: t([3, 4], [1, 2]) },
    ...fixtureCases(clipByNorms, 'clipByNorm', ['t']),
    { name: 'clip_norm as a tensor', inputs: { t: t([6, 8]) }, attrs: { clipNorm: [5], clipNormShape: [] }, expected: t([3, 4]) },
    // TF 1.x's max(l2norm, clip_norm) form: an all-zero t gives 0, not NaN.
    { name: 'all zeros stays 0', inputs: { t: t([0, 0, 0]) }, attrs: { clipNorm: 1 }, expected: t([0, 0, 0]) },
    { name: 'NaN poisons everything', inputs: { t: t([Number.NaN, 1]) }, attrs: { clipNorm: 1 }, expected: t([Number.NaN, Number.NaN]) },
    { name: 'Inf gives NaN where Inf divides Inf', inputs: { t: t([Infinity, 1]) }, attrs: { clipNorm: 1 }, expected: t([Number.NaN, 0]) },
    { name: 'zero-size', inputs: { t: empty([0, 2]) }, attrs: { clipNorm: 1 }, expected: empty([0, 2]) },
    {
      name: 'clip_norm that broadcasts t is a ValueError',
      inputs: { t: t([1, 2]) },
      attrs: { clipNorm: [1, 2, 3, 4], clipNormShape: [2, 2] },
      throws: { type: 'ValueError', when: 'build' },
    },
    {
      name: 'int32 is a TypeError',
      inputs: { t: t([1, 2], [2], 'int32') },
      attrs: { clipNorm: 1 },
      throws: { type: 'TypeError', when: 'build' },
    },
    { name: 'grad [3,4] clipped', inputs: { t: randomData([3, 4], { seed: 791 }) }, attrs: { clipNorm: 1 }, gradCheck: true },
    { name: 'grad [2,3] per row', inputs: { t: randomData([2, 3], { seed: 792 }) }, attrs: { clipNorm: 1, axes: 1 }, gradCheck: true },
    { name: 'grad [1,1,3] unclipped', inputs: { t: randomData([1, 1, 3], { seed: 793 }) }, attrs: { clipNorm: 100 }, gradCheck: true },
  ],
});
