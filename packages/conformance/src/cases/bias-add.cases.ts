import * as tf from '@tf/graph';
import { opDef } from '@tf/graph/backend';
import biasAdds from '../../fixtures/bias-add.json' with { type: 'json' };
import { defineCases, fixtureCases, randomData, t } from '../case.js';
import { rawOp } from './helpers.js';

/** Attrs: `dataFormat` (default NHWC); `raw` creates the op without the builder's checks. */
export default defineCases({
  op: 'BiasAdd',
  build: ({ value, bias }, { dataFormat, raw = false }) =>
    raw ? rawOp(opDef('BiasAdd'), [value, bias], { dataFormat: dataFormat ?? 'NHWC' })[0]! : tf.nn.biasAdd(value, bias, dataFormat),
  cases: [
    {
      name: 'basic',
      inputs: { value: t([1, 2, 3, 4, 5, 6], [2, 3]), bias: t([10, 20, 30]) },
      expected: t([11, 22, 33, 14, 25, 36], [2, 3]),
    },
    ...fixtureCases(biasAdds, 'BiasAdd', ['value', 'bias']),
    {
      name: 'NCHW adds along axis 1',
      inputs: { value: t([1, 2, 3, 4, 5, 6, 7, 8], [1, 2, 2, 2]), bias: t([100, 200]) },
      attrs: { dataFormat: 'NCHW' },
      expected: t([101, 102, 103, 104, 205, 206, 207, 208], [1, 2, 2, 2]),
    },
    {
      name: 'float64',
      inputs: { value: t([0.5, 0.25], [1, 2], 'float64'), bias: t([1, 2], [2], 'float64') },
      expected: t([1.5, 2.25], [1, 2], 'float64'),
    },
    {
      name: 'NaN and ±Inf propagate',
      inputs: { value: t([Number.NaN, 1, Infinity, 2], [2, 2]), bias: t([1, -Infinity]) },
      expected: t([Number.NaN, -Infinity, Infinity, -Infinity], [2, 2]),
    },
    { name: 'zero-size batch', inputs: { value: t([], [0, 3]), bias: t([1, 2, 3]) }, expected: t([], [0, 3]) },
    { name: 'zero channels', inputs: { value: t([], [2, 0]), bias: t([], [0]) }, expected: t([], [2, 0]) },
    {
      name: 'wrong bias size is a ValueError',
      inputs: { value: t([1, 2, 3, 4, 5, 6], [2, 3]), bias: t([1, 2, 3, 4]) },
      throws: { type: 'ValueError', message: /Dimensions must be equal, but are 3 and 4.*op: 'BiasAdd'.*\[2,3\], \[4\]/, when: 'build' },
    },
    {
      name: 'wrong bias size at run time is an InvalidArgumentError',
      inputs: { value: t([1, 2, 3, 4, 5, 6], [2, 3]), bias: t([1, 2, 3, 4]) },
      placeholders: 'unknown-dims',
      throws: {
        type: 'InvalidArgumentError',
        message: /Must provide as many biases as the last dimension of the input tensor: \[4\] vs. \[2,3\]/,
        when: 'run',
      },
    },
    {
      name: 'rank-1 value is a ValueError',
      inputs: { value: t([1, 2, 3]), bias: t([1, 2, 3]) },
      throws: { type: 'ValueError', message: 'Shape must be at least rank 2 but is rank 1', when: 'build' },
    },
    {
      name: 'NCHW needs rank 3',
      inputs: { value: t([1, 2], [1, 2]), bias: t([1, 2]) },
      attrs: { dataFormat: 'NCHW' },
      throws: { type: 'ValueError', message: 'at least rank 3', when: 'build' },
    },
    {
      name: 'rank-2 bias is a ValueError',
      inputs: { value: t([1, 2], [1, 2]), bias: t([1, 2], [1, 2]) },
      throws: { type: 'ValueError', message: 'Shape must be rank 1 but is rank 2', when: 'build' },
    },
    {
      name: 'mixed dtypes is a TypeError',
      inputs: { value: t([1, 2], [1, 2]), bias: t([1, 2], [2], 'int32') },
      throws: { type: 'TypeError', when: 'build' },
    },
    {
      name: 'bool is a TypeError',
      inputs: { value: t([true, false], [1, 2]), bias: t([true, true]) },
      throws: { type: 'TypeError', when: 'build' },
    },
    {
      name: 'raw op with bool is a TypeError',
      inputs: { value: t([true, false], [1, 2]), bias: t([true, true]) },
      attrs: { raw: true },
      throws: {
        type: 'TypeError',
        message: "Value passed to parameter 'value' has DataType bool not in list of allowed values: float32, float64, int32",
        when: 'build',
      },
    },
    {
      name: 'unknown data format is a ValueError',
      inputs: { value: t([1, 2], [1, 2]), bias: t([1, 2]) },
      attrs: { dataFormat: 'NWHC' },
      throws: { type: 'ValueError', when: 'build' },
    },
    { name: 'grad [3,4]', inputs: { value: randomData([3, 4], { seed: 671 }), bias: randomData([4], { seed: 672 }) }, gradCheck: true },
    {
      name: 'grad [2,3,1,2]',
      inputs: { value: randomData([2, 3, 1, 2], { seed: 673 }), bias: randomData([2], { seed: 674 }) },
      gradCheck: true,
    },
    { name: 'grad [1,1]', inputs: { value: randomData([1, 1], { seed: 675 }), bias: randomData([1], { seed: 676 }) }, gradCheck: true },
    {
      name: 'grad NCHW [2,3,2,2]',
      inputs: { value: randomData([2, 3, 2, 2], { seed: 677 }), bias: randomData([3], { seed: 678 }) },
      attrs: { dataFormat: 'NCHW' },
      gradCheck: true,
    },
    {
      name: 'grad unknown dims [2,3]',
      inputs: { value: randomData([2, 3], { seed: 679 }), bias: randomData([3], { seed: 680 }) },
      placeholders: 'unknown-dims',
      gradCheck: true,
    },
  ],
});
