import * as tf from '@tf/graph';
import { opDef } from '@tf/graph/backend';
import matmuls from '../../fixtures/matmul.json' with { type: 'json' };
import { defineCases, fixtureCases, randomData, t } from '../case.js';
import { rawOp } from './helpers.js';

/** Attrs: `transposeA`, `transposeB`, and `raw` (create the op without the builder's dtype checks). */
export default defineCases({
  op: 'MatMul',
  build: ({ a, b }, { transposeA = false, transposeB = false, raw = false }) =>
    raw ? rawOp(opDef('MatMul'), [a, b], { transposeA, transposeB })[0]! : tf.matmul(a, b, transposeA, transposeB),
  cases: [
    { name: 'basic 2x2', inputs: { a: t([1, 2, 3, 4], [2, 2]), b: t([5, 6, 7, 8], [2, 2]) }, expected: t([19, 22, 43, 50], [2, 2]) },
    { name: '1x1', inputs: { a: t([3], [1, 1]), b: t([-2], [1, 1]) }, expected: t([-6], [1, 1]) },
    ...fixtureCases(matmuls, 'MatMul', ['a', 'b']),
    {
      name: 'float64',
      inputs: { a: t([0.1, 0.2], [1, 2], 'float64'), b: t([1, 1], [2, 1], 'float64') },
      expected: t([0.30000000000000004], [1, 1], 'float64'),
    },
    {
      name: 'NaN and ±Inf propagate along their row and column',
      inputs: { a: t([Number.NaN, 0, 1, 1], [2, 2]), b: t([1, 1, Infinity, 2], [2, 2]) },
      expected: t([Number.NaN, Number.NaN, Infinity, 3], [2, 2]),
    },
    { name: 'zero-size rows [0,3] @ [3,2]', inputs: { a: t([], [0, 3]), b: t([1, 2, 3, 4, 5, 6], [3, 2]) }, expected: t([], [0, 2]) },
    {
      name: 'zero-size inner dim gives zeros [2,0] @ [0,3]',
      inputs: { a: t([], [2, 0]), b: t([], [0, 3]) },
      expected: t([0, 0, 0, 0, 0, 0], [2, 3]),
    },
    {
      name: 'inner dimension mismatch is a ValueError',
      inputs: { a: t([1, 2, 3, 4, 5, 6], [2, 3]), b: t([1, 2, 3, 4], [2, 2]) },
      throws: { type: 'ValueError', message: /Dimensions must be equal, but are 3 and 2 for '.*' \(op: 'MatMul'\)/, when: 'build' },
    },
    {
      name: 'inner dimension mismatch at run time is an InvalidArgumentError',
      inputs: { a: t([1, 2, 3, 4, 5, 6], [2, 3]), b: t([1, 2, 3, 4], [2, 2]) },
      placeholders: 'unknown-dims',
      throws: { type: 'InvalidArgumentError', message: "op: 'MatMul'", when: 'run' },
    },
    {
      name: 'rank 1 is a ValueError',
      inputs: { a: t([1, 2]), b: t([1, 2], [2, 1]) },
      throws: { type: 'ValueError', message: /Shape must be rank 2 but is rank 1.*op: 'MatMul'/, when: 'build' },
    },
    // `tf.matmul` turns rank > 2 into BatchMatMulV2, so the MatMul op itself is created directly.
    {
      name: 'rank 3 is a ValueError',
      inputs: { a: t([1, 2, 3, 4], [1, 2, 2]), b: t([1, 2, 3, 4], [2, 2]) },
      attrs: { raw: true },
      throws: { type: 'ValueError', message: 'Shape must be rank 2 but is rank 3', when: 'build' },
    },
    {
      name: 'rank 3 at run time is an InvalidArgumentError',
      inputs: { a: t([1, 2, 3, 4], [1, 2, 2]), b: t([1, 2, 3, 4], [2, 2]) },
      placeholders: 'unknown-rank',
      throws: { type: 'InvalidArgumentError', message: 'Shape must be rank 2 but is rank 3', when: 'run' },
    },
    {
      name: 'mixed dtypes is a TypeError',
      inputs: { a: t([1], [1, 1]), b: t([1], [1, 1], 'int32') },
      throws: { type: 'TypeError', when: 'build' },
    },
    {
      name: 'bool inputs is a TypeError',
      inputs: { a: t([true], [1, 1]), b: t([true], [1, 1]) },
      throws: { type: 'TypeError', when: 'build' },
    },
    // An op created without the builder (as a GraphDef import would) must still reject bool.
    {
      name: 'raw op with bool inputs is rejected',
      inputs: { a: t([true], [1, 1]), b: t([true], [1, 1]) },
      attrs: { raw: true },
      throws: { when: 'build' },
    },
    {
      name: 'raw op with mixed dtypes is rejected',
      inputs: { a: t([1], [1, 1]), b: t([1], [1, 1], 'int32') },
      attrs: { raw: true },
      throws: { when: 'build' },
    },
    { name: 'grad 3x4 @ 4x2', inputs: { a: randomData([3, 4], { seed: 131 }), b: randomData([4, 2], { seed: 132 }) }, gradCheck: true },
    {
      name: 'grad transposeA',
      inputs: { a: randomData([4, 3], { seed: 133 }), b: randomData([4, 2], { seed: 134 }) },
      attrs: { transposeA: true },
      gradCheck: true,
    },
    {
      name: 'grad transposeB',
      inputs: { a: randomData([3, 4], { seed: 135 }), b: randomData([2, 4], { seed: 136 }) },
      attrs: { transposeB: true },
      gradCheck: true,
    },
    {
      name: 'grad both transposed',
      inputs: { a: randomData([4, 3], { seed: 137 }), b: randomData([2, 4], { seed: 138 }) },
      attrs: { transposeA: true, transposeB: true },
      gradCheck: true,
    },
    {
      name: 'grad size-1 dims 1x5 @ 5x1',
      inputs: { a: randomData([1, 5], { seed: 139 }), b: randomData([5, 1], { seed: 140 }) },
      gradCheck: true,
    },
  ],
});
