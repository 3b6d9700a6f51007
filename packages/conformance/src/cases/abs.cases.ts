import * as tf from '@tf/graph';
import { defineCases, randomData, scalar, t } from '../case.js';
import { emptyUnaryCases } from './helpers.js';

export default defineCases({
  op: 'Abs',
  build: ({ x }) => tf.abs(x),
  cases: [
    { name: 'basic', inputs: { x: t([1, -2, 0, -3.5], [2, 2]) }, expected: t([1, 2, 0, 3.5], [2, 2]) },
    { name: 'scalar', inputs: { x: scalar(-7) }, expected: scalar(7) },
    { name: 'size-1 dims', inputs: { x: t([-1, 2], [1, 2, 1]) }, expected: t([1, 2], [1, 2, 1]) },
    { name: 'int32', inputs: { x: t([-5, 0, 5], [3], 'int32') }, expected: t([5, 0, 5], [3], 'int32') },
    // C's wrapping int32: |-2^31| is not representable and stays -2^31.
    {
      name: 'int32 extremes (the lowest wraps to itself)',
      inputs: { x: t([-2147483648, 2147483647, -2147483647], [3], 'int32') },
      expected: t([-2147483648, 2147483647, 2147483647], [3], 'int32'),
    },
    { name: 'NaN and ±Inf', inputs: { x: t([Number.NaN, Infinity, -Infinity]) }, expected: t([Number.NaN, Infinity, Infinity]) },
    ...emptyUnaryCases('x'),
    { name: 'bool input is a TypeError', inputs: { x: t([true]) }, throws: { type: 'TypeError', when: 'build' } },
    { name: 'grad [3,4] (away from 0)', inputs: { x: randomData([3, 4], { seed: 9, avoid: 0 }) }, gradCheck: true },
    { name: 'grad scalar', inputs: { x: scalar(-0.5) }, gradCheck: true },
    { name: 'grad size-1 dims', inputs: { x: randomData([3, 1], { seed: 10, avoid: 0 }) }, gradCheck: true },
  ],
});
