import * as tf from '@tf/graph';
import log1ps from '../../fixtures/log1p.json' with { type: 'json' };
import { defineCases, fixtureCases, randomData, scalar, t } from '../case.js';
import { emptyUnaryCases } from './helpers.js';

/** Small x, where log(1 + x) would lose every digit log1p keeps. */
const TINY = [1e-7, -1e-7, 1e-4, -1e-4, 0.01, -0.2];

export default defineCases({
  op: 'Log1p',
  build: ({ x }) => tf.log1p(x),
  cases: [
    { name: 'basic', inputs: { x: t([0, Math.E - 1, 1, 3], [2, 2]) }, expected: t([0, 1, Math.LN2, 2 * Math.LN2], [2, 2]) },
    {
      name: 'tiny float32 x keeps its relative accuracy',
      inputs: { x: t(TINY) },
      expected: t(TINY.map((x) => Math.log1p(Math.fround(x)))),
      tolerance: { rtol: 1e-5, atol: 0 },
    },
    // log1p keeps precision near 0, where log(1 + x) would round 1 + x to 1.
    {
      name: 'tiny x is accurate',
      inputs: { x: t([1e-10, -1e-10], [2], 'float64') },
      expected: t([9.9999999995e-11, -1.00000000005e-10], [2], 'float64'),
    },
    { name: 'scalar', inputs: { x: scalar(0) }, expected: scalar(0) },
    ...fixtureCases(log1ps, 'Log1p', ['x']),
    { name: '-1 gives -Inf, below gives NaN', inputs: { x: t([-1, -2]) }, expected: t([-Infinity, Number.NaN]) },
    { name: 'NaN and ±Inf', inputs: { x: t([Number.NaN, Infinity, -Infinity]) }, expected: t([Number.NaN, Infinity, Number.NaN]) },
    ...emptyUnaryCases('x'),
    { name: 'int32 input is a TypeError', inputs: { x: t([1], [1], 'int32') }, throws: { type: 'TypeError', when: 'build' } },
    { name: 'grad [3,4]', inputs: { x: randomData([3, 4], { seed: 13, low: -0.5, high: 3 }) }, gradCheck: true },
    { name: 'grad scalar', inputs: { x: scalar(0.25) }, gradCheck: true },
    { name: 'grad size-1 dims', inputs: { x: randomData([2, 1, 2], { seed: 14, low: -0.5, high: 1 }) }, gradCheck: true },
  ],
});
