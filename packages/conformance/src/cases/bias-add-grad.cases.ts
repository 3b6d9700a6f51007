import * as tf from '@tf/graph';
import biasAddGrads from '../../fixtures/bias-add-grad.json' with { type: 'json' };
import { defineCases, fixtureCases, randomData, t } from '../case.js';

/** Attrs: `dataFormat` (default NHWC). */
export default defineCases({
  op: 'BiasAddGrad',
  build: ({ out_backprop }, { dataFormat }) => tf.nn.biasAddGrad(out_backprop, dataFormat),
  cases: [
    { name: 'basic', inputs: { out_backprop: t([1, 2, 3, 4, 5, 6], [2, 3]) }, expected: t([5, 7, 9]) },
    ...fixtureCases(biasAddGrads, 'BiasAddGrad', ['out_backprop']),
    { name: 'int32', inputs: { out_backprop: t([1, 2, 3, 4], [2, 2], 'int32') }, expected: t([4, 6], [2], 'int32') },
    { name: 'NaN and Inf', inputs: { out_backprop: t([Number.NaN, 1, Infinity, 2], [2, 2]) }, expected: t([Number.NaN, 3]) },
    { name: 'zero-size batch sums to zeros', inputs: { out_backprop: t([], [0, 3]) }, expected: t([0, 0, 0]) },
    { name: 'zero channels', inputs: { out_backprop: t([], [2, 0]) }, expected: t([], [0]) },
    {
      name: 'rank-1 is a ValueError',
      inputs: { out_backprop: t([1, 2, 3]) },
      throws: { type: 'ValueError', message: "Shape must be at least rank 2 but is rank 1 for 'BiasAddGrad'", when: 'build' },
    },
    {
      name: 'rank-1 at run time is an InvalidArgumentError',
      inputs: { out_backprop: t([1, 2, 3]) },
      placeholders: 'unknown-rank',
      throws: { type: 'InvalidArgumentError', message: 'Input tensor must be at least 2D', when: 'run' },
    },
    // Its gradient spreads the [C] gradient back over the input (TF's `_BiasAddGradGrad`).
    { name: 'grad [3,4]', inputs: { out_backprop: randomData([3, 4], { seed: 681 }) }, gradCheck: true },
    { name: 'grad [2,1,2,3]', inputs: { out_backprop: randomData([2, 1, 2, 3], { seed: 682 }) }, gradCheck: true },
    {
      name: 'grad NCHW [2,3,2,2]',
      inputs: { out_backprop: randomData([2, 3, 2, 2], { seed: 683 }) },
      attrs: { dataFormat: 'NCHW' },
      gradCheck: true,
    },
    {
      name: 'grad unknown dims [2,3]',
      inputs: { out_backprop: randomData([2, 3], { seed: 684 }) },
      placeholders: 'unknown-dims',
      gradCheck: true,
    },
  ],
});
