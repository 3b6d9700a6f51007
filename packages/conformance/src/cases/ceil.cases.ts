import * as tf from '@tf/graph';
import ceils from '../../fixtures/ceil.json' with { type: 'json' };
import { defineCases, fixtureCases, scalar, t } from '../case.js';
import { emptyUnaryCases } from './helpers.js';

// TF registers Ceil's gradient as `[None]` (like Floor and Round): `gradients()` gives no tensor,
// which callers read as zero. Central differences agree away from the integers, where these
// checks sample (x + 0.5 on a grid of whole numbers never hits an integer).
export default defineCases({
  op: 'Ceil',
  build: ({ x }) => tf.ceil(x),
  cases: [
    { name: 'basic', inputs: { x: t([1.5, -1.5, 0, 2], [2, 2]) }, expected: t([2, -1, 0, 2], [2, 2]) },
    { name: 'scalar', inputs: { x: scalar(2.001) }, expected: scalar(3) },
    { name: 'size-1 dims', inputs: { x: t([3.2], [1, 1]) }, expected: t([4], [1, 1]) },
    { name: 'float64', inputs: { x: t([-2.5, 1e15 + 0.5], [2], 'float64') }, expected: t([-2, 1e15 + 1], [2], 'float64') },
    { name: 'small negatives give -0', inputs: { x: t([-0.25, -0]) }, expected: t([-0, -0]) },
    ...fixtureCases(ceils, 'Ceil', ['x']),
    { name: 'NaN and ±Inf', inputs: { x: t([Number.NaN, Infinity, -Infinity]) }, expected: t([Number.NaN, Infinity, -Infinity]) },
    ...emptyUnaryCases('x'),
    { name: 'int32 input is a TypeError', inputs: { x: t([1], [1], 'int32') }, throws: { type: 'TypeError', when: 'build' } },
    { name: 'grad is zero [2,3]', inputs: { x: t([0.5, -1.5, 2.5, -3.5, 4.5, 0.25], [2, 3]) }, gradCheck: true },
    { name: 'grad is zero scalar', inputs: { x: scalar(1.5) }, gradCheck: true },
    { name: 'grad is zero size-1 dims', inputs: { x: t([-0.5, 7.75], [1, 2, 1]) }, gradCheck: true },
  ],
});
