import * as tf from '@tf/graph';
import { defineCases, scalar, t } from '../case.js';
import { emptyUnaryCases } from './helpers.js';

// TF's `_FloorGrad` returns None: `gradients` gives no gradient, which the check reads as zeros;
// central differences agree away from the integers, where Floor is flat.
export default defineCases({
  op: 'Floor',
  build: ({ x }) => tf.floor(x),
  cases: [
    { name: 'basic', inputs: { x: t([1.5, -1.5, 0, -0.25], [2, 2]) }, expected: t([1, -2, 0, -1], [2, 2]) },
    { name: 'scalar', inputs: { x: scalar(2.999) }, expected: scalar(2) },
    { name: 'size-1 dims', inputs: { x: t([3.7], [1, 1]) }, expected: t([3], [1, 1]) },
    { name: 'float64', inputs: { x: t([-2.5, 1e15 + 0.5], [2], 'float64') }, expected: t([-3, 1e15], [2], 'float64') },
    { name: 'NaN and ±Inf', inputs: { x: t([Number.NaN, Infinity, -Infinity]) }, expected: t([Number.NaN, Infinity, -Infinity]) },
    ...emptyUnaryCases('x'),
    { name: 'int32 input is a TypeError', inputs: { x: t([1], [1], 'int32') }, throws: { type: 'TypeError', when: 'build' } },
    { name: 'grad [2,3] (zero, away from integers)', inputs: { x: t([0.5, -1.25, 2.75, 3.5, -0.5, 1.125], [2, 3]) }, gradCheck: true },
    { name: 'grad scalar', inputs: { x: scalar(0.25) }, gradCheck: true },
    { name: 'grad size-1 dims', inputs: { x: t([1.5, -2.5], [1, 2, 1]) }, gradCheck: true },
  ],
});
