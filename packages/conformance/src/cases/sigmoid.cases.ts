import * as tf from '@tf/graph';
import sigmoids from '../../fixtures/sigmoid.json' with { type: 'json' };
import { defineCases, fixtureCases, randomData, scalar, t } from '../case.js';
import { emptyUnaryCases } from './helpers.js';

export default defineCases({
  op: 'Sigmoid',
  build: ({ x }) => tf.sigmoid(x),
  cases: [
    { name: 'basic', inputs: { x: t([0, Math.log(3), -Math.log(3), 0], [2, 2]) }, expected: t([0.5, 0.75, 0.25, 0.5], [2, 2]) },
    { name: 'scalar', inputs: { x: scalar(0) }, expected: scalar(0.5) },
    ...fixtureCases(sigmoids, 'Sigmoid', ['x']),
    {
      name: 'saturates without NaN',
      inputs: { x: t([100, -100, 1000, -1000]) },
      expected: t([1, 3.720075976020836e-44, 1, 0]),
      tolerance: { atol: 1e-30 },
    },
    { name: 'NaN and ±Inf', inputs: { x: t([Number.NaN, Infinity, -Infinity]) }, expected: t([Number.NaN, 1, 0]) },
    ...emptyUnaryCases('x'),
    { name: 'int32 input is a TypeError', inputs: { x: t([1], [1], 'int32') }, throws: { type: 'TypeError', when: 'build' } },
    { name: 'grad [3,4]', inputs: { x: randomData([3, 4], { seed: 15, low: -4, high: 4 }) }, gradCheck: true },
    { name: 'grad scalar', inputs: { x: scalar(-0.75) }, gradCheck: true },
    { name: 'grad size-1 dims', inputs: { x: randomData([1, 1, 3], { seed: 16 }) }, gradCheck: true },
  ],
});
