import * as tf from '@tf/graph';
import rounds from '../../fixtures/round.json' with { type: 'json' };
import { defineCases, fixtureCases, scalar, t } from '../case.js';
import { emptyUnaryCases } from './helpers.js';

// TF's Round rounds halves to even (banker's rounding, NumPy's rint), unlike JavaScript's
// Math.round. Its gradient is registered as `[None]`: see ceil.cases.ts.
export default defineCases({
  op: 'Round',
  build: ({ x }) => tf.round(x),
  cases: [
    { name: 'basic', inputs: { x: t([1.4, 1.6, -1.4, -1.6], [2, 2]) }, expected: t([1, 2, -1, -2], [2, 2]) },
    {
      name: 'halves go to even',
      inputs: { x: t([0.5, 1.5, 2.5, 3.5, -0.5, -1.5, -2.5, -3.5]) },
      expected: t([0, 2, 2, 4, -0, -2, -2, -4]),
    },
    { name: 'scalar', inputs: { x: scalar(-2.5) }, expected: scalar(-2) },
    { name: 'size-1 dims', inputs: { x: t([6.5], [1, 1, 1]) }, expected: t([6], [1, 1, 1]) },
    {
      name: 'float64 just below a half',
      inputs: { x: t([0.49999999999999994, 2.5000000000000004], [2], 'float64') },
      expected: t([0, 3], [2], 'float64'),
    },
    { name: 'int32 passes through', inputs: { x: t([-7, 0, 2147483647], [3], 'int32') }, expected: t([-7, 0, 2147483647], [3], 'int32') },
    ...fixtureCases(rounds, 'Round', ['x']),
    { name: 'NaN and ±Inf', inputs: { x: t([Number.NaN, Infinity, -Infinity]) }, expected: t([Number.NaN, Infinity, -Infinity]) },
    ...emptyUnaryCases('x'),
    { name: 'bool input is a TypeError', inputs: { x: t([true]) }, throws: { type: 'TypeError', when: 'build' } },
    { name: 'grad is zero [2,3]', inputs: { x: t([0.25, -1.25, 2.75, -3.1, 4.2, 0.1], [2, 3]) }, gradCheck: true },
    { name: 'grad is zero scalar', inputs: { x: scalar(1.25) }, gradCheck: true },
    { name: 'grad is zero size-1 dims', inputs: { x: t([-0.25, 7.75], [1, 2, 1]) }, gradCheck: true },
  ],
});
