import * as tf from '@tf/graph';
import { defineCases, randomData, scalar, t } from '../case.js';
import { hostArg } from './array-helpers.js';

/** `tf.concat([a, b, c].slice(0, count), axis)`. Attrs: `axis`, `count` (default 3), `atRunTime`. */
export default defineCases({
  op: 'ConcatV2',
  build: ({ a, b, c }, { axis, count = 3, atRunTime = false }) => tf.concat([a, b, c].slice(0, count), hostArg(axis, atRunTime)),
  cases: [
    {
      name: 'axis 0',
      inputs: { a: t([1, 2], [1, 2]), b: t([3, 4, 5, 6], [2, 2]), c: t([7, 8], [1, 2]) },
      attrs: { axis: 0 },
      expected: t([1, 2, 3, 4, 5, 6, 7, 8], [4, 2]),
    },
    {
      name: 'axis 1',
      inputs: { a: t([1, 2], [2, 1]), b: t([3, 4, 5, 6], [2, 2]), c: t([7, 8], [2, 1]) },
      attrs: { axis: 1 },
      expected: t([1, 3, 4, 7, 2, 5, 6, 8], [2, 4]),
    },
    {
      name: 'negative axis',
      inputs: { a: t([1, 2], [2, 1]), b: t([3, 4, 5, 6], [2, 2]), c: t([7, 8], [2, 1]) },
      attrs: { axis: -1 },
      expected: t([1, 3, 4, 7, 2, 5, 6, 8], [2, 4]),
    },
    {
      name: 'axis at run time',
      inputs: { a: t([1, 2], [2, 1]), b: t([3, 4, 5, 6], [2, 2]), c: t([7, 8], [2, 1]) },
      attrs: { axis: -1, atRunTime: true },
      expected: t([1, 3, 4, 7, 2, 5, 6, 8], [2, 4]),
    },
    { name: 'two values', inputs: { a: t([1]), b: t([2, 3]), c: t([4]) }, attrs: { axis: 0, count: 2 }, expected: t([1, 2, 3]) },
    { name: 'an empty value', inputs: { a: t([1]), b: t([], [0]), c: t([2, 3]) }, attrs: { axis: 0 }, expected: t([1, 2, 3]) },
    {
      name: 'int32',
      inputs: { a: t([1], [1], 'int32'), b: t([2], [1], 'int32'), c: t([3], [1], 'int32') },
      attrs: { axis: 0 },
      expected: t([1, 2, 3], [3], 'int32'),
    },
    {
      name: 'bool',
      inputs: { a: t([true], [1, 1]), b: t([false], [1, 1]), c: t([true], [1, 1]) },
      attrs: { axis: 1 },
      expected: t([true, false, true], [1, 3]),
    },
    {
      name: 'zero-size axis 0',
      inputs: { a: t([], [0, 2]), b: t([], [0, 2]), c: t([], [0, 2]) },
      attrs: { axis: 0 },
      expected: t([], [0, 2]),
    },
    {
      name: 'zero-size axis 1',
      inputs: { a: t([], [0, 2]), b: t([], [0, 2]), c: t([], [0, 2]) },
      attrs: { axis: 1 },
      expected: t([], [0, 6]),
    },
    {
      name: 'unknown dims',
      inputs: { a: t([1, 2], [2, 1]), b: t([3, 4, 5, 6], [2, 2]), c: t([7, 8], [2, 1]) },
      attrs: { axis: 1 },
      placeholders: 'unknown-dims',
      expected: t([1, 3, 4, 7, 2, 5, 6, 8], [2, 4]),
    },
    {
      name: 'scalars are a ValueError',
      inputs: { a: scalar(1), b: scalar(2), c: scalar(3) },
      attrs: { axis: 0 },
      throws: { type: 'ValueError', message: "Can't concatenate scalars (use tf.stack instead)", when: 'build' },
    },
    {
      name: 'rank mismatch is a ValueError',
      inputs: { a: t([1, 2], [1, 2]), b: t([3, 4]), c: t([5, 6], [1, 2]) },
      attrs: { axis: 0 },
      throws: {
        type: 'ValueError',
        message: /Ranks of all input tensors should match: shape\[0\] = \[1,2\] vs\. shape\[1\] = \[2\].*op: 'ConcatV2'/,
        when: 'build',
      },
    },
    {
      name: 'dim mismatch is a ValueError',
      inputs: { a: t([1, 2], [1, 2]), b: t([3, 4, 5], [1, 3]), c: t([5, 6], [1, 2]) },
      attrs: { axis: 0 },
      throws: {
        type: 'ValueError',
        message: 'ConcatOp : Dimensions of inputs should match: shape[0] = [1,2] vs. shape[1] = [1,3]',
        when: 'build',
      },
    },
    {
      name: 'dim mismatch at run time is an InvalidArgumentError',
      inputs: { a: t([1, 2], [1, 2]), b: t([3, 4, 5], [1, 3]), c: t([5, 6], [1, 2]) },
      attrs: { axis: 0 },
      placeholders: 'unknown-dims',
      throws: { type: 'InvalidArgumentError', message: 'ConcatOp : Dimensions of inputs should match', when: 'run' },
    },
    {
      name: 'out-of-range axis is a ValueError',
      inputs: { a: t([1, 2], [1, 2]), b: t([3, 4], [1, 2]), c: t([5, 6], [1, 2]) },
      attrs: { axis: 2 },
      throws: {
        type: 'ValueError',
        message: 'ConcatOp : Expected concatenating dimensions in the range [-2, 2), but got 2',
        when: 'build',
      },
    },
    {
      name: 'out-of-range axis at run time is an InvalidArgumentError',
      inputs: { a: t([1, 2], [1, 2]), b: t([3, 4], [1, 2]), c: t([5, 6], [1, 2]) },
      attrs: { axis: -3, atRunTime: true },
      throws: { type: 'InvalidArgumentError', message: 'but got -3', when: 'run' },
    },
    {
      name: 'dtype mismatch is a TypeError',
      inputs: { a: t([1]), b: t([2], [1], 'int32'), c: t([3]) },
      attrs: { axis: 0 },
      throws: { type: 'TypeError', when: 'build' },
    },
    {
      name: 'grad axis 0',
      inputs: { a: randomData([1, 2], { seed: 411 }), b: randomData([2, 2], { seed: 412 }), c: randomData([1, 2], { seed: 413 }) },
      attrs: { axis: 0 },
      gradCheck: true,
    },
    {
      name: 'grad axis 1',
      inputs: { a: randomData([2, 1], { seed: 414 }), b: randomData([2, 2], { seed: 415 }), c: randomData([2, 3], { seed: 416 }) },
      attrs: { axis: 1 },
      gradCheck: true,
    },
    {
      name: 'grad axis -1 of 3-D',
      inputs: { a: randomData([2, 1, 1], { seed: 417 }), b: randomData([2, 1, 2], { seed: 418 }), c: randomData([2, 1, 1], { seed: 419 }) },
      attrs: { axis: -1 },
      gradCheck: true,
    },
    {
      name: 'grad axis at run time',
      inputs: { a: randomData([2, 1], { seed: 420 }), b: randomData([2, 2], { seed: 421 }), c: randomData([2, 1], { seed: 422 }) },
      attrs: { axis: -1, atRunTime: true },
      gradCheck: true,
    },
    {
      name: 'grad unknown dims',
      inputs: { a: randomData([1, 3], { seed: 423 }), b: randomData([2, 3], { seed: 424 }), c: randomData([1, 3], { seed: 425 }) },
      attrs: { axis: 0 },
      placeholders: 'unknown-dims',
      gradCheck: true,
    },
  ],
});
