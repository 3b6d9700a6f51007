import * as tf from '@tf/graph';
import { opDef } from '@tf/graph/backend';
import pools from '../../fixtures/avg-pool.json' with { type: 'json' };
import { defineCases, fixtureCases, randomData, t } from '../case.js';
import { poolAttrs } from './conv-helpers.js';
import { rawOp } from './helpers.js';

/** Attrs: `ksize` (default [1, 2, 2, 1]), `strides` (all 1), `padding` (VALID), `dataFormat`, `raw`. */
export default defineCases({
  op: 'AvgPool',
  build: ({ value }, attrs) => {
    const { ksize, strides, padding } = poolAttrs(attrs);
    return attrs.raw
      ? rawOp(opDef('AvgPool'), [value], poolAttrs(attrs))[0]!
      : tf.nn.avgPool(value, ksize, strides, padding, attrs.dataFormat ? { dataFormat: attrs.dataFormat } : {});
  },
  cases: [
    {
      name: 'basic 2x2 stride 2',
      inputs: { value: t([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16], [1, 4, 4, 1]) },
      attrs: { strides: [1, 2, 2, 1] },
      expected: t([3.5, 5.5, 11.5, 13.5], [1, 2, 2, 1]),
    },
    // SAME: border windows divide by the elements they cover (4, 2, 2, 1), not by the window size.
    {
      name: 'SAME averages over valid elements only',
      inputs: { value: t([1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 3, 3, 1]) },
      attrs: { strides: [1, 2, 2, 1], padding: 'SAME' },
      expected: t([3, 4.5, 7.5, 9], [1, 2, 2, 1]),
    },
    ...fixtureCases(pools, 'AvgPool', ['value']),
    { name: 'float64', inputs: { value: t([0.1, 0.2, 0.3, 0.4], [1, 2, 2, 1], 'float64') }, expected: t([0.25], [1, 1, 1, 1], 'float64') },
    {
      name: 'NaN and Inf propagate within their windows',
      inputs: { value: t([1, Number.NaN, 3, 4, Infinity, 1], [1, 1, 6, 1]) },
      attrs: { ksize: [1, 1, 2, 1], strides: [1, 1, 2, 1] },
      expected: t([Number.NaN, 3.5, Infinity], [1, 1, 3, 1]),
    },
    { name: 'zero-size batch', inputs: { value: t([], [0, 4, 4, 2]) }, attrs: { strides: [1, 2, 2, 1] }, expected: t([], [0, 2, 2, 2]) },
    {
      name: 'unknown dims resolved at run time',
      inputs: { value: t([1, 5, 2, 6, 3, 7, 4, 8], [1, 2, 4, 1]) },
      attrs: { strides: [1, 2, 2, 1] },
      placeholders: 'unknown-dims',
      expected: t([4, 5], [1, 1, 2, 1]),
    },
    {
      name: 'rank 3 is a ValueError',
      inputs: { value: t([1, 2, 3, 4], [2, 2, 1]) },
      throws: { type: 'ValueError', message: /Shape must be rank 4 but is rank 3 for '.*' \(op: 'AvgPool'\)/, when: 'build' },
    },
    {
      name: 'int32 is a TypeError',
      inputs: { value: t([1, 2, 3, 4], [1, 2, 2, 1], 'int32') },
      throws: { type: 'TypeError', when: 'build' },
    },
    {
      name: 'raw op on int32 is a TypeError',
      inputs: { value: t([1, 2, 3, 4], [1, 2, 2, 1], 'int32') },
      attrs: { raw: true },
      throws: { type: 'TypeError', when: 'build' },
    },
    {
      name: 'window larger than input (VALID) is a ValueError',
      inputs: { value: t([1, 2, 3, 4], [1, 2, 2, 1]) },
      attrs: { ksize: [1, 3, 1, 1] },
      throws: { type: 'ValueError', message: 'Negative dimension size caused by subtracting 3 from 2', when: 'build' },
    },
    {
      name: 'window larger than input at run time is an InvalidArgumentError',
      inputs: { value: t([1, 2, 3, 4], [1, 2, 2, 1]) },
      attrs: { ksize: [1, 4, 1, 1] },
      placeholders: 'unknown-dims',
      throws: { type: 'InvalidArgumentError', message: 'Computed output size would be negative', when: 'run' },
    },
    {
      name: 'strides with 3 values is a ValueError',
      inputs: { value: t([1, 2, 3, 4], [1, 2, 2, 1]) },
      attrs: { strides: [1, 1, 1] },
      throws: { type: 'ValueError', message: 'AvgPool requires the stride attribute to contain 4 values, but got: 3', when: 'build' },
    },
    {
      name: 'pooling over the batch is unimplemented',
      inputs: { value: t([1, 2, 3, 4], [2, 1, 2, 1]) },
      attrs: { ksize: [1, 1, 1, 1], strides: [2, 1, 1, 1] },
      throws: { type: 'UnimplementedError', message: 'Pooling is not yet supported on the batch dimension.', when: 'build' },
    },
    {
      name: 'NCHW is an UnimplementedError',
      inputs: { value: t([1, 2, 3, 4], [1, 1, 2, 2]) },
      attrs: { dataFormat: 'NCHW', ksize: [1, 1, 2, 2] },
      throws: { type: 'UnimplementedError', when: 'build' },
    },
    {
      name: 'grad 2x2 stride 2 VALID 1x4x4x2',
      inputs: { value: randomData([1, 4, 4, 2], { seed: 111 }) },
      attrs: { strides: [1, 2, 2, 1] },
      gradCheck: true,
    },
    {
      name: 'grad 3x3 stride 2 SAME (overlapping) 1x5x5x1',
      inputs: { value: randomData([1, 5, 5, 1], { seed: 112 }) },
      attrs: { ksize: [1, 3, 3, 1], strides: [1, 2, 2, 1], padding: 'SAME' },
      gradCheck: true,
    },
    {
      name: 'grad batch 2, size-1 dims 2x1x5x1',
      inputs: { value: randomData([2, 1, 5, 1], { seed: 113 }) },
      attrs: { ksize: [1, 1, 2, 1], padding: 'SAME' },
      gradCheck: true,
    },
  ],
});
