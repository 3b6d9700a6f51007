import * as tf from '@tf/graph';
import backprops from '../../fixtures/depthwise-conv2d-backprop-filter.json' with { type: 'json' };
import { defineCases, fixtureCases, randomData, t } from '../case.js';
import { convOptions, shapeInput } from './conv-helpers.js';

/**
 * Attrs: `filterSizes` (the shape input), `sizesAtRunTime` (fed through a PlaceholderWithDefault),
 * `strides`, `padding` (default VALID), `dilations`, `dataFormat`.
 */
export default defineCases({
  op: 'DepthwiseConv2dNativeBackpropFilter',
  build: ({ input, out_backprop }, attrs) =>
    tf.nn.depthwiseConv2dNativeBackpropFilter(
      input,
      shapeInput(attrs.filterSizes, attrs.sizesAtRunTime ?? false),
      out_backprop,
      attrs.strides ?? [1, 1, 1, 1],
      attrs.padding ?? 'VALID',
      convOptions(attrs),
    ),
  cases: [
    // dW[c, q] = Σ_pixels x[c] · dy[c·2 + q].
    {
      name: 'basic 1x1 filter, multiplier 2',
      inputs: { input: t([1, 10, 2, 20], [1, 2, 1, 2]), out_backprop: t([1, 0, 1, 0, 0, 1, 0, 1], [1, 2, 1, 4]) },
      attrs: { filterSizes: [1, 1, 2, 2] },
      expected: t([1, 2, 10, 20], [1, 1, 2, 2]),
    },
    ...fixtureCases(backprops, 'DepthwiseConv2dNativeBackpropFilter', ['input', 'out_backprop']),
    {
      name: 'zero-size batch gives zeros',
      inputs: { input: t([], [0, 2, 2, 1]), out_backprop: t([], [0, 2, 2, 2]) },
      attrs: { filterSizes: [1, 1, 1, 2] },
      expected: t([0, 0], [1, 1, 1, 2]),
    },
    {
      name: 'input depth must equal the filter in_channels',
      inputs: { input: randomData([1, 2, 2, 2], { seed: 1 }), out_backprop: randomData([1, 2, 2, 3], { seed: 2 }) },
      attrs: { filterSizes: [1, 1, 3, 1] },
      throws: { type: 'ValueError', message: 'DepthwiseConv2DBackpropFilter: input and filter must have the same depth', when: 'build' },
    },
    {
      name: 'batch mismatch at run time is an InvalidArgumentError',
      inputs: { input: randomData([2, 2, 2, 1], { seed: 3 }), out_backprop: randomData([1, 2, 2, 1], { seed: 4 }) },
      attrs: { filterSizes: [1, 1, 1, 1] },
      placeholders: 'unknown-dims',
      throws: {
        type: 'InvalidArgumentError',
        message: 'DepthwiseConv2DBackpropFilter: input and out_backprop must have the same batch size',
        when: 'run',
      },
    },
    {
      name: 'int32 is a TypeError',
      inputs: { input: t([1], [1, 1, 1, 1], 'int32'), out_backprop: t([1], [1, 1, 1, 1], 'int32') },
      attrs: { filterSizes: [1, 1, 1, 1] },
      throws: { type: 'TypeError', when: 'build' },
    },
    {
      name: 'grad multiplier 2 SAME 1x5x5x2',
      inputs: { input: randomData([1, 5, 5, 2], { seed: 71 }), out_backprop: randomData([1, 5, 5, 4], { seed: 72 }) },
      attrs: { filterSizes: [3, 3, 2, 2], padding: 'SAME' },
      gradCheck: true,
    },
    {
      name: 'grad stride 2 VALID 1x5x5x1',
      inputs: { input: randomData([1, 5, 5, 1], { seed: 73 }), out_backprop: randomData([1, 2, 2, 2], { seed: 74 }) },
      attrs: { filterSizes: [3, 3, 1, 2], strides: [1, 2, 2, 1] },
      gradCheck: true,
    },
    {
      name: 'grad dilation 2, batch 2, size-1 dims, sizes at run time',
      inputs: { input: randomData([2, 1, 5, 1], { seed: 75 }), out_backprop: randomData([2, 1, 3, 1], { seed: 76 }) },
      attrs: { filterSizes: [1, 2, 1, 1], dilations: [1, 1, 2, 1], sizesAtRunTime: true },
      gradCheck: true,
    },
  ],
});
