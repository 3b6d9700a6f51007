import * as tf from '@tf/graph';
import backprops from '../../fixtures/depthwise-conv2d-backprop-input.json' with { type: 'json' };
import { defineCases, fixtureCases, randomData, t } from '../case.js';
import { convOptions, shapeInput } from './conv-helpers.js';

/**
 * Attrs: `inputSizes` (the shape input), `sizesAtRunTime` (fed through a PlaceholderWithDefault),
 * `strides`, `padding` (default VALID), `dilations`, `dataFormat`.
 */
export default defineCases({
  op: 'DepthwiseConv2dNativeBackpropInput',
  build: ({ filter, out_backprop }, attrs) =>
    tf.nn.depthwiseConv2dNativeBackpropInput(
      shapeInput(attrs.inputSizes, attrs.sizesAtRunTime ?? false),
      filter,
      out_backprop,
      attrs.strides ?? [1, 1, 1, 1],
      attrs.padding ?? 'VALID',
      convOptions(attrs),
    ),
  cases: [
    // dx[c] = Σ_q dy[c·2 + q] · filter[c, q] per pixel.
    {
      name: 'basic 1x1 filter, multiplier 2',
      inputs: { filter: t([1, 2, 3, 4], [1, 1, 2, 2]), out_backprop: t([1, 1, 1, 1, 2, 0, 0, 2], [1, 2, 1, 4]) },
      attrs: { inputSizes: [1, 2, 1, 2] },
      expected: t([3, 7, 2, 8], [1, 2, 1, 2]),
    },
    ...fixtureCases(backprops, 'DepthwiseConv2dNativeBackpropInput', ['filter', 'out_backprop']),
    {
      name: 'input sizes at run time',
      inputs: { filter: t([1, 2, 3, 4], [1, 1, 2, 2]), out_backprop: t([1, 1, 1, 1, 2, 0, 0, 2], [1, 2, 1, 4]) },
      attrs: { inputSizes: [1, 2, 1, 2], sizesAtRunTime: true },
      expected: t([3, 7, 2, 8], [1, 2, 1, 2]),
    },
    {
      name: 'zero-size batch',
      inputs: { filter: t([1, 2], [1, 1, 1, 2]), out_backprop: t([], [0, 2, 2, 2]) },
      attrs: { inputSizes: [0, 2, 2, 1] },
      expected: t([], [0, 2, 2, 1]),
    },
    {
      name: 'out_depth must be in_depth × multiplier',
      inputs: { filter: randomData([1, 1, 2, 2], { seed: 1 }), out_backprop: randomData([1, 2, 2, 3], { seed: 2 }) },
      attrs: { inputSizes: [1, 2, 2, 2] },
      throws: {
        type: 'ValueError',
        message: 'DepthwiseConv2DBackpropInput: filter and out_backprop must have the same out_depth',
        when: 'build',
      },
    },
    {
      name: 'size mismatch with sizes at run time is an InvalidArgumentError',
      inputs: { filter: randomData([3, 3, 1, 1], { seed: 3 }), out_backprop: randomData([1, 4, 4, 1], { seed: 4 }) },
      attrs: { inputSizes: [1, 5, 5, 1], sizesAtRunTime: true },
      throws: {
        type: 'InvalidArgumentError',
        message: "DepthwiseConv2DBackpropInput: Size of out_backprop doesn't match computed: actual = 4, computed = 3",
        when: 'run',
      },
    },
    {
      name: 'int32 is a TypeError',
      inputs: { filter: t([1], [1, 1, 1, 1], 'int32'), out_backprop: t([1], [1, 1, 1, 1], 'int32') },
      attrs: { inputSizes: [1, 1, 1, 1] },
      throws: { type: 'TypeError', when: 'build' },
    },
    {
      name: 'grad multiplier 2 SAME 1x5x5x2',
      inputs: { filter: randomData([3, 3, 2, 2], { seed: 61 }), out_backprop: randomData([1, 5, 5, 4], { seed: 62 }) },
      attrs: { inputSizes: [1, 5, 5, 2], padding: 'SAME' },
      gradCheck: true,
    },
    {
      name: 'grad stride 2 VALID 1x5x5x1',
      inputs: { filter: randomData([3, 3, 1, 2], { seed: 63 }), out_backprop: randomData([1, 2, 2, 2], { seed: 64 }) },
      attrs: { inputSizes: [1, 5, 5, 1], strides: [1, 2, 2, 1] },
      gradCheck: true,
    },
    {
      name: 'grad dilation 2, batch 2, size-1 dims, sizes at run time',
      inputs: { filter: randomData([1, 2, 1, 1], { seed: 65 }), out_backprop: randomData([2, 1, 3, 1], { seed: 66 }) },
      attrs: { inputSizes: [2, 1, 5, 1], dilations: [1, 1, 2, 1], sizesAtRunTime: true },
      gradCheck: true,
    },
  ],
});
