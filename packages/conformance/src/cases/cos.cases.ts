import * as tf from '@tf/graph';
import coss from '../../fixtures/cos.json' with { type: 'json' };
import { defineCases, fixtureCases, randomData, scalar, t } from '../case.js';
import { emptyUnaryCases } from './helpers.js';

// Fixture inputs stay in [-π, π], where every backend is held to the default tolerance.
export default defineCases({
  op: 'Cos',
  build: ({ x }) => tf.cos(x),
  cases: [
    { name: 'basic', inputs: { x: t([0, Math.PI, -Math.PI / 3, Math.PI / 4], [2, 2]) }, expected: t([1, -1, 0.5, Math.SQRT1_2], [2, 2]) },
    { name: 'scalar', inputs: { x: scalar(1) }, expected: scalar(0.5403023058681398) },
    { name: 'size-1 dims', inputs: { x: t([-1, 2], [2, 1]) }, expected: t([0.5403023058681398, -0.4161468365471424], [2, 1]) },
    { name: 'float64', inputs: { x: t([1e-10, 3], [2], 'float64') }, expected: t([1, -0.9899924966004454], [2], 'float64') },
    ...fixtureCases(coss, 'Cos', ['x']),
    {
      name: 'NaN and ±Inf give NaN',
      inputs: { x: t([Number.NaN, Infinity, -Infinity]) },
      expected: t([Number.NaN, Number.NaN, Number.NaN]),
    },
    ...emptyUnaryCases('x'),
    { name: 'int32 input is a TypeError', inputs: { x: t([1], [1], 'int32') }, throws: { type: 'TypeError', when: 'build' } },
    { name: 'grad [3,4]', inputs: { x: randomData([3, 4], { seed: 441, low: -3, high: 3 }) }, gradCheck: true },
    { name: 'grad scalar', inputs: { x: scalar(-0.75) }, gradCheck: true },
    { name: 'grad size-1 dims', inputs: { x: randomData([2, 1, 1], { seed: 442, low: -3, high: 3 }) }, gradCheck: true },
  ],
});
