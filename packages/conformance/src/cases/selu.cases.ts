import * as tf from '@tf/graph';
import { opDef } from '@tf/graph/backend';
import selus from '../../fixtures/selu.json' with { type: 'json' };
import { defineCases, fixtureCases, randomData, scalar, t } from '../case.js';
import { emptyUnaryCases, rawOp } from './helpers.js';

/** SELU with TF's constants: scale 1.0507009873554805, alpha 1.6732632423543772 (scale·alpha 1.7580993408473766). */
export default defineCases({
  op: 'Selu',
  build: ({ features }, { raw = false }) => (raw ? rawOp(opDef('Selu'), [features])[0]! : tf.nn.selu(features)),
  cases: [
    { name: 'basic', inputs: { features: t([-1, 0, 2], [3]) }, expected: t([-1.1113307378125625, 0, 2.101401974710961], [3]) },
    ...fixtureCases(selus, 'Selu', ['features']),
    { name: 'scalar', inputs: { features: scalar(2) }, expected: scalar(2.101401974710961) },
    { name: 'size-1 dims', inputs: { features: t([-1], [1, 1]) }, expected: t([-1.1113307378125625], [1, 1]) },
    {
      name: 'float64',
      inputs: { features: t([-1, 2], [2], 'float64') },
      expected: t([-1.1113307378125625, 2.101401974710961], [2], 'float64'),
    },
    { name: 'saturates at -scale·alpha', inputs: { features: t([-100]) }, expected: t([-1.7580993408473766]) },
    {
      name: 'NaN and ±Inf',
      inputs: { features: t([Number.NaN, Infinity, -Infinity]) },
      expected: t([Number.NaN, Infinity, -1.7580993408473766]),
    },
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
    { name: 'grad [3,4]', inputs: { features: randomData([3, 4], { seed: 641, low: -3, high: 2, avoid: 0 }) }, gradCheck: true },
    { name: 'grad scalar', inputs: { features: scalar(-0.5) }, gradCheck: true },
    { name: 'grad size-1 dims', inputs: { features: randomData([2, 1, 3], { seed: 642, avoid: 0 }) }, gradCheck: true },
  ],
});
