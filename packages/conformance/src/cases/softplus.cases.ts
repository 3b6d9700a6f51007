import * as tf from '@tf/graph';
import softpluses from '../../fixtures/softplus.json' with { type: 'json' };
import { defineCases, fixtureCases, randomData, scalar, t } from '../case.js';
import { emptyUnaryCases } from './helpers.js';

export default defineCases({
  op: 'Softplus',
  build: ({ features }) => tf.nn.softplus(features),
  cases: [
    {
      name: 'basic',
      inputs: { features: t([0, 1, -1, 2], [2, 2]) },
      expected: t([Math.LN2, 1.3132616875182228, 0.31326168751822286, 2.1269280110429727], [2, 2]),
    },
    { name: 'scalar', inputs: { features: scalar(0) }, expected: scalar(Math.LN2) },
    { name: 'size-1 dims', inputs: { features: t([-3], [1, 1]) }, expected: t([0.04858735157374206], [1, 1]) },
    ...fixtureCases(softpluses, 'Softplus', ['features']),
    // The stable form: log(1 + exp(100)) would overflow exp; exp(-100) is below float32's 1 + ulp.
    {
      name: 'large |x| (no overflow, tail kept) float64',
      inputs: { features: t([100, 800, -100, -800], [4], 'float64') },
      expected: t([100, 800, 3.720075976020836e-44, 0], [4], 'float64'),
      tolerance: { rtol: 1e-15, atol: 0 },
    },
    {
      name: 'large |x| float32',
      inputs: { features: t([100, -100]) },
      expected: t([100, 3.720075976020836e-44]),
      tolerance: { atol: 1e-45 },
    },
    { name: 'NaN and ±Inf', inputs: { features: t([Number.NaN, Infinity, -Infinity]) }, expected: t([Number.NaN, Infinity, 0]) },
    ...emptyUnaryCases('features'),
    { name: 'int32 input is a TypeError', inputs: { features: t([1], [1], 'int32') }, throws: { type: 'TypeError', when: 'build' } },
    { name: 'grad [3,4]', inputs: { features: randomData([3, 4], { seed: 471, low: -5, high: 5 }) }, gradCheck: true },
    { name: 'grad scalar', inputs: { features: scalar(-0.5) }, gradCheck: true },
    { name: 'grad size-1 dims', inputs: { features: randomData([1, 3, 1], { seed: 472 }) }, gradCheck: true },
  ],
});
