import * as tf from '@tf/graph';
import tensordots from '../../fixtures/tensordot.json' with { type: 'json' };
import { defineCases, fixtureCases, randomData, scalar, t } from '../case.js';

/** `tf.tensordot(a, b, axes)`, a composite of Transpose, Reshape and one `MatMul`. Attrs: `axes`. */
export default defineCases({
  op: 'tensordot',
  composite: true,
  build: ({ a, b }, { axes = 1 }) => tf.tensordot(a, b, axes),
  cases: [
    {
      name: 'tensordot basic matmul',
      inputs: { a: t([1, 2, 3, 4], [2, 2]), b: t([5, 6, 7, 8], [2, 2]) },
      expected: t([19, 22, 43, 50], [2, 2]),
    },
    { name: 'tensordot dot of vectors', inputs: { a: t([1, 2, 3]), b: t([4, 5, 6]) }, expected: scalar(32) },
    ...fixtureCases(tensordots, 'tensordot', ['a', 'b']),
    {
      name: 'tensordot size-1 dims',
      inputs: { a: t([2, 3], [1, 2, 1]), b: t([4, 5], [1, 2]) },
      attrs: {
        axes: [
          [0, 1],
          [0, 1],
        ],
      },
      expected: t([23], [1]),
    },
    {
      name: 'tensordot int32',
      inputs: { a: t([1, 2, 3, 4], [2, 2], 'int32'), b: t([1, -1], [2], 'int32') },
      expected: t([-1, -1], [2], 'int32'),
    },
    {
      name: 'tensordot float64',
      inputs: { a: t([0.1, 0.2], [2], 'float64'), b: t([1, 1], [2], 'float64') },
      expected: t([0.30000000000000004], [], 'float64'),
    },
    {
      name: 'tensordot NaN and Inf',
      inputs: { a: t([Number.NaN, 1, 1, 1], [2, 2]), b: t([1, Infinity], [2]) },
      expected: t([Number.NaN, Infinity]),
    },
    { name: 'tensordot zero-size free axis', inputs: { a: t([], [0, 3]), b: t([1, 2, 3], [3]) }, expected: t([], [0]) },
    {
      name: 'tensordot zero-size contracted axis gives zeros',
      inputs: { a: t([], [2, 0]), b: t([], [0, 3]) },
      expected: t([0, 0, 0, 0, 0, 0], [2, 3]),
    },
    {
      name: 'tensordot unknown dims',
      inputs: { a: t([1, 2, 3, 4, 5, 6], [2, 3]), b: t([1, 0, -1], [3]) },
      placeholders: 'unknown-dims',
      expected: t([-2, -2]),
    },
    {
      name: 'tensordot axes larger than a rank is a ValueError',
      inputs: { a: t([1, 2]), b: t([1, 2], [2, 1]) },
      attrs: { axes: 2 },
      throws: { type: 'ValueError', message: "'axes' must not be larger", when: 'build' },
    },
    {
      name: 'tensordot negative axes count is a ValueError',
      inputs: { a: t([1, 2]), b: t([1, 2]) },
      attrs: { axes: -1 },
      throws: { type: 'ValueError', message: "'axes' must be at least 0", when: 'build' },
    },
    {
      name: 'tensordot different numbers of axes is a ValueError',
      inputs: { a: t([1, 2, 3, 4], [2, 2]), b: t([1, 2, 3, 4], [2, 2]) },
      attrs: { axes: [[0, 1], [0]] },
      throws: { type: 'ValueError', message: "Different number of contraction axes 'a' and 'b', 2 != 1.", when: 'build' },
    },
    {
      name: 'tensordot axis out of range is a ValueError',
      inputs: { a: t([1, 2]), b: t([1, 2]) },
      attrs: { axes: [[1], [0]] },
      throws: { type: 'ValueError', message: "contraction axis 1 of 'a' is out of range for rank 1", when: 'build' },
    },
    {
      name: 'tensordot size mismatch is a ValueError',
      inputs: { a: t([1, 2, 3]), b: t([1, 2]) },
      throws: { type: 'ValueError', message: 'dimensions must be equal, but are 3 (axis 0 of a) and 2 (axis 0 of b)', when: 'build' },
    },
    {
      name: 'tensordot size mismatch at run time is an InvalidArgumentError',
      inputs: { a: t([1, 2, 3]), b: t([1, 2]) },
      placeholders: 'unknown-dims',
      throws: { type: 'InvalidArgumentError', when: 'run' },
    },
    { name: 'tensordot bool is a TypeError', inputs: { a: t([true]), b: t([true]) }, throws: { type: 'TypeError', when: 'build' } },
    {
      name: 'tensordot grad [2,3,4]·[3,4,2] axes 2',
      inputs: { a: randomData([2, 3, 4], { seed: 291 }), b: randomData([3, 4, 2], { seed: 292 }) },
      attrs: { axes: 2 },
      gradCheck: true,
    },
    {
      name: 'tensordot grad [2,3]·[3,2] transposed axes',
      inputs: { a: randomData([2, 3], { seed: 293 }), b: randomData([3, 2], { seed: 294 }) },
      attrs: {
        axes: [
          [0, 1],
          [1, 0],
        ],
      },
      gradCheck: true,
    },
    {
      name: 'tensordot grad outer [3]·[2,1] axes 0',
      inputs: { a: randomData([3], { seed: 295 }), b: randomData([2, 1], { seed: 296 }) },
      attrs: { axes: 0 },
      gradCheck: true,
    },
    {
      name: 'tensordot grad unknown dims',
      inputs: { a: randomData([2, 3, 2], { seed: 297 }), b: randomData([2, 3], { seed: 298 }) },
      attrs: {
        axes: [
          [0, 1],
          [0, 1],
        ],
      },
      placeholders: 'unknown-dims',
      gradCheck: true,
    },
  ],
});
