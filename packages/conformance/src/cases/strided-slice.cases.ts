import * as tf from '@tf/graph';
import stridedSlices from '../../fixtures/strided-slice.json' with { type: 'json' };
import { defineCases, fixtureCases, randomData, t } from '../case.js';
import { hostArg } from './array-helpers.js';

/**
 * `tf.stridedSlice(input, begin, end, strides, masks)`. Attrs: `begin`, `end`, `strides` (omitted:
 * ones), the five masks, and `atRunTime` (begin/end/strides known only when the session runs). The
 * fixture cases come from NumPy indexing, with masks built as TF's `_slice_helper` builds them.
 */
export default defineCases({
  op: 'StridedSlice',
  build: ({ input }, { begin, end, strides, atRunTime = false, ...masks }) =>
    tf.stridedSlice(
      input,
      hostArg(begin, atRunTime, [begin.length]),
      hostArg(end, atRunTime, [end.length]),
      strides === undefined ? undefined : hostArg(strides, atRunTime, [strides.length]),
      masks,
    ),
  cases: [
    { name: '[1:4:2]', inputs: { input: t([1, 2, 3, 4, 5]) }, attrs: { begin: [1], end: [4], strides: [2] }, expected: t([2, 4]) },
    {
      name: '[::-1]',
      inputs: { input: t([1, 2, 3, 4, 5]) },
      attrs: { begin: [0], end: [0], strides: [-1], beginMask: 1, endMask: 1 },
      expected: t([5, 4, 3, 2, 1]),
    },
    { name: 'strides omitted', inputs: { input: t([1, 2, 3, 4, 5]) }, attrs: { begin: [1], end: [-1] }, expected: t([2, 3, 4]) },
    ...fixtureCases(stridedSlices, 'StridedSlice', ['input']),
    {
      name: 'int32',
      inputs: { input: t([1, 2, 3, 4], [2, 2], 'int32') },
      attrs: { begin: [0, 1], end: [2, 2], strides: [1, 1] },
      expected: t([2, 4], [2, 1], 'int32'),
    },
    {
      name: 'bool shrink',
      inputs: { input: t([true, false, true]) },
      attrs: { begin: [1], end: [2], strides: [1], shrinkAxisMask: 1 },
      expected: t([false], []),
    },
    { name: 'empty range', inputs: { input: t([1, 2, 3, 4, 5]) }, attrs: { begin: [3], end: [1], strides: [1] }, expected: t([], [0]) },
    {
      name: 'zero-size input',
      inputs: { input: t([], [0, 3]) },
      attrs: { begin: [0, 1], end: [0, 0], strides: [1, 1], beginMask: 1, endMask: 3 },
      expected: t([], [0, 2]),
    },
    {
      name: 'at run time with masks',
      inputs: { input: t([1, 2, 3, 4, 5, 6], [2, 3]) },
      attrs: { begin: [0, 2], end: [0, 0], strides: [1, -1], beginMask: 1, endMask: 3, atRunTime: true },
      expected: t([3, 2, 1, 6, 5, 4], [2, 3]),
    },
    {
      name: 'zero stride is a ValueError',
      inputs: { input: t([1, 2, 3]) },
      attrs: { begin: [0], end: [3], strides: [0] },
      throws: { type: 'ValueError', message: /strides\[0\] must be non-zero.*op: 'StridedSlice'/, when: 'build' },
    },
    {
      name: 'index out of bounds is a ValueError',
      inputs: { input: t([1, 2, 3]) },
      attrs: { begin: [5], end: [6], strides: [1], shrinkAxisMask: 1 },
      throws: { type: 'ValueError', message: 'slice index 5 of dimension 0 out of bounds.', when: 'build' },
    },
    {
      name: 'negative index out of bounds is a ValueError',
      inputs: { input: t([1, 2, 3]) },
      attrs: { begin: [-4], end: [-3], strides: [1], shrinkAxisMask: 1 },
      throws: { type: 'ValueError', message: 'slice index -1 of dimension 0 out of bounds.', when: 'build' },
    },
    {
      name: 'index out of bounds at run time is an InvalidArgumentError',
      inputs: { input: t([1, 2, 3]) },
      attrs: { begin: [3], end: [4], strides: [1], shrinkAxisMask: 1, atRunTime: true },
      throws: { type: 'InvalidArgumentError', message: 'slice index 3 of dimension 0 out of bounds.', when: 'run' },
    },
    {
      name: 'two ellipses are a ValueError',
      inputs: { input: t([1, 2, 3, 4], [2, 2]) },
      attrs: { begin: [0, 0], end: [0, 0], strides: [1, 1], ellipsisMask: 3 },
      throws: { type: 'ValueError', message: 'Multiple ellipses in slice spec not allowed', when: 'build' },
    },
    {
      name: 'too many indices is a ValueError',
      inputs: { input: t([1, 2, 3]) },
      attrs: { begin: [0, 0], end: [1, 1], strides: [1, 1] },
      throws: { type: 'ValueError', message: 'Index out of range using input dim 1; input has only 1 dims', when: 'build' },
    },
    {
      name: 'begin, end and strides of different lengths are a ValueError',
      inputs: { input: t([1, 2, 3, 4], [2, 2]) },
      attrs: { begin: [0], end: [1, 1], strides: [1] },
      throws: {
        type: 'ValueError',
        message: 'Expected begin, end, and strides to be 1D equal size tensors, but got shapes [1], [2], and [1] instead.',
        when: 'build',
      },
    },
    {
      name: 'grad [4,5][1:3,::2]',
      inputs: { input: randomData([4, 5], { seed: 461 }) },
      attrs: { begin: [1, 0], end: [3, 0], strides: [1, 2], beginMask: 2, endMask: 2 },
      gradCheck: true,
    },
    {
      name: 'grad [2,3,4][...,1]',
      inputs: { input: randomData([2, 3, 4], { seed: 462 }) },
      attrs: { begin: [0, 1], end: [0, 2], strides: [1, 1], ellipsisMask: 1, shrinkAxisMask: 2 },
      gradCheck: true,
    },
    {
      name: 'grad [2,3,4][newaxis,:,newaxis,2]',
      inputs: { input: randomData([2, 3, 4], { seed: 463 }) },
      attrs: { begin: [0, 0, 0, 2], end: [0, 0, 0, 3], strides: [1, 1, 1, 1], beginMask: 2, endMask: 2, newAxisMask: 5, shrinkAxisMask: 8 },
      gradCheck: true,
    },
    {
      name: 'grad [6][5::-2] at run time',
      inputs: { input: randomData([6], { seed: 464 }) },
      attrs: { begin: [5], end: [0], strides: [-2], endMask: 1, atRunTime: true },
      gradCheck: true,
    },
  ],
});
