import * as tf from '@tf/graph';
import { opDef } from '@tf/graph/backend';
import gradGrads from '../../fixtures/max-pool-grad-grad.json' with { type: 'json' };
import { defineCases, fixtureCases, randomData, t } from '../case.js';
import { distinctData, poolAttrs } from './conv-helpers.js';
import { rawOp } from './helpers.js';

/**
 * `MaxPoolGradGrad(orig_input, MaxPool(orig_input), grad)` with `grad` shaped like the input.
 * Attrs: `ksize`, `strides`, `padding` (see max-pool.cases.ts).
 */
export default defineCases({
  op: 'MaxPoolGradGrad',
  build: ({ orig_input, grad }, attrs) => {
    const a = poolAttrs(attrs);
    const origOutput = rawOp(opDef('MaxPool'), [orig_input], a)[0]!;
    return rawOp(opDef('MaxPoolGradGrad'), [orig_input, origOutput, grad], a)[0]!;
  },
  cases: [
    {
      name: 'reads grad at each max',
      inputs: { orig_input: t([1, 4, 3, 2], [1, 2, 2, 1]), grad: t([10, 20, 30, 40], [1, 2, 2, 1]) },
      attrs: { padding: 'SAME' },
      expected: t([20, 20, 30, 40], [1, 2, 2, 1]),
    },
    ...fixtureCases(gradGrads, 'MaxPoolGradGrad', ['orig_input', 'grad']),
    { name: 'zero-size batch', inputs: { orig_input: t([], [0, 2, 2, 1]), grad: t([], [0, 2, 2, 1]) }, expected: t([], [0, 1, 1, 1]) },
    {
      name: 'grad not shaped like the input is a ValueError',
      inputs: { orig_input: randomData([1, 4, 4, 1], { seed: 1 }), grad: randomData([1, 2, 2, 1], { seed: 2 }) },
      attrs: { strides: [1, 2, 2, 1] },
      throws: { type: 'ValueError', message: 'Expected grad shape to be [1,4,4,1], but got [1,2,2,1]', when: 'build' },
    },
    {
      name: 'bool is a TypeError',
      inputs: { orig_input: t([true, false, true, false], [1, 2, 2, 1]), grad: t([true, false, true, false], [1, 2, 2, 1]) },
      throws: { type: 'TypeError', when: 'build' },
    },
    {
      name: 'grad 2x2 stride 2 1x4x4x2',
      inputs: { orig_input: distinctData([1, 4, 4, 2], 101), grad: randomData([1, 4, 4, 2], { seed: 102 }) },
      attrs: { strides: [1, 2, 2, 1] },
      gradCheck: true,
    },
    {
      name: 'grad 3x3 stride 2 SAME 1x5x5x1',
      inputs: { orig_input: distinctData([1, 5, 5, 1], 103), grad: randomData([1, 5, 5, 1], { seed: 104 }) },
      attrs: { ksize: [1, 3, 3, 1], strides: [1, 2, 2, 1], padding: 'SAME' },
      gradCheck: true,
    },
    {
      name: 'grad batch 2, size-1 dims',
      inputs: { orig_input: distinctData([2, 1, 4, 1], 105), grad: randomData([2, 1, 4, 1], { seed: 106 }) },
      attrs: { ksize: [1, 1, 2, 1] },
      gradCheck: true,
    },
  ],
});
