import * as tf from '@tf/graph';
import einsums from '../../fixtures/einsum.json' with { type: 'json' };
import { defineCases, fixtureCases, randomData, scalar, t } from '../case.js';

/**
 * `tf.einsum(equation, a, b)`: a composite of Sum, Transpose, Reshape and one `MatMul` (or
 * `BatchMatMulV2` with batch indices). Attrs: `equation`. One-operand equations are in
 * einsum-unary.cases.ts.
 */
export default defineCases({
  op: 'einsum',
  composite: true,
  build: ({ a, b }, { equation = 'ij,jk->ik' }) => tf.einsum(equation, a, b),
  cases: [
    {
      name: 'einsum basic matmul',
      inputs: { a: t([1, 2, 3, 4], [2, 2]), b: t([5, 6, 7, 8], [2, 2]) },
      expected: t([19, 22, 43, 50], [2, 2]),
    },
    { name: 'einsum dot', inputs: { a: t([1, 2, 3]), b: t([4, 5, 6]) }, attrs: { equation: 'i,i->' }, expected: scalar(32) },
    ...fixtureCases(einsums, 'einsum', ['a', 'b']),
    {
      name: 'einsum spaces and upper case',
      inputs: { a: t([1, 2, 3, 4], [2, 2]), b: t([5, 6, 7, 8], [2, 2]) },
      attrs: { equation: ' iJ , Jk -> ik ' },
      expected: t([19, 22, 43, 50], [2, 2]),
    },
    { name: 'einsum size-1 dims', inputs: { a: t([2, 3], [1, 2]), b: t([4, 5], [2, 1]) }, expected: t([23], [1, 1]) },
    {
      name: 'einsum int32',
      inputs: { a: t([1, 2, 3, 4], [2, 2], 'int32'), b: t([1, -1], [2], 'int32') },
      attrs: { equation: 'ij,j->i' },
      expected: t([-1, -1], [2], 'int32'),
    },
    {
      name: 'einsum NaN and Inf',
      inputs: { a: t([Number.NaN, 2]), b: t([1, Infinity]) },
      attrs: { equation: 'i,j->ij' },
      expected: t([Number.NaN, Number.NaN, 2, Infinity], [2, 2]),
    },
    { name: 'einsum zero-size', inputs: { a: t([], [0, 3]), b: t([1, 2, 3, 4, 5, 6], [3, 2]) }, expected: t([], [0, 2]) },
    { name: 'einsum zero-size contraction gives zeros', inputs: { a: t([], [2, 0]), b: t([], [0, 1]) }, expected: t([0, 0], [2, 1]) },
    {
      name: 'einsum unknown dims',
      inputs: { a: t([1, 2, 3, 4, 5, 6], [2, 3]), b: t([1, 0, -1], [3]) },
      attrs: { equation: 'ij,j->i' },
      placeholders: 'unknown-dims',
      expected: t([-2, -2]),
    },
    {
      name: 'einsum basic batch matmul',
      inputs: { a: t([1, 2, 3, 4, 5, 6, 7, 8], [2, 2, 2]), b: t([1, 1, 2, -1], [2, 2, 1]) },
      attrs: { equation: 'bij,bjk->bik' },
      expected: t([3, 7, 4, 6], [2, 2, 1]),
    },
    {
      name: 'einsum batch zero-size',
      inputs: { a: t([], [0, 2, 3]), b: t([], [0, 3, 1]) },
      attrs: { equation: 'bij,bjk->bik' },
      expected: t([], [0, 2, 1]),
    },
    {
      name: 'einsum batch unknown dims',
      inputs: { a: t([1, 2, 3, 4], [2, 1, 2]), b: t([1, 1, 1, -1], [2, 2, 1]) },
      attrs: { equation: 'bij,bjk->bik' },
      placeholders: 'unknown-dims',
      expected: t([3, -1], [2, 1, 1]),
    },
    {
      name: 'einsum batch size mismatch is a ValueError',
      inputs: { a: t([1, 2, 3, 4], [2, 1, 2]), b: t([1, 2, 3, 4, 5, 6], [3, 2, 1]) },
      attrs: { equation: 'bij,bjk->bik' },
      throws: { type: 'ValueError', message: "index 'b' has size 2 in one operand and 3 in another", when: 'build' },
    },
    {
      name: 'einsum ellipsis is a ValueError',
      inputs: { a: t([1, 2, 3, 4], [2, 2]), b: t([1, 2, 3, 4], [2, 2]) },
      attrs: { equation: '...ij,...jk->...ik' },
      throws: { type: 'ValueError', message: 'ellipses (...) are not supported', when: 'build' },
    },
    {
      name: 'einsum repeated index (trace) is a ValueError',
      inputs: { a: t([1, 2, 3, 4], [2, 2]), b: t([1, 2]) },
      attrs: { equation: 'ii,i->i' },
      throws: { type: 'ValueError', message: "index 'i' repeats in operand 0", when: 'build' },
    },
    {
      name: 'einsum term rank mismatch is a ValueError',
      inputs: { a: t([1, 2, 3, 4], [2, 2]), b: t([1, 2]) },
      attrs: { equation: 'ijk,k->ij' },
      throws: { type: 'ValueError', message: "operand 0 has rank 2 but its term 'ijk' has 3 indices", when: 'build' },
    },
    {
      name: 'einsum size mismatch is a ValueError',
      inputs: { a: t([1, 2, 3, 4, 5, 6], [2, 3]), b: t([1, 2]) },
      attrs: { equation: 'ij,j->i' },
      throws: { type: 'ValueError', message: "index 'j' has size 3 in one operand and 2 in another", when: 'build' },
    },
    {
      name: 'einsum unknown output index is a ValueError',
      inputs: { a: t([1, 2]), b: t([1, 2]) },
      attrs: { equation: 'i,i->j' },
      throws: { type: 'ValueError', message: "output index 'j' appears in no operand", when: 'build' },
    },
    {
      name: 'einsum wrong operand count is a ValueError',
      inputs: { a: t([1, 2]), b: t([1, 2]) },
      attrs: { equation: 'i->i' },
      throws: { type: 'ValueError', message: '1 operand terms for 2 inputs', when: 'build' },
    },
    {
      name: 'einsum bool is a TypeError',
      inputs: { a: t([true]), b: t([true]) },
      attrs: { equation: 'i,i->i' },
      throws: { type: 'TypeError', when: 'build' },
    },
    {
      name: 'einsum grad ij,jk->ik',
      inputs: { a: randomData([3, 4], { seed: 301 }), b: randomData([4, 2], { seed: 302 }) },
      gradCheck: true,
    },
    {
      name: 'einsum grad ijk,jkl->il',
      inputs: { a: randomData([2, 3, 2], { seed: 303 }), b: randomData([3, 2, 2], { seed: 304 }) },
      attrs: { equation: 'ijk,jkl->il' },
      gradCheck: true,
    },
    {
      name: 'einsum grad i,j->ji',
      inputs: { a: randomData([3], { seed: 305 }), b: randomData([2], { seed: 306 }) },
      attrs: { equation: 'i,j->ji' },
      gradCheck: true,
    },
    {
      name: 'einsum grad ij,jk->i (sums k first)',
      inputs: { a: randomData([2, 3], { seed: 307 }), b: randomData([3, 4], { seed: 308 }) },
      attrs: { equation: 'ij,jk->i' },
      gradCheck: true,
    },
    {
      name: 'einsum batch grad bij,bjk->bik',
      inputs: { a: randomData([2, 3, 4], { seed: 311 }), b: randomData([2, 4, 2], { seed: 312 }) },
      attrs: { equation: 'bij,bjk->bik' },
      gradCheck: true,
    },
    {
      name: 'einsum batch grad ijb,jkb->bik',
      inputs: { a: randomData([2, 3, 2], { seed: 313 }), b: randomData([3, 2, 2], { seed: 314 }) },
      attrs: { equation: 'ijb,jkb->bik' },
      gradCheck: true,
    },
    {
      name: 'einsum batch grad bi,bj->bij',
      inputs: { a: randomData([3, 2], { seed: 315 }), b: randomData([3, 1], { seed: 316 }) },
      attrs: { equation: 'bi,bj->bij' },
      gradCheck: true,
    },
  ],
});
