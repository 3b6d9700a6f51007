import * as tf from '@tf/graph';
import { opDef } from '@tf/graph/backend';
import depthwise from '../../fixtures/depthwise-conv2d.json' with { type: 'json' };
import { defineCases, fixtureCases, randomData, t } from '../case.js';
import { convAttrs, convOptions } from './conv-helpers.js';
import { rawOp } from './helpers.js';

/** Attrs: `strides`, `padding` (default VALID), `dilations`, `rate` (TF 1.x's `[rows, cols]`), `dataFormat`, `raw`. */
export default defineCases({
  op: 'DepthwiseConv2dNative',
  build: ({ input, filter }, attrs) =>
    attrs.raw
      ? rawOp(opDef('DepthwiseConv2dNative'), [input, filter], convAttrs(attrs))[0]!
      : tf.nn.depthwiseConv2d(input, filter, attrs.strides ?? [1, 1, 1, 1], attrs.padding ?? 'VALID', {
          ...convOptions(attrs),
          ...(attrs.rate ? { rate: attrs.rate } : {}),
        }),
  cases: [
    // Channel 0 = [1, 2, 3, 4] with filters ×1, ×2; channel 1 = [10, 20, 30, 40] with ×3, ×4.
    {
      name: 'basic 1x1 filter, multiplier 2',
      inputs: { input: t([1, 10, 2, 20, 3, 30, 4, 40], [1, 2, 2, 2]), filter: t([1, 2, 3, 4], [1, 1, 2, 2]) },
      expected: t([1, 2, 30, 40, 2, 4, 60, 80, 3, 6, 90, 120, 4, 8, 120, 160], [1, 2, 2, 4]),
    },
    ...fixtureCases(depthwise, 'DepthwiseConv2dNative', ['input', 'filter']),
    {
      name: 'rate [2, 2] is dilations [1, 2, 2, 1]',
      inputs: { input: t([1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 3, 3, 1]), filter: t([1, 1, 1, 1], [2, 2, 1, 1]) },
      attrs: { rate: [2, 2] },
      expected: t([1 + 3 + 7 + 9], [1, 1, 1, 1]),
    },
    {
      name: 'float64',
      inputs: { input: t([0.5, 0.25], [1, 1, 1, 2], 'float64'), filter: t([2, 4], [1, 1, 2, 1], 'float64') },
      expected: t([1, 1], [1, 1, 1, 2], 'float64'),
    },
    { name: 'zero-size batch', inputs: { input: t([], [0, 2, 2, 1]), filter: t([1, 2], [1, 1, 1, 2]) }, expected: t([], [0, 2, 2, 2]) },
    {
      name: 'input depth must equal filter in_channels',
      inputs: { input: randomData([1, 3, 3, 2], { seed: 1 }), filter: randomData([2, 2, 3, 1], { seed: 2 }) },
      throws: {
        type: 'ValueError',
        message: /Dimensions must be equal, but are 2 and 3 for '.*' \(op: 'DepthwiseConv2dNative'\)/,
        when: 'build',
      },
    },
    {
      name: 'depth mismatch at run time is an InvalidArgumentError',
      inputs: { input: randomData([1, 3, 3, 2], { seed: 1 }), filter: randomData([2, 2, 3, 1], { seed: 2 }) },
      placeholders: 'unknown-dims',
      throws: { type: 'InvalidArgumentError', message: 'Dimensions must be equal, but are 2 and 3', when: 'run' },
    },
    {
      name: 'rank 3 input is a ValueError',
      inputs: { input: t([1, 2, 3, 4], [2, 2, 1]), filter: t([1], [1, 1, 1, 1]) },
      throws: { type: 'ValueError', message: 'Shape must be rank 4 but is rank 3', when: 'build' },
    },
    {
      name: 'int32 is a TypeError',
      inputs: { input: t([1], [1, 1, 1, 1], 'int32'), filter: t([1], [1, 1, 1, 1], 'int32') },
      throws: { type: 'TypeError', when: 'build' },
    },
    {
      name: 'raw op on int32 is a TypeError',
      inputs: { input: t([1], [1, 1, 1, 1], 'int32'), filter: t([1], [1, 1, 1, 1], 'int32') },
      attrs: { raw: true },
      throws: { type: 'TypeError', when: 'build' },
    },
    {
      name: 'strides in the depth dimension are rejected',
      inputs: { input: randomData([1, 3, 3, 2], { seed: 3 }), filter: randomData([1, 1, 2, 1], { seed: 4 }) },
      attrs: { strides: [1, 1, 1, 2] },
      throws: {
        type: 'ValueError',
        message: 'Current implementation does not yet support strides in the batch and depth dimensions.',
        when: 'build',
      },
    },
    {
      name: 'strides with 2 values are rejected',
      inputs: { input: randomData([1, 3, 3, 2], { seed: 3 }), filter: randomData([1, 1, 2, 1], { seed: 4 }) },
      attrs: { strides: [1, 1] },
      throws: {
        type: 'ValueError',
        message: 'DepthwiseConv2D on data format NHWC requires the stride attribute to contain 4 values, but got: 2',
        when: 'build',
      },
    },
    {
      name: 'NCHW is an UnimplementedError',
      inputs: { input: randomData([1, 2, 3, 3], { seed: 3 }), filter: randomData([1, 1, 2, 1], { seed: 4 }) },
      attrs: { dataFormat: 'NCHW' },
      throws: { type: 'UnimplementedError', when: 'build' },
    },
    {
      name: 'VALID window larger than input is a ValueError',
      inputs: { input: randomData([1, 2, 2, 1], { seed: 5 }), filter: randomData([3, 3, 1, 1], { seed: 6 }) },
      throws: { type: 'ValueError', message: 'Negative dimension size caused by subtracting 3 from 2', when: 'build' },
    },
    {
      name: 'grad multiplier 2 SAME 1x5x5x2 * 3x3x2x2',
      inputs: { input: randomData([1, 5, 5, 2], { seed: 51 }), filter: randomData([3, 3, 2, 2], { seed: 52 }) },
      attrs: { padding: 'SAME' },
      gradCheck: true,
    },
    {
      name: 'grad stride 2 VALID multiplier 1 1x5x5x3',
      inputs: { input: randomData([1, 5, 5, 3], { seed: 53 }), filter: randomData([3, 3, 3, 1], { seed: 54 }) },
      attrs: { strides: [1, 2, 2, 1] },
      gradCheck: true,
    },
    {
      name: 'grad dilation 2 SAME, batch 2, size-1 dims',
      inputs: { input: randomData([2, 1, 5, 1], { seed: 55 }), filter: randomData([1, 2, 1, 3], { seed: 56 }) },
      attrs: { padding: 'SAME', dilations: [1, 1, 2, 1] },
      gradCheck: true,
    },
  ],
});
