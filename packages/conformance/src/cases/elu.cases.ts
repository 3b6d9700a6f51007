import * as tf from '@tf/graph';
import { opDef } from '@tf/graph/backend';
import elus from '../../fixtures/elu.json' with { type: 'json' };
import { defineCases, fixtureCases, randomData, scalar, t } from '../case.js';
import { emptyUnaryCases, rawOp } from './helpers.js';

/** Attrs: `raw` creates the op without the builder's dtype check. */
export default defineCases({
  op: 'Elu',
  build: ({ features }, { raw = false }) => (raw ? rawOp(opDef('Elu'), [features])[0]! : tf.nn.elu(features)),
  cases: [
    {
      name: 'basic',
      inputs: { features: t([-1, 0, 2, -0.5], [2, 2]) },
      expected: t([-0.6321205588285577, 0, 2, -0.3934693402873666], [2, 2]),
    },
    ...fixtureCases(elus, 'Elu', ['features']),
    { name: 'scalar', inputs: { features: scalar(-1) }, expected: scalar(-0.6321205588285577) },
    { name: 'size-1 dims', inputs: { features: t([3, -1], [1, 2, 1]) }, expected: t([3, -0.6321205588285577], [1, 2, 1]) },
    { name: 'float64', inputs: { features: t([-0.5, 1.5], [2], 'float64') }, expected: t([-0.3934693402873666, 1.5], [2], 'float64') },
    { name: 'saturates at -1', inputs: { features: t([-100, -1000]) }, expected: t([-1, -1]) },
    { name: 'NaN and ±Inf', inputs: { features: t([Number.NaN, Infinity, -Infinity]) }, expected: t([Number.NaN, Infinity, -1]) },
    ...emptyUnaryCases('features'),
    { name: 'int32 is a TypeError', inputs: { features: t([1], [1], 'int32') }, throws: { type: 'TypeError', when: 'build' } },
    {
      name: 'raw op with int32 features is a TypeError',
      inputs: { features: t([1], [1], 'int32') },
      attrs: { raw: true },
      throws: {
        type: 'TypeError',
        message: "Value passed to parameter 'features' has DataType int32 not in list of allowed values: float32, float64",
        when: 'build',
      },
    },
    { name: 'grad [3,4]', inputs: { features: randomData([3, 4], { seed: 621, low: -3, high: 2, avoid: 0 }) }, gradCheck: true },
    { name: 'grad scalar', inputs: { features: scalar(-0.75) }, gradCheck: true },
    { name: 'grad size-1 dims', inputs: { features: randomData([1, 5, 1], { seed: 622, avoid: 0 }) }, gradCheck: true },
  ],
});
