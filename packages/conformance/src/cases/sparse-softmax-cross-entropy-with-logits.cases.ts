import * as tf from '@tf/graph';
import { opDef } from '@tf/graph/backend';
import xents from '../../fixtures/sparse-softmax-cross-entropy.json' with { type: 'json' };
import { defineCases, fixtureCases, ints, randomData, t } from '../case.js';
import { rawOp } from './helpers.js';

/** Outputs `[loss, backprop]` of the raw op. Attr `builder` uses `tf.nn.sparseSoftmaxCrossEntropyWithLogits` (loss only). */
export default defineCases({
  op: 'SparseSoftmaxCrossEntropyWithLogits',
  build: ({ features, labels }, { builder = false }) =>
    builder
      ? tf.nn.sparseSoftmaxCrossEntropyWithLogits({ labels, logits: features })
      : rawOp(opDef('SparseSoftmaxCrossEntropyWithLogits'), [features, labels]),
  cases: [
    {
      name: 'basic',
      inputs: { features: t([0, 0, Math.log(3), 0], [2, 2]), labels: ints([0, 0]) },
      expected: [t([Math.LN2, Math.log(4 / 3)]), t([-0.5, 0.5, -0.25, 0.25], [2, 2])],
    },
    ...fixtureCases(xents, 'SparseSoftmaxCrossEntropyWithLogits', ['features', 'labels']),
    {
      name: 'builder with rank-3 logits',
      inputs: { features: t([0, 0, 0, Math.log(3)], [2, 1, 2]), labels: ints([1, 1], [2, 1]) },
      attrs: { builder: true },
      expected: t([Math.LN2, Math.log(4 / 3)], [2, 1]),
    },
    { name: 'zero-size batch', inputs: { features: t([], [0, 3]), labels: ints([], [0]) }, expected: [t([], [0]), t([], [0, 3])] },
    {
      name: 'label out of range is an InvalidArgumentError',
      inputs: { features: t([1, 2, 3, 4], [2, 2]), labels: ints([0, 2]) },
      throws: {
        type: 'InvalidArgumentError',
        message: 'Received a label value of 2 which is outside the valid range of [0, 2)',
        when: 'run',
      },
    },
    {
      name: 'negative label is an InvalidArgumentError',
      inputs: { features: t([1, 2, 3, 4], [2, 2]), labels: ints([-1, 0]) },
      throws: { type: 'InvalidArgumentError', message: 'Received a label value of -1', when: 'run' },
    },
    {
      name: 'labels rank 2 is a ValueError',
      inputs: { features: t([1, 2, 3, 4], [2, 2]), labels: ints([0, 1], [2, 1]) },
      throws: { type: 'ValueError', message: "op: 'SparseSoftmaxCrossEntropyWithLogits'", when: 'build' },
    },
    {
      name: 'batch mismatch is a ValueError',
      inputs: { features: t([1, 2, 3, 4], [2, 2]), labels: ints([0, 1, 0]) },
      throws: { type: 'ValueError', message: 'Dimensions must be equal, but are 2 and 3', when: 'build' },
    },
    {
      name: 'float labels is a TypeError',
      inputs: { features: t([1, 2], [1, 2]), labels: t([0]) },
      attrs: { builder: true },
      throws: { type: 'TypeError', when: 'build' },
    },
    { name: 'raw op with float labels is rejected', inputs: { features: t([1, 2], [1, 2]), labels: t([0]) }, throws: { when: 'build' } },
    {
      name: 'grad [3,4] features',
      inputs: { features: randomData([3, 4], { seed: 161 }), labels: ints([3, 0, 1]) },
      gradCheck: { wrt: ['features'], outputs: [0] },
    },
    {
      name: 'grad [1,3] features',
      inputs: { features: randomData([1, 3], { seed: 162 }), labels: ints([2]) },
      gradCheck: { wrt: ['features'], outputs: [0] },
    },
    {
      name: 'grad [2,1] features',
      inputs: { features: randomData([2, 1], { seed: 163 }), labels: ints([0, 0]) },
      gradCheck: { wrt: ['features'], outputs: [0] },
    },
  ],
});
