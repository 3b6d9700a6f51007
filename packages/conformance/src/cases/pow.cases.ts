import * as tf from '@tf/graph';
import pows from '../../fixtures/pow.json' with { type: 'json' };
import { defineCases, fixtureCases, randomData, scalar, t } from '../case.js';

export default defineCases({
  op: 'Pow',
  build: ({ x, y }) => tf.pow(x, y),
  cases: [
    { name: 'basic', inputs: { x: t([2, 3, 4, 9], [2, 2]), y: t([3, 2, 0.5, -0.5], [2, 2]) }, expected: t([8, 9, 2, 1 / 3], [2, 2]) },
    { name: 'broadcast scalar exponent', inputs: { x: t([1, 2, 3]), y: scalar(2) }, expected: t([1, 4, 9]) },
    { name: 'size-1 dims', inputs: { x: t([2], [1, 1]), y: t([1, 2, 3], [1, 3]) }, expected: t([2, 4, 8], [1, 3]) },
    ...fixtureCases(pows, 'Pow', ['x', 'y']),
    {
      name: 'int32',
      inputs: { x: t([2, -2, 0, 7], [4], 'int32'), y: t([10, 3, 0, 0], [4], 'int32') },
      expected: t([1024, -8, 1, 1], [4], 'int32'),
    },
    {
      name: 'int32 negative exponent is an InvalidArgumentError',
      inputs: { x: t([2], [1], 'int32'), y: t([-1], [1], 'int32') },
      throws: { type: 'InvalidArgumentError', message: 'Integers to negative integers are not allowed', when: 'run' },
    },
    { name: 'negative base, fractional exponent gives NaN', inputs: { x: t([-8]), y: t([1 / 3]) }, expected: t([Number.NaN]) },
    {
      name: 'negative or signed-zero base, integer exponent keeps the sign',
      inputs: { x: t([-2, -2, -0, 0, -0]), y: t([3, 2, -3, 0, -2]) },
      expected: t([-8, 4, -Infinity, 1, Infinity]),
    },
    // C's pow (TF, NumPy): pow(x, 0) = 1 and pow(1, y) = 1 even for NaN; JS Math.pow(1, NaN) is NaN.
    { name: 'pow(NaN, 0) = 1', inputs: { x: t([Number.NaN]), y: t([0]) }, expected: t([1]) },
    { name: 'pow(1, NaN) = 1 (C semantics)', inputs: { x: t([1, 1]), y: t([Number.NaN, Infinity]) }, expected: t([1, 1]) },
    {
      name: 'NaN and ±Inf',
      inputs: { x: t([Number.NaN, 2, 0.5, 0]), y: t([2, Infinity, Infinity, -1]) },
      expected: t([Number.NaN, Infinity, 0, Infinity]),
    },
    { name: 'zero-size', inputs: { x: t([], [0]), y: scalar(2) }, expected: t([], [0]) },
    {
      name: 'incompatible shapes is a ValueError',
      inputs: { x: t([1, 2]), y: t([1, 2, 3]) },
      throws: { type: 'ValueError', message: "(op: 'Pow')", when: 'build' },
    },
    { name: 'mixed dtypes is a TypeError', inputs: { x: t([1]), y: t([1], [1], 'int32') }, throws: { type: 'TypeError', when: 'build' } },
    {
      name: 'grad same shape [3,4] (positive base)',
      inputs: { x: randomData([3, 4], { seed: 91, low: 0.5, high: 2 }), y: randomData([3, 4], { seed: 92 }) },
      gradCheck: true,
    },
    {
      name: 'grad broadcast [2,3] ** [3]',
      inputs: { x: randomData([2, 3], { seed: 93, low: 0.5, high: 2 }), y: randomData([3], { seed: 94 }) },
      gradCheck: true,
    },
    {
      name: 'grad broadcast [2,1] ** [1,3]',
      inputs: { x: randomData([2, 1], { seed: 95, low: 0.5, high: 2 }), y: randomData([1, 3], { seed: 96 }) },
      gradCheck: true,
    },
  ],
});
