import * as tf from '@tf/graph';
import reciprocals from '../../fixtures/reciprocal.json' with { type: 'json' };
import { defineCases, fixtureCases, randomData, scalar, t } from '../case.js';
import { emptyUnaryCases } from './helpers.js';

// Float only: TF's CPU kernels have no integer Reciprocal.
export default defineCases({
  op: 'Reciprocal',
  build: ({ x }) => tf.reciprocal(x),
  cases: [
    { name: 'basic', inputs: { x: t([1, 2, -4, 0.5], [2, 2]) }, expected: t([1, 0.5, -0.25, 2], [2, 2]) },
    { name: 'scalar', inputs: { x: scalar(-8) }, expected: scalar(-0.125) },
    { name: 'size-1 dims', inputs: { x: t([4, 5], [2, 1]) }, expected: t([0.25, 0.2], [2, 1]) },
    { name: 'float64', inputs: { x: t([3], [1], 'float64') }, expected: t([1 / 3], [1], 'float64') },
    ...fixtureCases(reciprocals, 'Reciprocal', ['x']),
    { name: '±0 gives ±Inf', inputs: { x: t([0, -0]) }, expected: t([Infinity, -Infinity]) },
    { name: 'NaN and ±Inf', inputs: { x: t([Number.NaN, Infinity, -Infinity]) }, expected: t([Number.NaN, 0, -0]) },
    ...emptyUnaryCases('x'),
    {
      name: 'int32 input is a TypeError',
      inputs: { x: t([2], [1], 'int32') },
      throws: { type: 'TypeError', message: 'DataType int32 not in list of allowed values', when: 'build' },
    },
    { name: 'grad [3,4]', inputs: { x: randomData([3, 4], { seed: 421, low: -3, high: 3, avoid: 0 }) }, gradCheck: true },
    { name: 'grad scalar', inputs: { x: scalar(-1.5) }, gradCheck: true },
    { name: 'grad size-1 dims', inputs: { x: randomData([1, 1, 3], { seed: 422, low: 0.5, high: 3 }) }, gradCheck: true },
  ],
});
