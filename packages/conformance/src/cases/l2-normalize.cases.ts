import * as tf from '@tf/graph';
import l2Normalizes from '../../fixtures/l2-normalize.json' with { type: 'json' };
import { defineCases, fixtureCases, randomData, t } from '../case.js';
import { empty } from './helpers.js';

/**
 * `tf.nn.l2Normalize(x, axis?, epsilon = 1e-12)`, a composite (TF 1.x:
 * `x · rsqrt(max(sum(x²), epsilon))`). Attrs:
 * `axis` (null: every axis), `epsilon`.
 */
export default defineCases({
  op: 'l2Normalize',
  composite: true,
  build: ({ x }, { axis = null, epsilon }) => (epsilon === undefined ? tf.nn.l2Normalize(x, axis) : tf.nn.l2Normalize(x, axis, epsilon)),
  cases: [
    { name: 'basic rows', inputs: { x: t([3, 4, 0, -2], [2, 2]) }, attrs: { axis: 1 }, expected: t([0.6, 0.8, 0, -1], [2, 2]) },
    ...fixtureCases(l2Normalizes, 'l2Normalize', ['x']),
    {
      name: 'all-zero slice stays 0 (epsilon)',
      inputs: { x: t([0, 0, 3, 4], [2, 2]) },
      attrs: { axis: 1 },
      expected: t([0, 0, 0.6, 0.8], [2, 2]),
    },
    { name: 'large epsilon bounds the norm below', inputs: { x: t([0.3, 0.4]) }, attrs: { axis: 0, epsilon: 1 }, expected: t([0.3, 0.4]) },
    { name: 'float64', inputs: { x: t([3, 4], [2], 'float64') }, attrs: { axis: 0 }, expected: t([0.6, 0.8], [2], 'float64') },
    {
      name: 'NaN poisons its slice',
      inputs: { x: t([Number.NaN, 1, 3, 4], [2, 2]) },
      attrs: { axis: 1 },
      expected: t([Number.NaN, Number.NaN, 0.6, 0.8], [2, 2]),
    },
    { name: 'zero-size', inputs: { x: empty([0, 3]) }, attrs: { axis: 1 }, expected: empty([0, 3]) },
    {
      name: 'axis out of range is a ValueError',
      inputs: { x: t([1, 2]) },
      attrs: { axis: 1 },
      throws: { type: 'ValueError', when: 'build' },
    },
    {
      name: 'int32 is a TypeError',
      inputs: { x: t([1, 2], [2], 'int32') },
      attrs: { axis: 0 },
      throws: { type: 'TypeError', when: 'build' },
    },
    { name: 'grad [3,4] axis 1', inputs: { x: randomData([3, 4], { seed: 781 }) }, attrs: { axis: 1 }, gradCheck: true },
    { name: 'grad [2,1,3] every axis', inputs: { x: randomData([2, 1, 3], { seed: 782 }) }, gradCheck: true },
    { name: 'grad [4,1] axis 0', inputs: { x: randomData([4, 1], { seed: 783 }) }, attrs: { axis: 0 }, gradCheck: true },
  ],
});
