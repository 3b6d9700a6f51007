import * as tf from '@tf/graph';
import rsqrts from '../../fixtures/rsqrt.json' with { type: 'json' };
import { defineCases, fixtureCases, randomData, scalar, t } from '../case.js';
import { emptyUnaryCases } from './helpers.js';

export default defineCases({
  op: 'Rsqrt',
  build: ({ x }) => tf.rsqrt(x),
  cases: [
    { name: 'basic', inputs: { x: t([1, 4, 0.25, 16], [2, 2]) }, expected: t([1, 0.5, 2, 0.25], [2, 2]) },
    { name: 'scalar', inputs: { x: scalar(0.0625) }, expected: scalar(4) },
    { name: 'size-1 dims', inputs: { x: t([100], [1, 1]) }, expected: t([0.1], [1, 1]) },
    { name: 'float64', inputs: { x: t([2, 3], [2], 'float64') }, expected: t([Math.SQRT1_2, 0.5773502691896258], [2], 'float64') },
    ...fixtureCases(rsqrts, 'Rsqrt', ['x']),
    { name: 'zero gives Inf, negative gives NaN', inputs: { x: t([0, -1]) }, expected: t([Infinity, Number.NaN]) },
    { name: 'NaN and ±Inf', inputs: { x: t([Number.NaN, Infinity, -Infinity]) }, expected: t([Number.NaN, 0, Number.NaN]) },
    ...emptyUnaryCases('x'),
    {
      name: 'int32 input is a TypeError',
      inputs: { x: t([4], [1], 'int32') },
      throws: { type: 'TypeError', message: 'DataType int32 not in list of allowed values', when: 'build' },
    },
    { name: 'grad [3,4]', inputs: { x: randomData([3, 4], { seed: 411, low: 0.25, high: 4 }) }, gradCheck: true },
    { name: 'grad scalar', inputs: { x: scalar(0.5) }, gradCheck: true },
    { name: 'grad size-1 dims', inputs: { x: randomData([2, 1, 2], { seed: 412, low: 0.25, high: 4 }) }, gradCheck: true },
  ],
});
