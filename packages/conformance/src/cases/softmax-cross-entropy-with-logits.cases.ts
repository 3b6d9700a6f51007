import * as tf from '@tf/graph';
import { opDef } from '@tf/graph/backend';
import xents from '../../fixtures/softmax-cross-entropy.json' with { type: 'json' };
import { defineCases, fixtureCases, randomData, t } from '../case.js';
import { rawOp } from './helpers.js';

/**
 * Outputs: `[loss, backprop]` of the raw op (both checked). Attr `builder`: use
 * `tf.nn.softmaxCrossEntropyWithLogits`, which returns the loss alone (its dtype checks apply).
 * Labels get no gradient (TF 1.x v1 semantics), so gradient checks differentiate features only.
 */
export default defineCases({
  op: 'SoftmaxCrossEntropyWithLogits',
  build: ({ features, labels }, { builder = false }) =>
    builder
      ? tf.nn.softmaxCrossEntropyWithLogits({ labels, logits: features })
      : rawOp(opDef('SoftmaxCrossEntropyWithLogits'), [features, labels]),
  cases: [
    {
      name: 'basic',
      inputs: { features: t([0, 0, Math.log(3), 0], [2, 2]), labels: t([1, 0, 0.5, 0.5], [2, 2]) },
      expected: [t([Math.LN2, 0.5 * Math.log(4 / 3) + 0.5 * Math.log(4)]), t([-0.5, 0.5, 0.25, -0.25], [2, 2])],
    },
    ...fixtureCases(xents, 'SoftmaxCrossEntropyWithLogits', ['features', 'labels']),
    { name: 'one class', inputs: { features: t([5, -5], [2, 1]), labels: t([1, 1], [2, 1]) }, expected: [t([0, 0]), t([0, 0], [2, 1])] },
    {
      name: 'builder returns the loss',
      inputs: { features: t([0, 0], [1, 2]), labels: t([1, 0], [1, 2]) },
      attrs: { builder: true },
      expected: t([Math.LN2]),
    },
    { name: 'zero-size batch', inputs: { features: t([], [0, 3]), labels: t([], [0, 3]) }, expected: [t([], [0]), t([], [0, 3])] },
    {
      name: 'NaN logit poisons its row',
      inputs: { features: t([Number.NaN, 0, 0, 0], [2, 2]), labels: t([0, 1, 0, 1], [2, 2]) },
      expected: [t([Number.NaN, Math.LN2]), t([Number.NaN, Number.NaN, 0.5, -0.5], [2, 2])],
    },
    {
      name: 'rank 1 is a ValueError',
      inputs: { features: t([1, 2]), labels: t([0, 1]) },
      throws: { type: 'ValueError', message: /Shape must be rank 2 but is rank 1.*op: 'SoftmaxCrossEntropyWithLogits'/, when: 'build' },
    },
    {
      name: 'shape mismatch is a ValueError',
      inputs: { features: t([1, 2, 3, 4], [2, 2]), labels: t([1, 0, 0, 1, 0, 0], [2, 3]) },
      throws: { type: 'ValueError', message: 'logits and labels must be same size', when: 'build' },
    },
    {
      name: 'shape mismatch at run time is an InvalidArgumentError',
      inputs: { features: t([1, 2, 3, 4], [2, 2]), labels: t([1, 0, 0, 1, 0, 0], [2, 3]) },
      placeholders: 'unknown-dims',
      throws: { type: 'InvalidArgumentError', message: 'logits and labels must be same size', when: 'run' },
    },
    {
      name: 'int32 features is a TypeError',
      inputs: { features: t([1, 2], [1, 2], 'int32'), labels: t([1, 0], [1, 2], 'int32') },
      attrs: { builder: true },
      throws: { type: 'TypeError', when: 'build' },
    },
    {
      name: 'raw op with int32 features is rejected',
      inputs: { features: t([1, 2], [1, 2], 'int32'), labels: t([1, 0], [1, 2], 'int32') },
      throws: { when: 'build' },
    },
    {
      name: 'grad [3,4] features',
      inputs: {
        features: randomData([3, 4], { seed: 151 }),
        labels: t([0.25, 0.25, 0.5, 0, 1, 0, 0, 0, 0.125, 0.375, 0.25, 0.25], [3, 4]),
      },
      gradCheck: { wrt: ['features'], outputs: [0] },
    },
    {
      name: 'grad [1,3] features',
      inputs: { features: randomData([1, 3], { seed: 152 }), labels: t([0, 0, 1], [1, 3]) },
      gradCheck: { wrt: ['features'], outputs: [0] },
    },
    {
      name: 'grad [2,1] features',
      inputs: { features: randomData([2, 1], { seed: 153 }), labels: t([1, 1], [2, 1]) },
      gradCheck: { wrt: ['features'], outputs: [0] },
    },
  ],
});
