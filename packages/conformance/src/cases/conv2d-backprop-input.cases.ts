import * as tf from '@tf/graph';
import backprops from '../../fixtures/conv2d-backprop-input.json' with { type: 'json' };
import transposes from '../../fixtures/conv2d-transpose.json' with { type: 'json' };
import { defineCases, fixtureCases, randomData, t } from '../case.js';
import { convOptions, shapeInput } from './conv-helpers.js';

/**
 * Attrs: `inputSizes` (the shape input), `sizesAtRunTime` (fed through a PlaceholderWithDefault),
 * `strides`, `padding` (default VALID), `dilations`, `dataFormat`, and `transpose`: build with
 * `tf.nn.conv2dTranspose(out_backprop, filter, inputSizes, …)`, which is this op.
 */
export default defineCases({
  op: 'Conv2DBackpropInput',
  build: ({ filter, out_backprop }, attrs) => {
    const sizes = shapeInput(attrs.inputSizes, attrs.sizesAtRunTime ?? false);
    const strides = attrs.strides ?? [1, 1, 1, 1];
    const padding = attrs.padding ?? 'VALID';
    return attrs.transpose
      ? tf.nn.conv2dTranspose(out_backprop, filter, sizes, strides, padding, convOptions(attrs))
      : tf.nn.conv2dBackpropInput(sizes, filter, out_backprop, strides, padding, convOptions(attrs));
  },
  cases: [
    {
      name: 'basic 1x1 filter',
      inputs: { filter: t([3], [1, 1, 1, 1]), out_backprop: t([1, 2, 3, 4], [1, 2, 2, 1]) },
      attrs: { inputSizes: [1, 2, 2, 1] },
      expected: t([3, 6, 9, 12], [1, 2, 2, 1]),
    },
    // Each value spreads over its own 2x2 block: the classic "upsampling" transposed convolution.
    {
      name: 'conv2dTranspose 2x2 stride 2 upsamples',
      inputs: { filter: t([1, 1, 1, 1], [2, 2, 1, 1]), out_backprop: t([1, 2, 3, 4], [1, 2, 2, 1]) },
      attrs: { transpose: true, inputSizes: [1, 4, 4, 1], strides: [1, 2, 2, 1] },
      expected: t([1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4], [1, 4, 4, 1]),
    },
    ...fixtureCases(backprops, 'Conv2DBackpropInput', ['filter', 'out_backprop']),
    ...fixtureCases(transposes, 'Conv2DBackpropInput', ['filter', 'out_backprop']),
    {
      name: 'input sizes at run time',
      inputs: { filter: t([1, 1, 1, 1], [2, 2, 1, 1]), out_backprop: t([1, 2, 3, 4], [1, 2, 2, 1]) },
      attrs: { inputSizes: [1, 4, 4, 1], strides: [1, 2, 2, 1], sizesAtRunTime: true },
      expected: t([1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4], [1, 4, 4, 1]),
    },
    {
      name: 'float64',
      inputs: { filter: t([0.5, 0.25], [1, 1, 2, 1], 'float64'), out_backprop: t([2, 4], [1, 1, 2, 1], 'float64') },
      attrs: { inputSizes: [1, 1, 2, 2] },
      expected: t([1, 0.5, 2, 1], [1, 1, 2, 2], 'float64'),
    },
    {
      name: 'zero-size batch',
      inputs: { filter: t([1, 2], [1, 1, 1, 2]), out_backprop: t([], [0, 2, 2, 2]) },
      attrs: { inputSizes: [0, 2, 2, 1] },
      expected: t([], [0, 2, 2, 1]),
    },
    {
      name: 'zero output channels give zeros',
      inputs: { filter: t([], [1, 1, 1, 0]), out_backprop: t([], [1, 2, 1, 0]) },
      attrs: { inputSizes: [1, 2, 1, 1] },
      expected: t([0, 0], [1, 2, 1, 1]),
    },
    {
      name: 'out_backprop size mismatch is a ValueError',
      inputs: { filter: randomData([3, 3, 1, 1], { seed: 1 }), out_backprop: randomData([1, 4, 4, 1], { seed: 2 }) },
      attrs: { inputSizes: [1, 5, 5, 1], padding: 'SAME' },
      throws: {
        type: 'ValueError',
        message:
          "Conv2DBackpropInput: Size of out_backprop doesn't match computed: actual = 4, computed = 5 spatial_dim: 1 input: 5 filter: 3 output: 4 stride: 1 dilation: 1",
        when: 'build',
      },
    },
    {
      name: 'size mismatch with sizes at run time is an InvalidArgumentError',
      inputs: { filter: randomData([3, 3, 1, 1], { seed: 1 }), out_backprop: randomData([1, 4, 4, 1], { seed: 2 }) },
      attrs: { inputSizes: [1, 5, 5, 1], padding: 'SAME', sizesAtRunTime: true },
      throws: {
        type: 'InvalidArgumentError',
        message: "Size of out_backprop doesn't match computed: actual = 4, computed = 5",
        when: 'run',
      },
    },
    {
      name: 'out_depth mismatch is a ValueError',
      inputs: { filter: randomData([1, 1, 1, 2], { seed: 3 }), out_backprop: randomData([1, 2, 2, 3], { seed: 4 }) },
      attrs: { inputSizes: [1, 2, 2, 1] },
      throws: { type: 'ValueError', message: 'Conv2DBackpropInput: filter and out_backprop must have the same out_depth', when: 'build' },
    },
    {
      name: 'input_sizes with 3 values is a ValueError',
      inputs: { filter: randomData([1, 1, 1, 1], { seed: 5 }), out_backprop: randomData([1, 2, 2, 1], { seed: 6 }) },
      attrs: { inputSizes: [2, 2, 1] },
      throws: { type: 'ValueError', message: 'Shape must be rank 4 but is rank 3', when: 'build' },
    },
    {
      name: 'rank 3 filter is a ValueError',
      inputs: { filter: t([1], [1, 1, 1]), out_backprop: randomData([1, 2, 2, 1], { seed: 7 }) },
      attrs: { inputSizes: [1, 2, 2, 1] },
      throws: { type: 'ValueError', message: /Shape must be rank 4 but is rank 3 for '.*' \(op: 'Conv2DBackpropInput'\)/, when: 'build' },
    },
    {
      name: 'int32 is a TypeError',
      inputs: { filter: t([1], [1, 1, 1, 1], 'int32'), out_backprop: t([1, 2, 3, 4], [1, 2, 2, 1], 'int32') },
      attrs: { inputSizes: [1, 2, 2, 1] },
      throws: { type: 'TypeError', when: 'build' },
    },
    {
      name: 'conv2dTranspose: value channels must match the filter',
      inputs: { filter: randomData([2, 2, 1, 3], { seed: 8 }), out_backprop: randomData([1, 2, 2, 2], { seed: 9 }) },
      attrs: { transpose: true, inputSizes: [1, 4, 4, 1], strides: [1, 2, 2, 1] },
      throws: { type: 'ValueError', message: "input channels does not match filter's input channels, 2 != 3", when: 'build' },
    },
    {
      name: 'conv2dTranspose: output channels must match the filter',
      inputs: { filter: randomData([2, 2, 1, 2], { seed: 8 }), out_backprop: randomData([1, 2, 2, 2], { seed: 9 }) },
      attrs: { transpose: true, inputSizes: [1, 4, 4, 3], strides: [1, 2, 2, 1] },
      throws: { type: 'ValueError', message: "output_shape does not match filter's output channels, 3 != 1", when: 'build' },
    },
    {
      name: 'conv2dTranspose: NCHW is an UnimplementedError',
      inputs: { filter: randomData([2, 2, 1, 1], { seed: 8 }), out_backprop: randomData([1, 1, 2, 2], { seed: 9 }) },
      attrs: { transpose: true, inputSizes: [1, 1, 4, 4], strides: [1, 1, 2, 2], dataFormat: 'NCHW' },
      throws: { type: 'UnimplementedError', when: 'build' },
    },
    {
      name: 'grad SAME 1x5x5x2 <- 3x3x2x3',
      inputs: { filter: randomData([3, 3, 2, 3], { seed: 31 }), out_backprop: randomData([1, 5, 5, 3], { seed: 32 }) },
      attrs: { inputSizes: [1, 5, 5, 2], padding: 'SAME' },
      gradCheck: true,
    },
    {
      name: 'grad stride 2 VALID 1x5x5x2 <- 3x3x2x2',
      inputs: { filter: randomData([3, 3, 2, 2], { seed: 33 }), out_backprop: randomData([1, 2, 2, 2], { seed: 34 }) },
      attrs: { inputSizes: [1, 5, 5, 2], strides: [1, 2, 2, 1] },
      gradCheck: true,
    },
    {
      name: 'grad conv2dTranspose stride 2 SAME 1x2x2x2 -> 1x4x4x1',
      inputs: { filter: randomData([3, 3, 1, 2], { seed: 35 }), out_backprop: randomData([1, 2, 2, 2], { seed: 36 }) },
      attrs: { transpose: true, inputSizes: [1, 4, 4, 1], strides: [1, 2, 2, 1], padding: 'SAME' },
      gradCheck: true,
    },
    {
      name: 'grad dilation 2, sizes at run time',
      inputs: { filter: randomData([2, 2, 1, 2], { seed: 37 }), out_backprop: randomData([2, 3, 3, 2], { seed: 38 }) },
      attrs: { inputSizes: [2, 5, 5, 1], dilations: [1, 2, 2, 1], sizesAtRunTime: true },
      gradCheck: true,
    },
  ],
});
