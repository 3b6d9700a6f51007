import * as tf from '@tf/graph';
import softsigns from '../../fixtures/softsign.json' with { type: 'json' };
import { defineCases, fixtureCases, randomData, scalar, t } from '../case.js';
import { emptyUnaryCases } from './helpers.js';

export default defineCases({
  op: 'Softsign',
  build: ({ features }) => tf.nn.softsign(features),
  cases: [
    { name: 'basic', inputs: { features: t([0, 1, -3, 0.25], [2, 2]) }, expected: t([0, 0.5, -0.75, 0.2], [2, 2]) },
    { name: 'scalar', inputs: { features: scalar(-1) }, expected: scalar(-0.5) },
    { name: 'size-1 dims', inputs: { features: t([9], [1, 1]) }, expected: t([0.9], [1, 1]) },
    { name: 'float64', inputs: { features: t([1e300, 2], [2], 'float64') }, expected: t([1, 2 / 3], [2], 'float64') },
    ...fixtureCases(softsigns, 'Softsign', ['features']),
    // x / (1 + |x|) with no special case: ±Inf gives Inf/Inf = NaN, as TF's kernel (and PyTorch) do.
    {
      name: 'NaN and ±Inf give NaN',
      inputs: { features: t([Number.NaN, Infinity, -Infinity]) },
      expected: t([Number.NaN, Number.NaN, Number.NaN]),
    },
    ...emptyUnaryCases('features'),
    { name: 'int32 input is a TypeError', inputs: { features: t([1], [1], 'int32') }, throws: { type: 'TypeError', when: 'build' } },
    { name: 'grad [3,4]', inputs: { features: randomData([3, 4], { seed: 481, low: -4, high: 4, avoid: 0 }) }, gradCheck: true },
    { name: 'grad scalar', inputs: { features: scalar(0.5) }, gradCheck: true },
    { name: 'grad size-1 dims', inputs: { features: randomData([2, 1], { seed: 482, avoid: 0 }) }, gradCheck: true },
  ],
});
