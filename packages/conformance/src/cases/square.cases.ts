import * as tf from '@tf/graph';
import { defineCases, randomData, scalar, t } from '../case.js';
import { emptyUnaryCases } from './helpers.js';

export default defineCases({
  op: 'Square',
  build: ({ x }) => tf.square(x),
  cases: [
    { name: 'basic', inputs: { x: t([1, -2, 0, 1.5], [2, 2]) }, expected: t([1, 4, 0, 2.25], [2, 2]) },
    { name: 'scalar', inputs: { x: scalar(-3) }, expected: scalar(9) },
    { name: 'size-1 dims', inputs: { x: t([0.5, -1, 3], [1, 3, 1]) }, expected: t([0.25, 1, 9], [1, 3, 1]) },
    // int32 products wrap like C: 65536² = 2^32 ≡ 0, 46341² = 2147488281 ≡ -2147479015.
    { name: 'int32 (wraps)', inputs: { x: t([-3, 65536, 46341], [3], 'int32') }, expected: t([9, 0, -2147479015], [3], 'int32') },
    { name: 'float32 overflow to Inf', inputs: { x: t([1e20, -1e20]) }, expected: t([Infinity, Infinity]) },
    { name: 'NaN and ±Inf', inputs: { x: t([Number.NaN, Infinity, -Infinity]) }, expected: t([Number.NaN, Infinity, Infinity]) },
    ...emptyUnaryCases('x'),
    { name: 'bool input is a TypeError', inputs: { x: t([true]) }, throws: { type: 'TypeError', when: 'build' } },
    { name: 'grad [3,4]', inputs: { x: randomData([3, 4], { seed: 3 }) }, gradCheck: true },
    { name: 'grad scalar', inputs: { x: scalar(-1.25) }, gradCheck: true },
    { name: 'grad size-1 dims', inputs: { x: randomData([2, 1], { seed: 4 }) }, gradCheck: true },
  ],
});
