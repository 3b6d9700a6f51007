import * as tf from '@tf/graph';
import clipByGlobalNorms from '../../fixtures/clip-by-global-norm.json' with { type: 'json' };
import { defineCases, fixtureCases, randomData, scalar, t } from '../case.js';

/**
 * `tf.clipByGlobalNorm(tList, clipNorm)` → `[clipped…, globalNorm]`, a composite (TF 1.x: an
 * `L2Loss` per tensor, summed, `sqrt(2 · sum)`, then each `t · clipNorm / max(norm, clipNorm)`).
 * The build returns the clipped tensors, then the norm.
 * Attrs: `clipNorm`; `useNorm` passes the `norm` input as `use_norm`.
 */
export default defineCases({
  op: 'clipByGlobalNorm',
  composite: true,
  build: ({ t0, t1, t2, norm }, { clipNorm, useNorm = false }) => {
    const [clipped, globalNorm] = useNorm ? tf.clipByGlobalNorm([t0, t1, t2], clipNorm, norm) : tf.clipByGlobalNorm([t0, t1, t2], clipNorm);
    return [...clipped.map((c) => c!), globalNorm];
  },
  cases: [
    {
      name: 'basic',
      inputs: { t0: t([3]), t1: t([4], [1, 1]), t2: t([], [0]), norm: scalar(0) },
      attrs: { clipNorm: 1 },
      expected: [t([0.6]), t([0.8], [1, 1]), t([], [0]), scalar(5)],
    },
    {
      name: 'within the norm is unchanged',
      inputs: { t0: t([3]), t1: t([4], [1, 1]), t2: t([0, 0]), norm: scalar(0) },
      attrs: { clipNorm: 10 },
      expected: [t([3]), t([4], [1, 1]), t([0, 0]), scalar(5)],
    },
    ...fixtureCases(clipByGlobalNorms, 'clipByGlobalNorm', ['t0', 't1', 't2']).map((c) => ({
      ...c,
      inputs: { ...c.inputs, norm: scalar(0) },
    })),
    {
      name: 'use_norm replaces the computed norm',
      inputs: { t0: t([3]), t1: t([4], [1, 1]), t2: t([2, 2]), norm: scalar(10) },
      attrs: { clipNorm: 5, useNorm: true },
      expected: [t([1.5]), t([2], [1, 1]), t([1, 1]), scalar(10)],
    },
    // A non-finite norm makes every value NaN (TF 1.x: `scale + (norm - norm)`).
    {
      name: 'Inf norm gives NaN everywhere',
      inputs: { t0: t([Infinity]), t1: t([1], [1, 1]), t2: t([1, 2]), norm: scalar(0) },
      attrs: { clipNorm: 1 },
      expected: [t([Number.NaN]), t([Number.NaN], [1, 1]), t([Number.NaN, Number.NaN]), scalar(Infinity)],
    },
    {
      name: 'mixed dtypes is a TypeError',
      inputs: { t0: t([1]), t1: t([1], [1], 'float64'), t2: t([1]), norm: scalar(0) },
      attrs: { clipNorm: 1 },
      throws: { type: 'TypeError', when: 'build' },
    },
    {
      name: 'grad clipped',
      inputs: {
        t0: randomData([2, 3], { seed: 801 }),
        t1: randomData([4], { seed: 802 }),
        t2: randomData([1, 1], { seed: 803 }),
        norm: scalar(0),
      },
      attrs: { clipNorm: 1 },
      gradCheck: { wrt: ['t0', 't1', 't2'] },
    },
    {
      name: 'grad unclipped',
      inputs: {
        t0: randomData([2, 2], { seed: 804 }),
        t1: randomData([3], { seed: 805 }),
        t2: randomData([1], { seed: 806 }),
        norm: scalar(0),
      },
      attrs: { clipNorm: 100 },
      gradCheck: { wrt: ['t0', 't1', 't2'] },
    },
    {
      name: 'grad with use_norm',
      inputs: {
        t0: randomData([3, 1], { seed: 807 }),
        t1: randomData([2], { seed: 808 }),
        t2: randomData([2, 2], { seed: 809 }),
        norm: scalar(3.5),
      },
      attrs: { clipNorm: 1, useNorm: true },
      gradCheck: true,
    },
  ],
});
