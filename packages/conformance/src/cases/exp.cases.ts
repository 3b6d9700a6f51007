import * as tf from '@tf/graph';
import exps from '../../fixtures/exp.json' with { type: 'json' };
import { defineCases, fixtureCases, randomData, scalar, t } from '../case.js';
import { emptyUnaryCases } from './helpers.js';

export default defineCases({
  op: 'Exp',
  build: ({ x }) => tf.exp(x),
  cases: [
    { name: 'basic', inputs: { x: t([0, 1, -1, 2], [2, 2]) }, expected: t([1, Math.E, 1 / Math.E, Math.E * Math.E], [2, 2]) },
    { name: 'scalar', inputs: { x: scalar(0) }, expected: scalar(1) },
    { name: 'size-1 dims', inputs: { x: t([0, Math.LN2, -Math.LN2], [1, 3, 1]) }, expected: t([1, 2, 0.5], [1, 3, 1]) },
    ...fixtureCases(exps, 'Exp', ['x']),
    { name: 'float64', inputs: { x: t([1, 10], [2], 'float64') }, expected: t([Math.E, 22026.465794806718], [2], 'float64') },
    { name: 'overflow to Inf, underflow to 0', inputs: { x: t([100, -200]) }, expected: t([Infinity, 0]) },
    { name: 'NaN and ±Inf', inputs: { x: t([Number.NaN, Infinity, -Infinity]) }, expected: t([Number.NaN, Infinity, 0]) },
    ...emptyUnaryCases('x'),
    {
      name: 'int32 input is a TypeError',
      inputs: { x: t([1], [1], 'int32') },
      throws: { type: 'TypeError', message: 'DataType int32 not in list of allowed values', when: 'build' },
    },
    { name: 'grad [3,4]', inputs: { x: randomData([3, 4], { seed: 5 }) }, gradCheck: true },
    { name: 'grad scalar', inputs: { x: scalar(0.5) }, gradCheck: true },
    { name: 'grad size-1 dims', inputs: { x: randomData([1, 4, 1], { seed: 6 }) }, gradCheck: true },
  ],
});
