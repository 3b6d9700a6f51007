import * as tf from '@tf/graph';
import { defineCases, randomData, scalar, t } from '../case.js';

export default defineCases({
  op: 'Mul',
  build: ({ x, y }) => tf.mul(x, y),
  cases: [
    { name: 'basic', inputs: { x: t([1, 2, 3, 4], [2, 2]), y: t([5, 6, 7, 8], [2, 2]) }, expected: t([5, 12, 21, 32], [2, 2]) },
    {
      name: 'broadcast row [2,3] * [3]',
      inputs: { x: t([1, 2, 3, 4, 5, 6], [2, 3]), y: t([1, 0, -1]) },
      expected: t([1, 0, -3, 4, 0, -6], [2, 3]),
    },
    {
      name: 'broadcast both [2,1] * [1,3]',
      inputs: { x: t([1, 2], [2, 1]), y: t([1, 2, 3], [1, 3]) },
      expected: t([1, 2, 3, 2, 4, 6], [2, 3]),
    },
    { name: 'scalar * tensor', inputs: { x: scalar(2), y: t([1, 2, 3]) }, expected: t([2, 4, 6]) },
    { name: 'size-1 dims', inputs: { x: t([3], [1, 1, 1]), y: t([1, 2], [2, 1, 1]) }, expected: t([3, 6], [2, 1, 1]) },
    // C's wrapping int32 product: 65536 · 65536 = 2^32 ≡ 0; 3 · 1431655766 = 4294967298 ≡ 2.
    {
      name: 'int32 (wraps)',
      inputs: { x: t([65536, 3, -4], [3], 'int32'), y: t([65536, 1431655766, 5], [3], 'int32') },
      expected: t([0, 2, -20], [3], 'int32'),
    },
    {
      name: 'NaN and ±Inf',
      inputs: { x: t([Number.NaN, Infinity, Infinity, -Infinity]), y: t([0, 0, -2, -1]) },
      expected: t([Number.NaN, Number.NaN, -Infinity, Infinity]),
    },
    { name: 'zero-size', inputs: { x: t([], [3, 0]), y: scalar(2) }, expected: t([], [3, 0]) },
    {
      name: 'incompatible shapes is a ValueError',
      inputs: { x: t([1, 2], [2, 1]), y: t([1, 2, 3], [3, 1]) },
      throws: { type: 'ValueError', message: "(op: 'Mul')", when: 'build' },
    },
    { name: 'mixed dtypes is a TypeError', inputs: { x: t([1], [1], 'int32'), y: t([1]) }, throws: { type: 'TypeError', when: 'build' } },
    {
      name: 'grad same shape [3,4]',
      inputs: { x: randomData([3, 4], { seed: 51 }), y: randomData([3, 4], { seed: 52 }) },
      gradCheck: true,
    },
    {
      name: 'grad broadcast [2,3] * [3]',
      inputs: { x: randomData([2, 3], { seed: 53 }), y: randomData([3], { seed: 54 }) },
      gradCheck: true,
    },
    {
      name: 'grad broadcast [2,1] * [1,3]',
      inputs: { x: randomData([2, 1], { seed: 55 }), y: randomData([1, 3], { seed: 56 }) },
      gradCheck: true,
    },
    { name: 'grad scalar * [2,2]', inputs: { x: scalar(-1.5), y: randomData([2, 2], { seed: 57 }) }, gradCheck: true },
  ],
});
