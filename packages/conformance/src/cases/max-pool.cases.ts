import * as tf from '@tf/graph';
import { opDef } from '@tf/graph/backend';
import pools from '../../fixtures/max-pool.json' with { type: 'json' };
import { defineCases, fixtureCases, t } from '../case.js';
import { distinctData, poolAttrs } from './conv-helpers.js';
import { rawOp } from './helpers.js';

/** Attrs: `ksize` (default [1, 2, 2, 1]), `strides` (all 1), `padding` (VALID), `dataFormat`, `raw`. */
export default defineCases({
  op: 'MaxPool',
  build: ({ input }, attrs) => {
    const { ksize, strides, padding } = poolAttrs(attrs);
    return attrs.raw
      ? rawOp(opDef('MaxPool'), [input], poolAttrs(attrs))[0]!
      : tf.nn.maxPool(input, ksize, strides, padding, attrs.dataFormat ? { dataFormat: attrs.dataFormat } : {});
  },
  cases: [
    {
      name: 'basic 2x2 stride 2',
      inputs: { input: t([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16], [1, 4, 4, 1]) },
      attrs: { strides: [1, 2, 2, 1] },
      expected: t([6, 8, 14, 16], [1, 2, 2, 1]),
    },
    // SAME padding is never the max: an all-negative input keeps its own values at the border.
    {
      name: 'SAME border windows ignore padding (negative input)',
      inputs: { input: t([-1, -2, -3, -4, -5, -6, -7, -8, -9], [1, 3, 3, 1]) },
      attrs: { strides: [1, 2, 2, 1], padding: 'SAME' },
      expected: t([-1, -3, -7, -9], [1, 2, 2, 1]),
    },
    ...fixtureCases(pools, 'MaxPool', ['input']),
    { name: 'int32', inputs: { input: t([3, -1, 7, 2], [1, 2, 2, 1], 'int32') }, expected: t([7], [1, 1, 1, 1], 'int32') },
    { name: 'float64', inputs: { input: t([0.1, 0.7, 0.3, 0.5], [1, 2, 2, 1], 'float64') }, expected: t([0.7], [1, 1, 1, 1], 'float64') },
    {
      name: 'NaN propagates; ±Inf are ordinary values',
      inputs: { input: t([1, Number.NaN, 3, 4, -Infinity, -Infinity, -Infinity, -Infinity, Infinity, 0, 0, 0], [1, 3, 4, 1]) },
      attrs: { ksize: [1, 1, 4, 1] },
      expected: t([Number.NaN, -Infinity, Infinity], [1, 3, 1, 1]),
    },
    { name: 'zero-size batch', inputs: { input: t([], [0, 4, 4, 2]) }, attrs: { strides: [1, 2, 2, 1] }, expected: t([], [0, 2, 2, 2]) },
    { name: 'zero channels', inputs: { input: t([], [1, 4, 4, 0]) }, attrs: { strides: [1, 2, 2, 1] }, expected: t([], [1, 2, 2, 0]) },
    {
      name: 'unknown dims resolved at run time',
      inputs: { input: t([1, 5, 2, 6, 3, 7, 4, 8], [1, 2, 4, 1]) },
      attrs: { strides: [1, 2, 2, 1] },
      placeholders: 'unknown-dims',
      expected: t([7, 8], [1, 1, 2, 1]),
    },
    {
      name: 'rank 3 is a ValueError',
      inputs: { input: t([1, 2, 3, 4], [2, 2, 1]) },
      throws: { type: 'ValueError', message: /Shape must be rank 4 but is rank 3 for '.*' \(op: 'MaxPool'\)/, when: 'build' },
    },
    {
      name: 'rank 3 at run time is an InvalidArgumentError',
      inputs: { input: t([1, 2, 3, 4], [2, 2, 1]) },
      placeholders: 'unknown-rank',
      throws: { type: 'InvalidArgumentError', message: 'Shape must be rank 4 but is rank 3', when: 'run' },
    },
    {
      name: 'bool is a TypeError',
      inputs: { input: t([true, false, true, false], [1, 2, 2, 1]) },
      throws: { type: 'TypeError', when: 'build' },
    },
    {
      name: 'raw op on bool is a TypeError',
      inputs: { input: t([true, false, true, false], [1, 2, 2, 1]) },
      attrs: { raw: true },
      throws: { type: 'TypeError', when: 'build' },
    },
    {
      name: 'window larger than input (VALID) is a ValueError',
      inputs: { input: t([1, 2, 3, 4], [1, 2, 2, 1]) },
      attrs: { ksize: [1, 3, 3, 1] },
      throws: { type: 'ValueError', message: 'Negative dimension size caused by subtracting 3 from 2', when: 'build' },
    },
    {
      name: 'window larger than input (SAME) is the global max',
      inputs: { input: t([1, 4, 3, 2], [1, 2, 2, 1]) },
      attrs: { ksize: [1, 3, 3, 1], padding: 'SAME' },
      expected: t([4, 4, 4, 4], [1, 2, 2, 1]),
    },
    {
      name: 'ksize with 3 values is a ValueError',
      inputs: { input: t([1, 2, 3, 4], [1, 2, 2, 1]) },
      attrs: { ksize: [1, 2, 2] },
      throws: { type: 'ValueError', message: 'MaxPool requires the ksize attribute to contain 4 values, but got: 3', when: 'build' },
    },
    {
      name: 'ksize 0 is a ValueError',
      inputs: { input: t([1, 2, 3, 4], [1, 2, 2, 1]) },
      attrs: { ksize: [1, 0, 2, 1] },
      throws: { type: 'ValueError', message: 'Sliding window ksize for dimension 1 was zero.', when: 'build' },
    },
    {
      name: 'stride 0 is a ValueError',
      inputs: { input: t([1, 2, 3, 4], [1, 2, 2, 1]) },
      attrs: { strides: [1, 0, 1, 1] },
      throws: { type: 'ValueError', message: 'Stride must be > 0, but got 0', when: 'build' },
    },
    {
      name: 'pooling over the batch is unimplemented',
      inputs: { input: t([1, 2, 3, 4], [2, 1, 2, 1]) },
      attrs: { ksize: [2, 1, 1, 1] },
      throws: { type: 'UnimplementedError', message: 'Pooling is not yet supported on the batch dimension.', when: 'build' },
    },
    {
      name: 'pooling over depth is unimplemented',
      inputs: { input: t([1, 2, 3, 4], [1, 1, 2, 2]) },
      attrs: { ksize: [1, 1, 1, 2], strides: [1, 1, 1, 2] },
      throws: { type: 'UnimplementedError', when: 'build' },
    },
    {
      name: 'NCHW is an UnimplementedError',
      inputs: { input: t([1, 2, 3, 4], [1, 1, 2, 2]) },
      attrs: { dataFormat: 'NCHW', ksize: [1, 1, 2, 2] },
      throws: { type: 'UnimplementedError', message: 'only supports the NHWC tensor format', when: 'build' },
    },
    {
      name: 'unknown padding is a ValueError',
      inputs: { input: t([1, 2, 3, 4], [1, 2, 2, 1]) },
      attrs: { padding: 'FULL' },
      throws: { type: 'ValueError', message: "Value for attr 'padding'", when: 'build' },
    },
    // Distinct values keep every max away from a tie, so central differences see a smooth function.
    {
      name: 'grad 2x2 stride 2 VALID 1x4x4x2',
      inputs: { input: distinctData([1, 4, 4, 2], 81) },
      attrs: { strides: [1, 2, 2, 1] },
      gradCheck: true,
    },
    {
      name: 'grad 3x3 stride 2 SAME (overlapping) 1x5x5x1',
      inputs: { input: distinctData([1, 5, 5, 1], 82) },
      attrs: { ksize: [1, 3, 3, 1], strides: [1, 2, 2, 1], padding: 'SAME' },
      gradCheck: true,
    },
    {
      name: 'grad batch 2, size-1 dims 2x1x5x1',
      inputs: { input: distinctData([2, 1, 5, 1], 83) },
      attrs: { ksize: [1, 1, 2, 1], padding: 'SAME' },
      gradCheck: true,
    },
  ],
});
