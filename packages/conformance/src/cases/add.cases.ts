import * as tf from '@tf/graph';
import { defineCases, randomData, scalar, t } from '../case.js';

export default defineCases({
  op: 'Add',
  build: ({ x, y }) => tf.add(x, y),
  cases: [
    { name: 'basic', inputs: { x: t([1, 2, 3, 4], [2, 2]), y: t([10, 20, 30, 40], [2, 2]) }, expected: t([11, 22, 33, 44], [2, 2]) },
    {
      name: 'broadcast row [2,3] + [3]',
      inputs: { x: t([1, 2, 3, 4, 5, 6], [2, 3]), y: t([10, 20, 30]) },
      expected: t([11, 22, 33, 14, 25, 36], [2, 3]),
    },
    {
      name: 'broadcast both [2,1] + [1,3]',
      inputs: { x: t([1, 2], [2, 1]), y: t([10, 20, 30], [1, 3]) },
      expected: t([11, 21, 31, 12, 22, 32], [2, 3]),
    },
    { name: 'scalar + tensor', inputs: { x: scalar(1), y: t([1, 2, 3]) }, expected: t([2, 3, 4]) },
    { name: 'scalar + scalar', inputs: { x: scalar(1.5), y: scalar(2.25) }, expected: scalar(3.75) },
    {
      name: 'size-1 dims [1,3,1] + [2,1,1]',
      inputs: { x: t([1, 2, 3], [1, 3, 1]), y: t([10, 20], [2, 1, 1]) },
      expected: t([11, 12, 13, 21, 22, 23], [2, 3, 1]),
    },
    {
      name: 'int32 (wraps)',
      inputs: { x: t([1, 2147483647], [2], 'int32'), y: t([2, 1], [2], 'int32') },
      expected: t([3, -2147483648], [2], 'int32'),
    },
    {
      name: 'float64',
      inputs: { x: t([0.1], [1], 'float64'), y: t([0.2], [1], 'float64') },
      expected: t([0.30000000000000004], [1], 'float64'),
    },
    {
      name: 'NaN and ±Inf',
      inputs: { x: t([Number.NaN, 1, Infinity, Infinity, -Infinity]), y: t([1, Number.NaN, 1, -Infinity, -1]) },
      expected: t([Number.NaN, Number.NaN, Infinity, Number.NaN, -Infinity]),
    },
    { name: 'zero-size [0,3] + [3]', inputs: { x: t([], [0, 3]), y: t([1, 2, 3]) }, expected: t([], [0, 3]) },
    { name: 'zero-size [2,0] + [2,1]', inputs: { x: t([], [2, 0]), y: t([1, 2], [2, 1]) }, expected: t([], [2, 0]) },
    {
      name: 'unknown dims broadcast at run time',
      inputs: { x: t([1, 2], [2, 1]), y: t([10, 20, 30], [1, 3]) },
      placeholders: 'unknown-dims',
      expected: t([11, 21, 31, 12, 22, 32], [2, 3]),
    },
    {
      name: 'incompatible shapes is a ValueError',
      inputs: { x: t([1, 2, 3, 4, 5, 6], [2, 3]), y: t([1, 2, 3, 4]) },
      throws: { type: 'ValueError', message: /Dimensions must be equal, but are 3 and 4 for '.*' \(op: 'Add'\)/, when: 'build' },
    },
    {
      name: 'incompatible shapes at run time is an InvalidArgumentError',
      inputs: { x: t([1, 2, 3, 4, 5, 6], [2, 3]), y: t([1, 2, 3, 4]) },
      placeholders: 'unknown-dims',
      throws: { type: 'InvalidArgumentError', message: /Incompatible shapes: \[2,3\] vs. \[4\].*op: 'Add'/, when: 'run' },
    },
    {
      name: 'mixed dtypes is a TypeError',
      inputs: { x: t([1]), y: t([1], [1], 'int32') },
      throws: { type: 'TypeError', message: "of 'Add' Op has type int32", when: 'build' },
    },
    { name: 'bool inputs is a TypeError', inputs: { x: t([true]), y: t([false]) }, throws: { type: 'TypeError', when: 'build' } },
    {
      name: 'grad same shape [3,4]',
      inputs: { x: randomData([3, 4], { seed: 31 }), y: randomData([3, 4], { seed: 32 }) },
      gradCheck: true,
    },
    {
      name: 'grad broadcast [2,3] + [3]',
      inputs: { x: randomData([2, 3], { seed: 33 }), y: randomData([3], { seed: 34 }) },
      gradCheck: true,
    },
    {
      name: 'grad broadcast [2,1] + [1,3]',
      inputs: { x: randomData([2, 1], { seed: 35 }), y: randomData([1, 3], { seed: 36 }) },
      gradCheck: true,
    },
    { name: 'grad scalar + [2,2]', inputs: { x: scalar(0.5), y: randomData([2, 2], { seed: 37 }) }, gradCheck: true },
    {
      name: 'grad broadcast with unknown dims',
      inputs: { x: randomData([2, 1], { seed: 38 }), y: randomData([1, 3], { seed: 39 }) },
      placeholders: 'unknown-dims',
      gradCheck: true,
    },
  ],
});
