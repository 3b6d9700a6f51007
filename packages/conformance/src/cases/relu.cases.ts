import * as tf from '@tf/graph';
import { defineCases, randomData, scalar, t } from '../case.js';
import { emptyUnaryCases } from './helpers.js';

export default defineCases({
  op: 'Relu',
  build: ({ features }) => tf.nn.relu(features),
  cases: [
    { name: 'basic', inputs: { features: t([1, -2, 0, 3], [2, 2]) }, expected: t([1, 0, 0, 3], [2, 2]) },
    { name: 'scalar', inputs: { features: scalar(-1) }, expected: scalar(0) },
    { name: 'size-1 dims', inputs: { features: t([-1, 2, -3], [1, 3, 1]) }, expected: t([0, 2, 0], [1, 3, 1]) },
    { name: 'int32', inputs: { features: t([-5, 0, 5], [3], 'int32') }, expected: t([0, 0, 5], [3], 'int32') },
    { name: 'float64', inputs: { features: t([-0.5, 0.5], [2], 'float64') }, expected: t([0, 0.5], [2], 'float64') },
    // NaN stays NaN (Eigen's cwiseMax(0), as TF's kernel).
    { name: 'NaN and ±Inf', inputs: { features: t([Number.NaN, Infinity, -Infinity]) }, expected: t([Number.NaN, Infinity, 0]) },
    ...emptyUnaryCases('features'),
    { name: 'bool input is a TypeError', inputs: { features: t([true]) }, throws: { type: 'TypeError', when: 'build' } },
    { name: 'grad [3,4] (away from 0)', inputs: { features: randomData([3, 4], { seed: 17, avoid: 0 }) }, gradCheck: true },
    { name: 'grad scalar', inputs: { features: scalar(0.5) }, gradCheck: true },
    { name: 'grad size-1 dims', inputs: { features: randomData([1, 5], { seed: 18, avoid: 0 }) }, gradCheck: true },
  ],
});
