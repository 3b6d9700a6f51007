import * as tf from '@tf/graph';
import tanhs from '../../fixtures/tanh.json' with { type: 'json' };
import { defineCases, fixtureCases, randomData, scalar, t } from '../case.js';
import { emptyUnaryCases } from './helpers.js';

// The gradient goes through TF's TanhGrad op (see tanh-grad.cases.ts for its own gradient).
export default defineCases({
  op: 'Tanh',
  build: ({ x }) => tf.tanh(x),
  cases: [
    { name: 'basic', inputs: { x: t([0, Math.log(3) / 2, -Math.log(3) / 2, 0], [2, 2]) }, expected: t([0, 0.5, -0.5, 0], [2, 2]) },
    { name: 'scalar', inputs: { x: scalar(1) }, expected: scalar(0.7615941559557649) },
    { name: 'size-1 dims', inputs: { x: t([2, -2], [1, 1, 2]) }, expected: t([0.9640275800758169, -0.9640275800758169], [1, 1, 2]) },
    {
      name: 'float64 keeps tiny values',
      inputs: { x: t([1e-20, -1e-300], [2], 'float64') },
      expected: t([1e-20, -1e-300], [2], 'float64'),
      tolerance: { atol: 0 },
    },
    ...fixtureCases(tanhs, 'Tanh', ['x']),
    { name: 'saturates without NaN', inputs: { x: t([20, -20, 1000, -1000]) }, expected: t([1, -1, 1, -1]) },
    { name: 'NaN and ±Inf', inputs: { x: t([Number.NaN, Infinity, -Infinity]) }, expected: t([Number.NaN, 1, -1]) },
    ...emptyUnaryCases('x'),
    { name: 'int32 input is a TypeError', inputs: { x: t([1], [1], 'int32') }, throws: { type: 'TypeError', when: 'build' } },
    { name: 'grad [3,4]', inputs: { x: randomData([3, 4], { seed: 451, low: -3, high: 3 }) }, gradCheck: true },
    { name: 'grad scalar', inputs: { x: scalar(0.3) }, gradCheck: true },
    { name: 'grad size-1 dims', inputs: { x: randomData([1, 4, 1], { seed: 452 }) }, gradCheck: true },
  ],
});
