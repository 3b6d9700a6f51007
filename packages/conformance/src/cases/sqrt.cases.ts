import * as tf from '@tf/graph';
import { opDef } from '@tf/graph/backend';
import sqrts from '../../fixtures/sqrt.json' with { type: 'json' };
import { defineCases, fixtureCases, randomData, scalar, t } from '../case.js';
import { emptyUnaryCases, rawOp } from './helpers.js';

export default defineCases({
  op: 'Sqrt',
  build: ({ x }, { raw }) => (raw ? rawOp(opDef('Sqrt'), [x])[0]! : tf.sqrt(x)),
  cases: [
    { name: 'basic', inputs: { x: t([0, 1, 4, 2.25], [2, 2]) }, expected: t([0, 1, 2, 1.5], [2, 2]) },
    { name: 'scalar', inputs: { x: scalar(16) }, expected: scalar(4) },
    { name: 'size-1 dims', inputs: { x: t([9, 0.25], [1, 2, 1]) }, expected: t([3, 0.5], [1, 2, 1]) },
    { name: 'float64', inputs: { x: t([2, 1e-300], [2], 'float64') }, expected: t([Math.SQRT2, 1e-150], [2], 'float64') },
    ...fixtureCases(sqrts, 'Sqrt', ['x']),
    // IEEE: sqrt(-0) = -0, negatives give NaN.
    { name: 'negative gives NaN, -0 stays -0', inputs: { x: t([-1, -0]) }, expected: t([Number.NaN, -0]) },
    { name: 'NaN and ±Inf', inputs: { x: t([Number.NaN, Infinity, -Infinity]) }, expected: t([Number.NaN, Infinity, Number.NaN]) },
    ...emptyUnaryCases('x'),
    {
      name: 'int32 input is a TypeError',
      inputs: { x: t([4], [1], 'int32') },
      throws: { type: 'TypeError', message: 'DataType int32 not in list of allowed values', when: 'build' },
    },
    { name: 'bool input is a TypeError', inputs: { x: t([true]) }, throws: { type: 'TypeError', when: 'build' } },
    // An op created without the builder (as a GraphDef import would) is checked too.
    {
      name: 'raw op with int32 input is a TypeError',
      inputs: { x: t([4], [1], 'int32') },
      attrs: { raw: true },
      throws: { type: 'TypeError', message: 'DataType int32 not in list of allowed values', when: 'build' },
    },
    { name: 'grad [3,4]', inputs: { x: randomData([3, 4], { seed: 401, low: 0.25, high: 4 }) }, gradCheck: true },
    { name: 'grad scalar', inputs: { x: scalar(2.25) }, gradCheck: true },
    { name: 'grad size-1 dims', inputs: { x: randomData([1, 3, 1], { seed: 402, low: 0.25, high: 4 }) }, gradCheck: true },
  ],
});
