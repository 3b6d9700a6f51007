import * as tf from '@tf/graph';
import leakyRelus from '../../fixtures/leaky-relu.json' with { type: 'json' };
import { defineCases, fixtureCases, randomData, scalar, t } from '../case.js';
import { emptyUnaryCases } from './helpers.js';

/**
 * `tf.nn.leakyRelu(features, alpha = 0.2)`, a composite (TF 1.4–1.12: `maximum(alpha · x, x)`).
 * Attrs: `alpha`.
 */
export default defineCases({
  op: 'leakyRelu',
  composite: true,
  build: ({ features }, { alpha }) => (alpha === undefined ? tf.nn.leakyRelu(features) : tf.nn.leakyRelu(features, alpha)),
  cases: [
    { name: 'basic (alpha 0.2)', inputs: { features: t([-1, 0, 2, -5], [2, 2]) }, expected: t([-0.2, 0, 2, -1], [2, 2]) },
    ...fixtureCases(leakyRelus, 'leakyRelu', ['features']),
    { name: 'scalar', inputs: { features: scalar(-2) }, expected: scalar(-0.4) },
    { name: 'float64', inputs: { features: t([-1, 3], [2], 'float64') }, attrs: { alpha: 0.5 }, expected: t([-0.5, 3], [2], 'float64') },
    // Integer features are cast to float32 first, as TF's `to_float`.
    { name: 'int32 becomes float32', inputs: { features: t([-5, 5], [2], 'int32') }, expected: t([-1, 5], [2]) },
    { name: 'NaN and ±Inf', inputs: { features: t([Number.NaN, Infinity, -Infinity]) }, expected: t([Number.NaN, Infinity, -Infinity]) },
    ...emptyUnaryCases('features'),
    { name: 'bool is a TypeError', inputs: { features: t([true]) }, throws: { type: 'TypeError', when: 'build' } },
    { name: 'grad [3,4]', inputs: { features: randomData([3, 4], { seed: 741, avoid: 0 }) }, gradCheck: true },
    {
      name: 'grad alpha 0.01 [2,1,3]',
      inputs: { features: randomData([2, 1, 3], { seed: 742, avoid: 0 }) },
      attrs: { alpha: 0.01 },
      gradCheck: true,
    },
    { name: 'grad scalar', inputs: { features: scalar(-0.5) }, gradCheck: true },
  ],
});
