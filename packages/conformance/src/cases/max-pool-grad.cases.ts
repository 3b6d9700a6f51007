import * as tf from '@tf/graph';
import { opDef } from '@tf/graph/backend';
import grads from '../../fixtures/max-pool-grad.json' with { type: 'json' };
import { defineCases, fixtureCases, randomData, t } from '../case.js';
import { distinctData, poolAttrs } from './conv-helpers.js';
import { rawOp } from './helpers.js';

/**
 * `MaxPoolGrad(orig_input, MaxPool(orig_input), grad)`: `orig_output` is computed from the input,
 * as in a real gradient graph. Attrs: `ksize`, `strides`, `padding` (see max-pool.cases.ts).
 */
export default defineCases({
  op: 'MaxPoolGrad',
  build: ({ orig_input, grad }, attrs) => {
    const a = poolAttrs(attrs);
    const origOutput = rawOp(opDef('MaxPool'), [orig_input], a)[0]!;
    return rawOp(opDef('MaxPoolGrad'), [orig_input, origOutput, grad], a)[0]!;
  },
  cases: [
    // Ties go to the first max in row-major window order; overlapping windows add up.
    {
      name: 'ties go to the first max; overlapping windows add',
      inputs: { orig_input: t([5, 5, 1], [1, 1, 3, 1]), grad: t([1, 10, 100], [1, 1, 3, 1]) },
      attrs: { ksize: [1, 1, 3, 1], padding: 'SAME' },
      expected: t([11, 100, 0], [1, 1, 3, 1]),
    },
    ...fixtureCases(grads, 'MaxPoolGrad', ['orig_input', 'grad']),
    {
      name: 'the first NaN in a window takes the gradient',
      inputs: { orig_input: t([1, Number.NaN, 3, Number.NaN], [1, 1, 4, 1]), grad: t([7], [1, 1, 1, 1]) },
      attrs: { ksize: [1, 1, 4, 1] },
      expected: t([0, 7, 0, 0], [1, 1, 4, 1]),
    },
    { name: 'zero-size batch', inputs: { orig_input: t([], [0, 2, 2, 1]), grad: t([], [0, 1, 1, 1]) }, expected: t([], [0, 2, 2, 1]) },
    {
      name: 'grad of the wrong shape is a ValueError',
      inputs: { orig_input: randomData([1, 4, 4, 1], { seed: 1 }), grad: randomData([1, 3, 3, 1], { seed: 2 }) },
      attrs: { strides: [1, 2, 2, 1] },
      throws: { type: 'ValueError', message: 'Expected grad shape to be [1,2,2,1], but got [1,3,3,1]', when: 'build' },
    },
    {
      name: 'grad of the wrong shape at run time is an InvalidArgumentError',
      inputs: { orig_input: randomData([1, 4, 4, 1], { seed: 1 }), grad: randomData([1, 3, 3, 1], { seed: 2 }) },
      attrs: { strides: [1, 2, 2, 1] },
      placeholders: 'unknown-dims',
      throws: { type: 'InvalidArgumentError', message: 'Expected grad shape to be [1,2,2,1], but got [1,3,3,1]', when: 'run' },
    },
    {
      name: 'rank 3 is a ValueError',
      inputs: { orig_input: t([1, 2, 3, 4], [2, 2, 1]), grad: t([4], [1, 1, 1]) },
      throws: { type: 'ValueError', message: 'Shape must be rank 4 but is rank 3', when: 'build' },
    },
    {
      name: 'bool is a TypeError',
      inputs: { orig_input: t([true, false, true, false], [1, 2, 2, 1]), grad: t([true], [1, 1, 1, 1]) },
      throws: { type: 'TypeError', when: 'build' },
    },
    {
      name: 'grad 2x2 stride 2 1x4x4x2',
      inputs: { orig_input: distinctData([1, 4, 4, 2], 91), grad: randomData([1, 2, 2, 2], { seed: 92 }) },
      attrs: { strides: [1, 2, 2, 1] },
      gradCheck: true,
    },
    {
      name: 'grad 3x3 stride 2 SAME 1x5x5x1',
      inputs: { orig_input: distinctData([1, 5, 5, 1], 93), grad: randomData([1, 3, 3, 1], { seed: 94 }) },
      attrs: { ksize: [1, 3, 3, 1], strides: [1, 2, 2, 1], padding: 'SAME' },
      gradCheck: true,
    },
    {
      name: 'grad batch 2, size-1 dims',
      inputs: { orig_input: distinctData([2, 1, 4, 1], 95), grad: randomData([2, 1, 3, 1], { seed: 96 }) },
      attrs: { ksize: [1, 1, 2, 1] },
      gradCheck: true,
    },
  ],
});
