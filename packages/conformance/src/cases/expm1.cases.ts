import * as tf from '@tf/graph';
import { defineCases, randomData, scalar, t } from '../case.js';
import { emptyUnaryCases } from './helpers.js';

export default defineCases({
  op: 'Expm1',
  build: ({ x }) => tf.expm1(x),
  cases: [
    { name: 'basic', inputs: { x: t([0, 1, -1, Math.LN2], [2, 2]) }, expected: t([0, Math.E - 1, 1 / Math.E - 1, 1], [2, 2]) },
    // expm1 keeps precision near 0, where exp(x) - 1 would cancel to 0.
    {
      name: 'tiny x is accurate',
      inputs: { x: t([1e-10, -1e-10], [2], 'float64') },
      expected: t([1.00000000005e-10, -9.9999999995e-11], [2], 'float64'),
    },
    { name: 'scalar', inputs: { x: scalar(0) }, expected: scalar(0) },
    { name: 'NaN and ±Inf', inputs: { x: t([Number.NaN, Infinity, -Infinity]) }, expected: t([Number.NaN, Infinity, -1]) },
    ...emptyUnaryCases('x'),
    { name: 'int32 input is a TypeError', inputs: { x: t([1], [1], 'int32') }, throws: { type: 'TypeError', when: 'build' } },
    { name: 'grad [3,4]', inputs: { x: randomData([3, 4], { seed: 23, low: -2, high: 2 }) }, gradCheck: true },
    { name: 'grad scalar', inputs: { x: scalar(0.5) }, gradCheck: true },
    { name: 'grad size-1 dims', inputs: { x: randomData([2, 1, 2], { seed: 24, low: -1, high: 1 }) }, gradCheck: true },
  ],
});
