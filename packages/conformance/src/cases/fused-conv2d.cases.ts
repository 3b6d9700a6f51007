import { type FusableActivation, fusedConv2d } from '@tf/graph/backend';
import fusedConvs from '../../fixtures/fused-conv2d.json' with { type: 'json' };
import { defineCases, fixtureCases, t } from '../case.js';
import { convOptions } from './conv-helpers.js';

const x3x3 = t([1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 3, 3, 1]);
/** Two output channels: the 2×2 diagonal, and its negation. */
const diagonalPair = t([1, -1, 0, 0, 0, 0, 1, -1], [2, 2, 1, 2]);

/** Attrs: `strides`, `padding` (default VALID), `dilations`, `activation` (one of `FUSABLE_ACTIVATIONS`; none by default). */
export default defineCases({
  op: '_FusedConv2D',
  build: ({ input, filter, bias }, attrs) =>
    fusedConv2d(input, filter, bias, attrs.strides ?? [1, 1, 1, 1], attrs.padding ?? 'VALID', {
      ...convOptions(attrs),
      ...(attrs.activation ? { activation: attrs.activation as FusableActivation } : {}),
    }),
  cases: [
    {
      name: 'basic: a bias per output channel',
      inputs: { input: x3x3, filter: diagonalPair, bias: t([10, 20]) },
      expected: t([16, 14, 18, 12, 22, 8, 24, 6], [1, 2, 2, 2]),
    },
    {
      name: 'Relu zeroes the negative channel',
      inputs: { input: x3x3, filter: diagonalPair, bias: t([10, 7]) },
      attrs: { activation: 'Relu' },
      expected: t([16, 1, 18, 0, 22, 0, 24, 0], [1, 2, 2, 2]),
    },
    ...fixtureCases(fusedConvs, '_FusedConv2D', ['input', 'filter', 'bias']),
    {
      name: 'NaN and ±Inf propagate through the bias and Relu',
      inputs: { input: t([1, Number.NaN, 2, 3], [1, 2, 2, 1]), filter: t([1], [1, 1, 1, 1]), bias: t([Infinity]) },
      attrs: { activation: 'Relu' },
      expected: t([Infinity, Number.NaN, Infinity, Infinity], [1, 2, 2, 1]),
    },
    {
      name: 'zero-size batch',
      inputs: { input: t([], [0, 3, 3, 1]), filter: t([1, 2, 3, 4, 5, 6, 7, 8], [2, 2, 1, 2]), bias: t([1, 2]) },
      attrs: { activation: 'Relu' },
      expected: t([], [0, 2, 2, 2]),
    },
    {
      name: 'zero input channels give activation(bias)',
      inputs: { input: t([], [1, 2, 2, 0]), filter: t([], [1, 1, 0, 2]), bias: t([-1, 3]) },
      attrs: { activation: 'Relu' },
      expected: t([0, 3, 0, 3, 0, 3, 0, 3], [1, 2, 2, 2]),
    },
    {
      name: 'float64',
      inputs: {
        input: t([0.5, 0.25, 0.125, 2], [1, 2, 2, 1], 'float64'),
        filter: t([1, 2, 3, 4], [2, 2, 1, 1], 'float64'),
        bias: t([-10], [1], 'float64'),
      },
      attrs: { activation: 'Relu' },
      expected: t([0], [1, 1, 1, 1], 'float64'),
    },
    {
      name: 'wrong bias size is a ValueError',
      inputs: { input: x3x3, filter: diagonalPair, bias: t([1, 2, 3]) },
      throws: { type: 'ValueError', message: 'Must provide as many biases as the last dimension', when: 'build' },
    },
    {
      name: 'wrong bias size at run time is an InvalidArgumentError',
      inputs: { input: x3x3, filter: diagonalPair, bias: t([1, 2, 3]) },
      placeholders: 'unknown-dims',
      throws: { type: 'InvalidArgumentError', message: 'Must provide as many biases as the last dimension', when: 'run' },
    },
    {
      name: 'rank-2 bias is a ValueError',
      inputs: { input: x3x3, filter: diagonalPair, bias: t([1, 2], [1, 2]) },
      throws: { type: 'ValueError', message: 'Biases must be 1D', when: 'build' },
    },
    {
      name: 'filter depth must match the input',
      inputs: { input: x3x3, filter: t([1, 2, 3, 4, 5, 6, 7, 8], [2, 2, 2, 1]), bias: t([1]) },
      throws: { type: 'ValueError', when: 'build' },
    },
    {
      name: 'int32 is a TypeError',
      inputs: { input: t([1], [1, 1, 1, 1], 'int32'), filter: t([1], [1, 1, 1, 1], 'int32'), bias: t([1], [1], 'int32') },
      throws: { type: 'TypeError', when: 'build' },
    },
    {
      name: 'an activation it cannot fuse is a ValueError',
      inputs: { input: x3x3, filter: diagonalPair, bias: t([1, 2]) },
      attrs: { activation: 'Softplus' },
      throws: { type: 'ValueError', message: 'Unsupported fusion: [BiasAdd, Softplus]', when: 'build' },
    },
  ],
});
