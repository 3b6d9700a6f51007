import * as tf from '@tf/graph';
import { defineCases, randomData, scalar, t } from '../case.js';

/** `tf.stack([a, b, c].slice(0, count), axis)`. Attrs: `axis` (default 0), `count` (default 3). */
export default defineCases({
  op: 'Pack',
  build: ({ a, b, c }, { axis = 0, count = 3 }) => tf.stack([a, b, c].slice(0, count), axis),
  cases: [
    { name: 'axis 0', inputs: { a: t([1, 2]), b: t([3, 4]), c: t([5, 6]) }, expected: t([1, 2, 3, 4, 5, 6], [3, 2]) },
    { name: 'axis 1', inputs: { a: t([1, 2]), b: t([3, 4]), c: t([5, 6]) }, attrs: { axis: 1 }, expected: t([1, 3, 5, 2, 4, 6], [2, 3]) },
    {
      name: 'negative axis -1',
      inputs: { a: t([1, 2]), b: t([3, 4]), c: t([5, 6]) },
      attrs: { axis: -1 },
      expected: t([1, 3, 5, 2, 4, 6], [2, 3]),
    },
    {
      name: 'negative axis -2',
      inputs: { a: t([1, 2]), b: t([3, 4]), c: t([5, 6]) },
      attrs: { axis: -2 },
      expected: t([1, 2, 3, 4, 5, 6], [3, 2]),
    },
    {
      name: 'matrices on the middle axis',
      inputs: { a: t([1, 2, 3, 4], [2, 2]), b: t([5, 6, 7, 8], [2, 2]), c: t([9, 10, 11, 12], [2, 2]) },
      attrs: { axis: 1 },
      expected: t([1, 2, 5, 6, 9, 10, 3, 4, 7, 8, 11, 12], [2, 3, 2]),
    },
    { name: 'scalars', inputs: { a: scalar(1), b: scalar(2), c: scalar(3) }, expected: t([1, 2, 3]) },
    { name: 'one value', inputs: { a: t([1, 2]), b: t([3, 4]), c: t([5, 6]) }, attrs: { count: 1 }, expected: t([1, 2], [1, 2]) },
    {
      name: 'int32',
      inputs: { a: scalar(1, 'int32'), b: scalar(2, 'int32'), c: scalar(3, 'int32') },
      expected: t([1, 2, 3], [3], 'int32'),
    },
    { name: 'bool', inputs: { a: t([true]), b: t([false]), c: t([true]) }, attrs: { axis: 1 }, expected: t([true, false, true], [1, 3]) },
    { name: 'zero-size axis 0', inputs: { a: t([], [0]), b: t([], [0]), c: t([], [0]) }, expected: t([], [3, 0]) },
    { name: 'zero-size axis 1', inputs: { a: t([], [0]), b: t([], [0]), c: t([], [0]) }, attrs: { axis: 1 }, expected: t([], [0, 3]) },
    {
      name: 'unknown dims',
      inputs: { a: t([1, 2]), b: t([3, 4]), c: t([5, 6]) },
      attrs: { axis: 1 },
      placeholders: 'unknown-dims',
      expected: t([1, 3, 5, 2, 4, 6], [2, 3]),
    },
    {
      name: 'shape mismatch is a ValueError',
      inputs: { a: t([1, 2]), b: t([3, 4, 5]), c: t([6, 7]) },
      throws: {
        type: 'ValueError',
        message: /Shapes of all inputs must match: values\[0\]\.shape = \[2\] != values\[1\]\.shape = \[3\].*op: 'Pack'/,
        when: 'build',
      },
    },
    {
      name: 'shape mismatch at run time is an InvalidArgumentError',
      inputs: { a: t([1, 2]), b: t([3, 4, 5]), c: t([6, 7]) },
      placeholders: 'unknown-dims',
      throws: { type: 'InvalidArgumentError', message: 'Shapes of all inputs must match', when: 'run' },
    },
    {
      name: 'out-of-range axis is a ValueError',
      inputs: { a: t([1, 2]), b: t([3, 4]), c: t([5, 6]) },
      attrs: { axis: 2 },
      throws: { type: 'ValueError', message: 'axis = 2 not in [-2, 2)', when: 'build' },
    },
    {
      name: 'dtype mismatch is a TypeError',
      inputs: { a: t([1, 2]), b: t([3, 4], [2], 'int32'), c: t([5, 6]) },
      throws: { type: 'TypeError', when: 'build' },
    },
    {
      name: 'grad [2] axis 0',
      inputs: { a: randomData([2], { seed: 391 }), b: randomData([2], { seed: 392 }), c: randomData([2], { seed: 393 }) },
      gradCheck: true,
    },
    {
      name: 'grad [2,3] axis 1',
      inputs: { a: randomData([2, 3], { seed: 394 }), b: randomData([2, 3], { seed: 395 }), c: randomData([2, 3], { seed: 396 }) },
      attrs: { axis: 1 },
      gradCheck: true,
    },
    {
      name: 'grad [1,2] axis -1',
      inputs: { a: randomData([1, 2], { seed: 397 }), b: randomData([1, 2], { seed: 398 }), c: randomData([1, 2], { seed: 399 }) },
      attrs: { axis: -1 },
      gradCheck: true,
    },
  ],
});
