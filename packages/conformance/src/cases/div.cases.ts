import * as tf from '@tf/graph';
import { defineCases, randomData, scalar, t } from '../case.js';

export default defineCases({
  op: 'Div',
  build: ({ x, y }) => tf.div(x, y),
  cases: [
    { name: 'basic', inputs: { x: t([1, 6, -3, 5], [2, 2]), y: t([2, 3, 4, -8], [2, 2]) }, expected: t([0.5, 2, -0.75, -0.625], [2, 2]) },
    {
      name: 'broadcast row [2,3] by [3]',
      inputs: { x: t([2, 4, 6, 8, 10, 12], [2, 3]), y: t([2, 4, 8]) },
      expected: t([1, 1, 0.75, 4, 2.5, 1.5], [2, 3]),
    },
    {
      name: 'broadcast both [2,1] by [1,2]',
      inputs: { x: t([1, 2], [2, 1]), y: t([2, 4], [1, 2]) },
      expected: t([0.5, 0.25, 1, 0.5], [2, 2]),
    },
    { name: 'scalar by tensor', inputs: { x: scalar(1), y: t([1, 2, 4]) }, expected: t([1, 0.5, 0.25]) },
    { name: 'size-1 dims', inputs: { x: t([9], [1, 1]), y: t([3], [1]) }, expected: t([3], [1, 1]) },
    { name: 'by zero gives ±Inf and NaN', inputs: { x: t([1, -1, 0]), y: t([0, 0, 0]) }, expected: t([Infinity, -Infinity, Number.NaN]) },
    {
      name: 'NaN and ±Inf',
      inputs: { x: t([Number.NaN, Infinity, Infinity, 1]), y: t([1, 2, Infinity, -Infinity]) },
      expected: t([Number.NaN, Infinity, Number.NaN, -0]),
    },
    // TF 1.x Div on integers truncates toward zero.
    {
      name: 'int32 truncates toward zero',
      inputs: { x: t([7, -7, 7, -7], [4], 'int32'), y: t([2, 2, -2, -2], [4], 'int32') },
      expected: t([3, -3, -3, 3], [4], 'int32'),
    },
    // From the CPU kernel tests: 0 / y, and INT32_MIN / -1 wraps like C instead of leaving int32.
    {
      name: 'int32 zero numerator, and INT32_MIN divided by -1 wraps',
      inputs: { x: t([0, 6, -2147483648], [3], 'int32'), y: t([5, 3, -1], [3], 'int32') },
      expected: t([0, 2, -2147483648], [3], 'int32'),
    },
    {
      name: 'broadcast lower rank [2,2,2] by [2,1]',
      inputs: { x: t([2, 4, 6, 8, 10, 12, 14, 16], [2, 2, 2]), y: t([2, 4], [2, 1]) },
      expected: t([1, 2, 1.5, 2, 5, 6, 3.5, 4], [2, 2, 2]),
    },
    {
      name: 'int32 division by zero is an InvalidArgumentError',
      inputs: { x: t([1, 2], [2], 'int32'), y: t([1, 0], [2], 'int32') },
      throws: { type: 'InvalidArgumentError', message: 'Integer division by zero', when: 'run' },
    },
    { name: 'zero-size', inputs: { x: t([], [0]), y: scalar(2) }, expected: t([], [0]) },
    {
      name: 'incompatible shapes is a ValueError',
      inputs: { x: t([1, 2, 3]), y: t([1, 2]) },
      throws: { type: 'ValueError', message: "(op: 'Div')", when: 'build' },
    },
    { name: 'bool inputs is a TypeError', inputs: { x: t([true]), y: t([true]) }, throws: { type: 'TypeError', when: 'build' } },
    {
      name: 'grad same shape [3,4]',
      inputs: { x: randomData([3, 4], { seed: 61 }), y: randomData([3, 4], { seed: 62, low: 0.5, high: 2 }) },
      gradCheck: true,
    },
    {
      name: 'grad broadcast [2,3] by [3]',
      inputs: { x: randomData([2, 3], { seed: 63 }), y: randomData([3], { seed: 64, low: 0.5, high: 2 }) },
      gradCheck: true,
    },
    {
      name: 'grad broadcast [2,1] by [1,3]',
      inputs: { x: randomData([2, 1], { seed: 65 }), y: randomData([1, 3], { seed: 66, low: -2, high: -0.5 }) },
      gradCheck: true,
    },
    { name: 'grad scalar by [2,2]', inputs: { x: scalar(1.5), y: randomData([2, 2], { seed: 67, low: 0.5, high: 2 }) }, gradCheck: true },
  ],
});
