import * as tf from '@tf/graph';
import fusedBatchNormGrads from '../../fixtures/fused-batch-norm-grad.json' with { type: 'json' };
import { defineCases, fixtureCases, randomData, t } from '../case.js';

/**
 * Outputs dx, dscale, doffset. Attrs: `isTraining` (default true), `dataFormat`, `epsilon`;
 * `fromForward` ignores the reserve-space inputs and takes them from a FusedBatchNorm of `x`
 * instead, so a gradient check perturbs the batch statistics with `x` (second-order batch norm).
 */
export default defineCases({
  op: 'FusedBatchNormGrad',
  build: (
    { y_backprop, x, scale, reserve_space_1, reserve_space_2 },
    { isTraining = true, dataFormat = 'NHWC', epsilon = 0.001, fromForward = false },
  ) => {
    const attrs = { isTraining, dataFormat, epsilon };
    if (!fromForward) return tf.nn.fusedBatchNormGrad(y_backprop, x, scale, reserve_space_1, reserve_space_2, attrs);
    const [y] = tf.nn.fusedBatchNorm(x, scale, tf.zerosLike(scale), { dataFormat, epsilon, isTraining: true });
    return tf.nn.fusedBatchNormGrad(y_backprop, x, scale, y.op.outputs[3]!, y.op.outputs[4]!, attrs);
  },
  cases: [
    ...fixtureCases(fusedBatchNormGrads, 'FusedBatchNormGrad', ['y_backprop', 'x', 'scale', 'reserve_space_1', 'reserve_space_2']),
    {
      name: 'inference: dx = dy · scale · rsqrt(variance + epsilon)',
      inputs: {
        y_backprop: t([1, 2, 3, 4], [2, 1, 1, 2]),
        x: t([1, 2, 3, 6], [2, 1, 1, 2]),
        scale: t([2, 1]),
        reserve_space_1: t([1, 2]),
        reserve_space_2: t([0.999, 3.999]),
      },
      attrs: { isTraining: false },
      expected: [t([2, 1, 6, 2], [2, 1, 1, 2]), t([6, 8]), t([4, 6])],
    },
    {
      name: 'zero channels',
      inputs: {
        y_backprop: t([], [1, 2, 2, 0]),
        x: t([], [1, 2, 2, 0]),
        scale: t([], [0]),
        reserve_space_1: t([], [0]),
        reserve_space_2: t([], [0]),
      },
      expected: [t([], [1, 2, 2, 0]), t([], [0]), t([], [0])],
    },
    {
      name: 'rank-3 x is a ValueError',
      inputs: {
        y_backprop: t([1, 2], [1, 1, 2]),
        x: t([1, 2], [1, 1, 2]),
        scale: t([1, 1]),
        reserve_space_1: t([0, 0]),
        reserve_space_2: t([1, 1]),
      },
      throws: { type: 'ValueError', message: /Shape must be rank 4 but is rank 3 for 'FusedBatchNormGrad'/, when: 'build' },
    },
    {
      name: 'y_backprop and x of different shapes is a ValueError',
      inputs: {
        y_backprop: t([1, 2, 3, 4], [1, 1, 2, 2]),
        x: t([1, 2], [1, 1, 1, 2]),
        scale: t([1, 1]),
        reserve_space_1: t([0, 0]),
        reserve_space_2: t([1, 1]),
      },
      throws: { type: 'ValueError', message: "op: 'FusedBatchNormGrad'", when: 'build' },
    },
    {
      name: 'wrong reserve size at run time is an InvalidArgumentError',
      inputs: {
        y_backprop: t([1, 2], [1, 1, 1, 2]),
        x: t([1, 2], [1, 1, 1, 2]),
        scale: t([1, 1]),
        reserve_space_1: t([0, 0, 0]),
        reserve_space_2: t([1, 1]),
      },
      placeholders: 'unknown-dims',
      throws: { type: 'InvalidArgumentError', message: "op: 'FusedBatchNormGrad'", when: 'run' },
    },
    // TF's `_FusedBatchNormGradGrad`: the composite `_BatchNormGrad` differentiated again.
    {
      name: 'grad inference [2,2,1,3]',
      inputs: {
        y_backprop: randomData([2, 2, 1, 3], { seed: 711 }),
        x: randomData([2, 2, 1, 3], { seed: 712 }),
        scale: randomData([3], { seed: 713, low: 0.5, high: 2 }),
        reserve_space_1: randomData([3], { seed: 714 }),
        reserve_space_2: randomData([3], { seed: 715, low: 0.5, high: 2 }),
      },
      attrs: { isTraining: false },
      gradCheck: { wrt: ['y_backprop', 'x', 'scale'] },
    },
    {
      name: 'grad inference NCHW [1,2,2,2]',
      inputs: {
        y_backprop: randomData([1, 2, 2, 2], { seed: 716 }),
        x: randomData([1, 2, 2, 2], { seed: 717 }),
        scale: randomData([2], { seed: 718, low: 0.5, high: 2 }),
        reserve_space_1: randomData([2], { seed: 719 }),
        reserve_space_2: randomData([2], { seed: 720, low: 0.5, high: 2 }),
      },
      attrs: { isTraining: false, dataFormat: 'NCHW' },
      gradCheck: { wrt: ['y_backprop', 'x', 'scale'] },
    },
    {
      name: 'grad training NHWC [2,2,1,3] (statistics from x)',
      inputs: {
        y_backprop: randomData([2, 2, 1, 3], { seed: 721 }),
        x: randomData([2, 2, 1, 3], { seed: 722 }),
        scale: randomData([3], { seed: 723, low: 0.5, high: 2 }),
        reserve_space_1: randomData([3], { seed: 724 }),
        reserve_space_2: randomData([3], { seed: 725, low: 0.5, high: 2 }),
      },
      attrs: { fromForward: true },
      gradCheck: { wrt: ['y_backprop', 'x', 'scale'] },
    },
    {
      name: 'grad training NCHW [2,2,2,1] (statistics from x)',
      inputs: {
        y_backprop: randomData([2, 2, 2, 1], { seed: 726 }),
        x: randomData([2, 2, 2, 1], { seed: 727 }),
        scale: randomData([2], { seed: 728, low: 0.5, high: 2 }),
        reserve_space_1: randomData([2], { seed: 729 }),
        reserve_space_2: randomData([2], { seed: 730, low: 0.5, high: 2 }),
      },
      attrs: { fromForward: true, dataFormat: 'NCHW' },
      gradCheck: { wrt: ['y_backprop', 'x', 'scale'] },
    },
  ],
});
