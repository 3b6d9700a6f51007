import * as tf from '@tf/graph';
import { defineCases, randomData, scalar, t } from '../case.js';
import { emptyUnaryCases } from './helpers.js';

export default defineCases({
  op: 'Sign',
  build: ({ x }) => tf.sign(x),
  cases: [
    { name: 'basic', inputs: { x: t([3, -2, 0, 0.001], [2, 2]) }, expected: t([1, -1, 0, 1], [2, 2]) },
    { name: 'scalar', inputs: { x: scalar(-7) }, expected: scalar(-1) },
    { name: 'size-1 dims', inputs: { x: t([-1, 2], [2, 1]) }, expected: t([-1, 1], [2, 1]) },
    { name: 'int32', inputs: { x: t([-5, 0, 5], [3], 'int32') }, expected: t([-1, 0, 1], [3], 'int32') },
    { name: 'NaN and ±Inf', inputs: { x: t([Number.NaN, Infinity, -Infinity]) }, expected: t([Number.NaN, 1, -1]) },
    ...emptyUnaryCases('x'),
    { name: 'bool input is a TypeError', inputs: { x: t([true]) }, throws: { type: 'TypeError', when: 'build' } },
    // The gradient is zero everywhere (away from 0, where Sign jumps).
    { name: 'grad [3,4] (zero)', inputs: { x: randomData([3, 4], { seed: 11, avoid: 0 }) }, gradCheck: true },
    { name: 'grad scalar', inputs: { x: scalar(2) }, gradCheck: true },
    { name: 'grad size-1 dims', inputs: { x: randomData([1, 3], { seed: 12, avoid: 0 }) }, gradCheck: true },
  ],
});
