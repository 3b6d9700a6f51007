import * as tf from '@tf/graph';
import sins from '../../fixtures/sin.json' with { type: 'json' };
import { defineCases, fixtureCases, randomData, scalar, t } from '../case.js';
import { emptyUnaryCases } from './helpers.js';

// Fixture inputs stay in [-π, π], where every backend is held to the default tolerance.
export default defineCases({
  op: 'Sin',
  build: ({ x }) => tf.sin(x),
  cases: [
    {
      name: 'basic',
      inputs: { x: t([0, Math.PI / 2, -Math.PI / 6, Math.PI / 4], [2, 2]) },
      expected: t([0, 1, -0.5, Math.SQRT1_2], [2, 2]),
    },
    { name: 'scalar', inputs: { x: scalar(1) }, expected: scalar(0.8414709848078965) },
    { name: 'size-1 dims', inputs: { x: t([-1, 2], [1, 2]) }, expected: t([-0.8414709848078965, 0.9092974268256817], [1, 2]) },
    { name: 'float64', inputs: { x: t([1e-10, 3], [2], 'float64') }, expected: t([1e-10, 0.1411200080598672], [2], 'float64') },
    ...fixtureCases(sins, 'Sin', ['x']),
    {
      name: 'NaN and ±Inf give NaN',
      inputs: { x: t([Number.NaN, Infinity, -Infinity]) },
      expected: t([Number.NaN, Number.NaN, Number.NaN]),
    },
    ...emptyUnaryCases('x'),
    { name: 'int32 input is a TypeError', inputs: { x: t([1], [1], 'int32') }, throws: { type: 'TypeError', when: 'build' } },
    { name: 'grad [3,4]', inputs: { x: randomData([3, 4], { seed: 431, low: -3, high: 3 }) }, gradCheck: true },
    { name: 'grad scalar', inputs: { x: scalar(0.75) }, gradCheck: true },
    { name: 'grad size-1 dims', inputs: { x: randomData([1, 3, 1], { seed: 432, low: -3, high: 3 }) }, gradCheck: true },
  ],
});
