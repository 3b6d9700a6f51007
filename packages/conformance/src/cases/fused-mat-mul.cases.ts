import { type FusableActivation, fusedMatMul } from '@tf/graph/backend';
import fusedMatMuls from '../../fixtures/fused-matmul.json' with { type: 'json' };
import { defineCases, fixtureCases, t } from '../case.js';

/** Attrs: `transposeA`, `transposeB`, `activation` (one of `FUSABLE_ACTIVATIONS`; none by default). */
export default defineCases({
  op: '_FusedMatMul',
  build: ({ a, b, bias }, { transposeA = false, transposeB = false, activation }) =>
    fusedMatMul(a, b, bias, { transposeA, transposeB, ...(activation ? { activation: activation as FusableActivation } : {}) }),
  cases: [
    {
      name: 'basic',
      inputs: { a: t([1, 2, 3, 4], [2, 2]), b: t([1, 0, 0, 1], [2, 2]), bias: t([10, -10]) },
      expected: t([11, -8, 13, -6], [2, 2]),
    },
    {
      name: 'Relu zeroes negatives',
      inputs: { a: t([1, 2, 3, 4], [2, 2]), b: t([1, 0, 0, 1], [2, 2]), bias: t([10, -10]) },
      attrs: { activation: 'Relu' },
      expected: t([11, 0, 13, 0], [2, 2]),
    },
    ...fixtureCases(fusedMatMuls, '_FusedMatMul', ['a', 'b', 'bias']),
    {
      name: 'NaN and ±Inf propagate through the bias and Relu',
      inputs: { a: t([Number.NaN, 1, 2, 3], [2, 2]), b: t([1, 0, 0, 1], [2, 2]), bias: t([0, Infinity]) },
      attrs: { activation: 'Relu' },
      expected: t([Number.NaN, Number.NaN, 2, Infinity], [2, 2]),
    },
    {
      name: 'zero-size rows',
      inputs: { a: t([], [0, 3]), b: t([1, 2, 3, 4, 5, 6], [3, 2]), bias: t([1, 2]) },
      attrs: { activation: 'Relu' },
      expected: t([], [0, 2]),
    },
    {
      name: 'empty inner dimension gives activation(bias)',
      inputs: { a: t([], [2, 0]), b: t([], [0, 3]), bias: t([-1, 0, 2]) },
      attrs: { activation: 'Relu' },
      expected: t([0, 0, 2, 0, 0, 2], [2, 3]),
    },
    {
      name: 'float64',
      inputs: { a: t([0.5, 0.25], [1, 2], 'float64'), b: t([2, 4], [2, 1], 'float64'), bias: t([-3], [1], 'float64') },
      attrs: { activation: 'Relu' },
      expected: t([0], [1, 1], 'float64'),
    },
    {
      name: 'wrong bias size is a ValueError',
      inputs: { a: t([1, 2, 3, 4], [2, 2]), b: t([1, 0, 0, 1], [2, 2]), bias: t([1, 2, 3]) },
      throws: { type: 'ValueError', message: 'Must provide as many biases as the last dimension', when: 'build' },
    },
    {
      name: 'wrong bias size at run time is an InvalidArgumentError',
      inputs: { a: t([1, 2, 3, 4], [2, 2]), b: t([1, 0, 0, 1], [2, 2]), bias: t([1, 2, 3]) },
      placeholders: 'unknown-dims',
      throws: { type: 'InvalidArgumentError', message: 'Must provide as many biases as the last dimension', when: 'run' },
    },
    {
      name: 'rank-2 bias is a ValueError',
      inputs: { a: t([1, 2], [1, 2]), b: t([1, 2], [2, 1]), bias: t([1], [1, 1]) },
      throws: { type: 'ValueError', message: 'Biases must be 1D', when: 'build' },
    },
    {
      name: 'inner dimensions must agree',
      inputs: { a: t([1, 2], [1, 2]), b: t([1, 2, 3], [3, 1]), bias: t([1]) },
      throws: { type: 'ValueError', message: 'Dimensions must be equal, but are 2 and 3', when: 'build' },
    },
    {
      name: 'int32 is a TypeError',
      inputs: { a: t([1, 2], [1, 2], 'int32'), b: t([1, 2], [2, 1], 'int32'), bias: t([1], [1], 'int32') },
      throws: { type: 'TypeError', when: 'build' },
    },
    {
      name: 'an activation it cannot fuse is a ValueError',
      inputs: { a: t([1, 2], [1, 2]), b: t([1, 2], [2, 1]), bias: t([1]) },
      attrs: { activation: 'Softplus' },
      throws: { type: 'ValueError', message: 'Unsupported fusion: [BiasAdd, Softplus]', when: 'build' },
    },
  ],
});
