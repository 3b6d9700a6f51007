import * as tf from '@tf/graph';
import stridedSliceGrads from '../../fixtures/strided-slice-grad.json' with { type: 'json' };
import { defineCases, fixtureCases, randomData, t } from '../case.js';

/** `StridedSliceGrad(shape, begin, end, strides, dy)`: dy placed where the slice took its elements. */
export default defineCases({
  op: 'StridedSliceGrad',
  build: ({ dy }, { shape, begin, end, strides, ...masks }) => tf.stridedSliceGrad(shape, begin, end, strides, dy, masks),
  cases: [
    {
      name: '[5][1:4:2]',
      inputs: { dy: t([1, 2]) },
      attrs: { shape: [5], begin: [1], end: [4], strides: [2] },
      expected: t([0, 1, 0, 2, 0]),
    },
    {
      name: '[3][1] (shrink)',
      inputs: { dy: t([7], []) },
      attrs: { shape: [3], begin: [1], end: [2], strides: [1], shrinkAxisMask: 1 },
      expected: t([0, 7, 0]),
    },
    ...fixtureCases(stridedSliceGrads, 'StridedSliceGrad', ['dy']),
    {
      name: 'int32',
      inputs: { dy: t([4], [1], 'int32') },
      attrs: { shape: [2], begin: [1], end: [2], strides: [1] },
      expected: t([0, 4], [2], 'int32'),
    },
    { name: 'zero-size', inputs: { dy: t([], [0]) }, attrs: { shape: [3], begin: [2], end: [1], strides: [1] }, expected: t([0, 0, 0]) },
    {
      name: 'dy of the wrong shape is a ValueError',
      inputs: { dy: t([1, 2, 3]) },
      attrs: { shape: [5], begin: [1], end: [4], strides: [2] },
      throws: { type: 'ValueError', message: /shape of dy was \[3\] instead of \[2\].*op: 'StridedSliceGrad'/, when: 'build' },
    },
    // Its gradient is the StridedSlice of the incoming gradient.
    {
      name: 'grad [5][1:4:2]',
      inputs: { dy: randomData([2], { seed: 471 }) },
      attrs: { shape: [5], begin: [1], end: [4], strides: [2] },
      gradCheck: true,
    },
    {
      name: 'grad [4,5][::-1,1]',
      inputs: { dy: randomData([4], { seed: 472 }) },
      attrs: { shape: [4, 5], begin: [0, 1], end: [0, 2], strides: [-1, 1], beginMask: 1, endMask: 1, shrinkAxisMask: 2 },
      gradCheck: true,
    },
    {
      name: 'grad [2,3][newaxis,...]',
      inputs: { dy: randomData([1, 2, 3], { seed: 473 }) },
      attrs: { shape: [2, 3], begin: [0, 0], end: [0, 0], strides: [1, 1], newAxisMask: 1, ellipsisMask: 2 },
      gradCheck: true,
    },
  ],
});
