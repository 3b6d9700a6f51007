import * as tf from '@tf/graph';
import backprops from '../../fixtures/conv2d-backprop-filter.json' with { type: 'json' };
import { defineCases, fixtureCases, randomData, t } from '../case.js';
import { convOptions, shapeInput } from './conv-helpers.js';

/**
 * Attrs: `filterSizes` (the shape input), `sizesAtRunTime` (fed through a PlaceholderWithDefault),
 * `strides`, `padding` (default VALID), `dilations`, `dataFormat`.
 */
export default defineCases({
  op: 'Conv2DBackpropFilter',
  build: ({ input, out_backprop }, attrs) =>
    tf.nn.conv2dBackpropFilter(
      input,
      shapeInput(attrs.filterSizes, attrs.sizesAtRunTime ?? false),
      out_backprop,
      attrs.strides ?? [1, 1, 1, 1],
      attrs.padding ?? 'VALID',
      convOptions(attrs),
    ),
  cases: [
    // dW[i, j] = Σ x[y + i, x + j] · dy[y, x] over the 2x2 outputs.
    {
      name: 'basic 3x3 input, 2x2 filter',
      inputs: { input: t([1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 3, 3, 1]), out_backprop: t([1, 0, 0, 1], [1, 2, 2, 1]) },
      attrs: { filterSizes: [2, 2, 1, 1] },
      expected: t([6, 8, 12, 14], [2, 2, 1, 1]),
    },
    ...fixtureCases(backprops, 'Conv2DBackpropFilter', ['input', 'out_backprop']),
    {
      name: 'filter sizes at run time',
      inputs: { input: t([1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 3, 3, 1]), out_backprop: t([1, 0, 0, 1], [1, 2, 2, 1]) },
      attrs: { filterSizes: [2, 2, 1, 1], sizesAtRunTime: true },
      expected: t([6, 8, 12, 14], [2, 2, 1, 1]),
    },
    {
      name: 'float64 sums over the batch',
      inputs: { input: t([0.5, 0.25], [2, 1, 1, 1], 'float64'), out_backprop: t([2, 4], [2, 1, 1, 1], 'float64') },
      attrs: { filterSizes: [1, 1, 1, 1] },
      expected: t([2], [1, 1, 1, 1], 'float64'),
    },
    {
      name: 'zero-size batch gives zeros',
      inputs: { input: t([], [0, 2, 2, 1]), out_backprop: t([], [0, 2, 2, 2]) },
      attrs: { filterSizes: [1, 1, 1, 2] },
      expected: t([0, 0], [1, 1, 1, 2]),
    },
    {
      name: 'out_backprop size mismatch is a ValueError',
      inputs: { input: randomData([1, 5, 5, 1], { seed: 1 }), out_backprop: randomData([1, 2, 2, 1], { seed: 2 }) },
      attrs: { filterSizes: [3, 3, 1, 1] },
      throws: {
        type: 'ValueError',
        message: "Conv2DBackpropFilter: Size of out_backprop doesn't match computed: actual = 2, computed = 3",
        when: 'build',
      },
    },
    {
      name: 'batch mismatch at run time is an InvalidArgumentError',
      inputs: { input: randomData([2, 3, 3, 1], { seed: 3 }), out_backprop: randomData([1, 3, 3, 1], { seed: 4 }) },
      attrs: { filterSizes: [1, 1, 1, 1] },
      placeholders: 'unknown-dims',
      throws: {
        type: 'InvalidArgumentError',
        message: 'Conv2DBackpropFilter: input and out_backprop must have the same batch size',
        when: 'run',
      },
    },
    {
      name: 'input depth must equal the filter in_depth',
      inputs: { input: randomData([1, 3, 3, 2], { seed: 5 }), out_backprop: randomData([1, 3, 3, 1], { seed: 6 }) },
      attrs: { filterSizes: [1, 1, 3, 1] },
      throws: { type: 'ValueError', message: 'Conv2DBackpropFilter: input and filter must have the same depth', when: 'build' },
    },
    {
      name: 'rank 3 input is a ValueError',
      inputs: { input: t([1, 2, 3, 4], [1, 2, 2]), out_backprop: randomData([1, 2, 2, 1], { seed: 7 }) },
      attrs: { filterSizes: [1, 1, 1, 1] },
      throws: { type: 'ValueError', message: /Shape must be rank 4 but is rank 3 for '.*' \(op: 'Conv2DBackpropFilter'\)/, when: 'build' },
    },
    {
      name: 'int32 is a TypeError',
      inputs: { input: t([1, 2, 3, 4], [1, 2, 2, 1], 'int32'), out_backprop: t([1, 2, 3, 4], [1, 2, 2, 1], 'int32') },
      attrs: { filterSizes: [1, 1, 1, 1] },
      throws: { type: 'TypeError', when: 'build' },
    },
    {
      name: 'grad SAME 1x5x5x2 -> 3x3x2x3',
      inputs: { input: randomData([1, 5, 5, 2], { seed: 41 }), out_backprop: randomData([1, 5, 5, 3], { seed: 42 }) },
      attrs: { filterSizes: [3, 3, 2, 3], padding: 'SAME' },
      gradCheck: true,
    },
    {
      name: 'grad stride 2 VALID 1x5x5x2 -> 3x3x2x2',
      inputs: { input: randomData([1, 5, 5, 2], { seed: 43 }), out_backprop: randomData([1, 2, 2, 2], { seed: 44 }) },
      attrs: { filterSizes: [3, 3, 2, 2], strides: [1, 2, 2, 1] },
      gradCheck: true,
    },
    {
      name: 'grad dilation 2 SAME, batch 2, size-1 dims',
      inputs: { input: randomData([2, 1, 5, 1], { seed: 45 }), out_backprop: randomData([2, 1, 5, 2], { seed: 46 }) },
      attrs: { filterSizes: [1, 2, 1, 2], padding: 'SAME', dilations: [1, 1, 2, 1] },
      gradCheck: true,
    },
    {
      name: 'grad with sizes at run time',
      inputs: { input: randomData([1, 4, 4, 1], { seed: 47 }), out_backprop: randomData([1, 3, 3, 2], { seed: 48 }) },
      attrs: { filterSizes: [2, 2, 1, 2], sizesAtRunTime: true },
      gradCheck: true,
    },
  ],
});
