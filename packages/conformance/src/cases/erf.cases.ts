import * as tf from '@tf/graph';
import erfs from '../../fixtures/erf.json' with { type: 'json' };
import { defineCases, fixtureCases, randomData, scalar, t } from '../case.js';
import { emptyUnaryCases } from './helpers.js';

export default defineCases({
  op: 'Erf',
  build: ({ x }) => tf.erf(x),
  cases: [
    {
      name: 'basic',
      inputs: { x: t([0, 0.5, -1, 2], [2, 2]) },
      expected: t([0, 0.5204998778130465, -0.8427007929497149, 0.9953222650189527], [2, 2]),
    },
    { name: 'scalar', inputs: { x: scalar(-0.25) }, expected: scalar(-0.2763263901682369) },
    { name: 'size-1 dims', inputs: { x: t([1.5], [1, 1]) }, expected: t([0.9661051464753108], [1, 1]) },
    // float64 across fdlibm's approximation intervals (|x| < 0.84375, < 1.25, < 1/0.35, < 6, ≥ 6).
    {
      name: 'float64 across intervals',
      inputs: { x: t([1e-10, 0.84375, 1.25, 2.857142857142857, 3.5, 5.9, 6, -27], [8], 'float64') },
      expected: t(
        [1.1283791670955126e-10, 0.7672256612323416, 0.9229001282564582, 0.9999466876886117, 0.9999992569016276, 0.9999999999999999, 1, -1],
        [8],
        'float64',
      ),
      tolerance: { rtol: 1e-15, atol: 0 },
    },
    ...fixtureCases(erfs, 'Erf', ['x']),
    { name: 'NaN and ±Inf', inputs: { x: t([Number.NaN, Infinity, -Infinity]) }, expected: t([Number.NaN, 1, -1]) },
    ...emptyUnaryCases('x'),
    { name: 'int32 input is a TypeError', inputs: { x: t([1], [1], 'int32') }, throws: { type: 'TypeError', when: 'build' } },
    { name: 'grad [3,4]', inputs: { x: randomData([3, 4], { seed: 461 }) }, gradCheck: true },
    { name: 'grad scalar', inputs: { x: scalar(0.9) }, gradCheck: true },
    { name: 'grad size-1 dims', inputs: { x: randomData([1, 2, 1], { seed: 462 }) }, gradCheck: true },
  ],
});
