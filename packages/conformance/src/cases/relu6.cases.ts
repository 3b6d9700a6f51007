import * as tf from '@tf/graph';
import { opDef } from '@tf/graph/backend';
import relu6s from '../../fixtures/relu6.json' with { type: 'json' };
import { defineCases, fixtureCases, randomData, scalar, t } from '../case.js';
import { emptyUnaryCases, rawOp } from './helpers.js';

/** Attrs: `raw` creates the op without the builder's dtype check. */
export default defineCases({
  op: 'Relu6',
  build: ({ features }, { raw = false }) => (raw ? rawOp(opDef('Relu6'), [features])[0]! : tf.nn.relu6(features)),
  cases: [
    { name: 'basic', inputs: { features: t([-1, 0, 3, 6, 7, 5.5], [2, 3]) }, expected: t([0, 0, 3, 6, 6, 5.5], [2, 3]) },
    ...fixtureCases(relu6s, 'Relu6', ['features']),
    { name: 'scalar', inputs: { features: scalar(8) }, expected: scalar(6) },
    { name: 'size-1 dims', inputs: { features: t([-1, 2, 9], [1, 3, 1]) }, expected: t([0, 2, 6], [1, 3, 1]) },
    { name: 'int32', inputs: { features: t([-5, 3, 10], [3], 'int32') }, expected: t([0, 3, 6], [3], 'int32') },
    { name: 'float64', inputs: { features: t([-0.5, 6.5, 2.25], [3], 'float64') }, expected: t([0, 6, 2.25], [3], 'float64') },
    // NaN stays NaN, as Relu does; infinities clamp.
    { name: 'NaN and ±Inf', inputs: { features: t([Number.NaN, Infinity, -Infinity]) }, expected: t([Number.NaN, 6, 0]) },
    ...emptyUnaryCases('features'),
    { name: 'bool input is a TypeError', inputs: { features: t([true]) }, throws: { type: 'TypeError', when: 'build' } },
    {
      name: 'raw op with bool features is a TypeError',
      inputs: { features: t([true]) },
      attrs: { raw: true },
      throws: {
        type: 'TypeError',
        message: "Value passed to parameter 'features' has DataType bool not in list of allowed values: float32, float64, int32",
        when: 'build',
      },
    },
    // Away from the kinks at 0 and 6.
    { name: 'grad [3,4]', inputs: { features: randomData([3, 4], { seed: 601, low: -2, high: 5.8, avoid: 0 }) }, gradCheck: true },
    { name: 'grad [2,5] around 6', inputs: { features: randomData([2, 5], { seed: 602, low: 5.2, high: 8, avoid: 6 }) }, gradCheck: true },
    { name: 'grad size-1 dims', inputs: { features: randomData([1, 4, 1], { seed: 603, low: -3, high: 5.8, avoid: 0 }) }, gradCheck: true },
  ],
});
