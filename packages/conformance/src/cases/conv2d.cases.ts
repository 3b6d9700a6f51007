import * as tf from '@tf/graph';
import { opDef } from '@tf/graph/backend';
import convs from '../../fixtures/conv2d.json' with { type: 'json' };
import { defineCases, fixtureCases, randomData, t } from '../case.js';
import { convAttrs, convOptions } from './conv-helpers.js';
import { rawOp } from './helpers.js';

const x3x3 = t([1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 3, 3, 1]);
const diagonal2x2 = t([1, 0, 0, 1], [2, 2, 1, 1]);

/** Attrs: `strides`, `padding` (default VALID), `dilations`, `dataFormat`, `raw` (the op without the builder). */
export default defineCases({
  op: 'Conv2D',
  build: ({ input, filter }, attrs) =>
    attrs.raw
      ? rawOp(opDef('Conv2D'), [input, filter], convAttrs(attrs))[0]!
      : tf.nn.conv2d(input, filter, attrs.strides ?? [1, 1, 1, 1], attrs.padding ?? 'VALID', convOptions(attrs)),
  cases: [
    { name: 'basic VALID 3x3 * 2x2 diagonal', inputs: { input: x3x3, filter: diagonal2x2 }, expected: t([6, 8, 12, 14], [1, 2, 2, 1]) },
    // SAME: total padding 1 goes after (bottom/right), so the last row and column see zeros.
    {
      name: 'basic SAME pads after',
      inputs: { input: x3x3, filter: diagonal2x2 },
      attrs: { padding: 'SAME' },
      expected: t([6, 8, 3, 12, 14, 6, 7, 8, 9], [1, 3, 3, 1]),
    },
    ...fixtureCases(convs, 'Conv2D', ['input', 'filter']),
    // Stride and dilation together: output (i, j) sums input rows 2i, 2i+2 and columns 2j, 2j+2.
    {
      name: 'stride 2 with dilation 2 VALID',
      inputs: {
        input: t(
          Array.from({ length: 25 }, (_, i) => i + 1),
          [1, 5, 5, 1],
        ),
        filter: t([1, 1, 1, 1], [2, 2, 1, 1]),
      },
      attrs: { strides: [1, 2, 2, 1], dilations: [1, 2, 2, 1] },
      expected: t([28, 36, 68, 76], [1, 2, 2, 1]),
    },
    {
      name: 'float64',
      inputs: { input: t([0.5, 0.25, 0.125, 2], [1, 2, 2, 1], 'float64'), filter: t([1, 2, 3, 4], [2, 2, 1, 1], 'float64') },
      expected: t([9.375], [1, 1, 1, 1], 'float64'),
    },
    {
      name: 'NaN spreads to the windows that read it',
      inputs: { input: t([1, Number.NaN, 2, 3], [1, 2, 2, 1]), filter: t([1, 1, 1, 1], [2, 2, 1, 1]) },
      attrs: { padding: 'SAME' },
      expected: t([Number.NaN, Number.NaN, 5, 3], [1, 2, 2, 1]),
    },
    {
      name: 'zero-size batch',
      inputs: { input: t([], [0, 3, 3, 1]), filter: t([1, 2, 3, 4, 5, 6, 7, 8], [2, 2, 1, 2]) },
      expected: t([], [0, 2, 2, 2]),
    },
    {
      name: 'zero input channels give zeros',
      inputs: { input: t([], [1, 2, 2, 0]), filter: t([], [1, 1, 0, 2]) },
      expected: t([0, 0, 0, 0, 0, 0, 0, 0], [1, 2, 2, 2]),
    },
    {
      name: 'unknown dims resolved at run time',
      inputs: { input: x3x3, filter: diagonal2x2 },
      attrs: { padding: 'SAME' },
      placeholders: 'unknown-dims',
      expected: t([6, 8, 3, 12, 14, 6, 7, 8, 9], [1, 3, 3, 1]),
    },
    // The kernel's truncating division: (3 - 5 + 2) / 2 = 0 rows, not an error (the static check is stricter).
    {
      name: 'VALID window larger than input at run time with stride 2 is empty',
      inputs: { input: x3x3, filter: t(new Array(25).fill(1), [5, 5, 1, 1]) },
      attrs: { strides: [1, 2, 2, 1] },
      placeholders: 'unknown-dims',
      expected: t([], [1, 0, 0, 1]),
    },
    {
      name: 'VALID window larger than input is a ValueError',
      inputs: { input: x3x3, filter: t(new Array(25).fill(1), [5, 5, 1, 1]) },
      throws: {
        type: 'ValueError',
        message: /Negative dimension size caused by subtracting 5 from 3 for '.*' \(op: 'Conv2D'\)/,
        when: 'build',
      },
    },
    {
      name: 'VALID window larger than input at run time is an InvalidArgumentError',
      inputs: { input: x3x3, filter: t(new Array(25).fill(1), [5, 5, 1, 1]) },
      placeholders: 'unknown-dims',
      throws: {
        type: 'InvalidArgumentError',
        message: 'Computed output size would be negative: -1 [input_size: 3, effective_filter_size: 5, stride: 1]',
        when: 'run',
      },
    },
    {
      name: 'input depth must equal filter in_depth',
      inputs: { input: randomData([1, 3, 3, 2], { seed: 1 }), filter: randomData([2, 2, 3, 1], { seed: 2 }) },
      throws: {
        type: 'ValueError',
        message: /Dimensions must be equal, but are 2 and 3 for '.*' \(op: 'Conv2D'\) with input shapes: \[1,3,3,2\], \[2,2,3,1\]/,
        when: 'build',
      },
    },
    {
      name: 'depth mismatch at run time is an InvalidArgumentError',
      inputs: { input: randomData([1, 3, 3, 2], { seed: 1 }), filter: randomData([2, 2, 3, 1], { seed: 2 }) },
      placeholders: 'unknown-dims',
      throws: {
        type: 'InvalidArgumentError',
        message: "Dimensions must be equal, but are 2 and 3 for 'Conv2D' (op: 'Conv2D')",
        when: 'run',
      },
    },
    {
      name: 'rank 3 input is a ValueError',
      inputs: { input: t([1, 2, 3, 4], [2, 2, 1]), filter: diagonal2x2 },
      throws: { type: 'ValueError', message: /Shape must be rank 4 but is rank 3 for '.*' \(op: 'Conv2D'\)/, when: 'build' },
    },
    {
      name: 'rank 3 filter at run time is an InvalidArgumentError',
      inputs: { input: x3x3, filter: t([1, 0, 0, 1], [2, 2, 1]) },
      placeholders: 'unknown-rank',
      throws: { type: 'InvalidArgumentError', message: 'Shape must be rank 4 but is rank 3', when: 'run' },
    },
    {
      name: 'int32 is a TypeError',
      inputs: { input: t([1, 2, 3, 4], [1, 2, 2, 1], 'int32'), filter: t([1], [1, 1, 1, 1], 'int32') },
      throws: { type: 'TypeError', message: 'int32', when: 'build' },
    },
    {
      name: 'mixed dtypes is a TypeError',
      inputs: { input: x3x3, filter: t([1, 0, 0, 1], [2, 2, 1, 1], 'float64') },
      throws: { type: 'TypeError', when: 'build' },
    },
    {
      name: 'raw op on int32 is a TypeError',
      inputs: { input: t([1], [1, 1, 1, 1], 'int32'), filter: t([1], [1, 1, 1, 1], 'int32') },
      attrs: { raw: true },
      throws: { type: 'TypeError', when: 'build' },
    },
    {
      name: 'NCHW is an UnimplementedError',
      inputs: { input: x3x3, filter: diagonal2x2 },
      attrs: { dataFormat: 'NCHW' },
      throws: { type: 'UnimplementedError', message: 'only supports the NHWC tensor format', when: 'build' },
    },
    {
      name: 'unknown data format is a ValueError',
      inputs: { input: x3x3, filter: diagonal2x2 },
      attrs: { dataFormat: 'HWCN' },
      throws: {
        type: 'ValueError',
        message: `Value for attr 'data_format' of "HWCN" is not in the list of allowed values: "NHWC", "NCHW"`,
        when: 'build',
      },
    },
    {
      name: 'unknown padding is a ValueError',
      inputs: { input: x3x3, filter: diagonal2x2 },
      attrs: { padding: 'FULL' },
      throws: {
        type: 'ValueError',
        message: `Value for attr 'padding' of "FULL" is not in the list of allowed values: "SAME", "VALID"`,
        when: 'build',
      },
    },
    {
      name: 'strides in the batch dimension are rejected',
      inputs: { input: x3x3, filter: diagonal2x2 },
      attrs: { strides: [2, 1, 1, 1] },
      throws: {
        type: 'ValueError',
        message: 'Current implementation does not yet support strides in the batch and depth dimensions.',
        when: 'build',
      },
    },
    {
      name: 'strides in the depth dimension are rejected',
      inputs: { input: x3x3, filter: diagonal2x2 },
      attrs: { strides: [1, 1, 1, 2] },
      throws: {
        type: 'ValueError',
        message: 'Current implementation does not yet support strides in the batch and depth dimensions.',
        when: 'build',
      },
    },
    {
      name: 'strides with 3 values are rejected',
      inputs: { input: x3x3, filter: diagonal2x2 },
      attrs: { strides: [1, 1, 1] },
      throws: {
        type: 'ValueError',
        message: 'Conv2D on data format NHWC requires the stride attribute to contain 4 values, but got: 3',
        when: 'build',
      },
    },
    {
      name: 'stride 0 is rejected',
      inputs: { input: x3x3, filter: diagonal2x2 },
      attrs: { strides: [1, 0, 1, 1] },
      throws: { type: 'ValueError', message: 'Stride must be > 0, but got 0', when: 'build' },
    },
    {
      name: 'dilation 0 is rejected',
      inputs: { input: x3x3, filter: diagonal2x2 },
      attrs: { dilations: [1, 1, 0, 1] },
      throws: { type: 'ValueError', message: 'Dilation rate must be >= 1, but got 0', when: 'build' },
    },
    {
      name: 'dilations in the depth dimension are rejected',
      inputs: { input: x3x3, filter: diagonal2x2 },
      attrs: { dilations: [1, 1, 1, 2] },
      throws: {
        type: 'ValueError',
        message: 'Current implementation does not yet support dilations in the batch and depth dimensions.',
        when: 'build',
      },
    },
    {
      name: 'grad 1x5x5x2 * 3x3x2x3 SAME',
      inputs: { input: randomData([1, 5, 5, 2], { seed: 11 }), filter: randomData([3, 3, 2, 3], { seed: 12 }) },
      attrs: { padding: 'SAME' },
      gradCheck: true,
    },
    {
      name: 'grad stride 2 VALID 1x5x5x2 * 3x3x2x2',
      inputs: { input: randomData([1, 5, 5, 2], { seed: 13 }), filter: randomData([3, 3, 2, 2], { seed: 14 }) },
      attrs: { strides: [1, 2, 2, 1] },
      gradCheck: true,
    },
    {
      name: 'grad stride 2 SAME even input (odd padding) 1x4x4x1 * 3x3x1x2',
      inputs: { input: randomData([1, 4, 4, 1], { seed: 15 }), filter: randomData([3, 3, 1, 2], { seed: 16 }) },
      attrs: { strides: [1, 2, 2, 1], padding: 'SAME' },
      gradCheck: true,
    },
    {
      name: 'grad dilation 2 SAME 1x5x5x1 * 2x2x1x2',
      inputs: { input: randomData([1, 5, 5, 1], { seed: 17 }), filter: randomData([2, 2, 1, 2], { seed: 18 }) },
      attrs: { padding: 'SAME', dilations: [1, 2, 2, 1] },
      gradCheck: true,
    },
    {
      name: 'grad batch 2, size-1 dims 2x1x4x1 * 1x2x1x2',
      inputs: { input: randomData([2, 1, 4, 1], { seed: 19 }), filter: randomData([1, 2, 1, 2], { seed: 20 }) },
      gradCheck: true,
    },
    {
      name: 'grad with unknown dims',
      inputs: { input: randomData([1, 4, 4, 2], { seed: 21 }), filter: randomData([2, 2, 2, 2], { seed: 22 }) },
      attrs: { padding: 'SAME' },
      placeholders: 'unknown-dims',
      gradCheck: true,
    },
  ],
});
