import * as tf from '@tf/graph';
import { opDef } from '@tf/graph/backend';
import grads from '../../fixtures/avg-pool-grad.json' with { type: 'json' };
import { defineCases, fixtureCases, randomData, t } from '../case.js';
import { poolAttrs, shapeInput } from './conv-helpers.js';
import { rawOp } from './helpers.js';

/**
 * Attrs: `origInputShape` (the shape input), `shapeAtRunTime` (fed through a
 * PlaceholderWithDefault), `ksize`, `strides`, `padding` (see avg-pool.cases.ts).
 */
export default defineCases({
  op: 'AvgPoolGrad',
  build: ({ grad }, attrs) => {
    const shape = shapeInput(attrs.origInputShape, attrs.shapeAtRunTime ?? false);
    const shapeTensor = Array.isArray(shape) ? tf.constant(shape, 'int32', [shape.length]) : shape;
    return rawOp(opDef('AvgPoolGrad'), [shapeTensor, grad], poolAttrs(attrs))[0]!;
  },
  cases: [
    // Windows of 4, 2, 2 and 1 elements: each spreads grad / count over what it covered.
    {
      name: 'SAME spreads over valid elements only',
      inputs: { grad: t([4, 2, 2, 1], [1, 2, 2, 1]) },
      attrs: { origInputShape: [1, 3, 3, 1], strides: [1, 2, 2, 1], padding: 'SAME' },
      expected: t([1, 1, 1, 1, 1, 1, 1, 1, 1], [1, 3, 3, 1]),
    },
    ...fixtureCases(grads, 'AvgPoolGrad', ['grad']),
    {
      name: 'input shape at run time',
      inputs: { grad: t([4, 2, 2, 1], [1, 2, 2, 1]) },
      attrs: { origInputShape: [1, 3, 3, 1], strides: [1, 2, 2, 1], padding: 'SAME', shapeAtRunTime: true },
      expected: t([1, 1, 1, 1, 1, 1, 1, 1, 1], [1, 3, 3, 1]),
    },
    {
      name: 'zero-size batch',
      inputs: { grad: t([], [0, 1, 1, 1]) },
      attrs: { origInputShape: [0, 2, 2, 1] },
      expected: t([], [0, 2, 2, 1]),
    },
    {
      name: 'grad of the wrong shape is a ValueError',
      inputs: { grad: randomData([1, 3, 3, 1], { seed: 1 }) },
      attrs: { origInputShape: [1, 4, 4, 1], strides: [1, 2, 2, 1] },
      throws: { type: 'ValueError', message: 'Expected grad shape to be [1,2,2,1], but got [1,3,3,1]', when: 'build' },
    },
    {
      name: 'grad of the wrong shape at run time is an InvalidArgumentError',
      inputs: { grad: randomData([1, 3, 3, 1], { seed: 1 }) },
      attrs: { origInputShape: [1, 4, 4, 1], strides: [1, 2, 2, 1], shapeAtRunTime: true },
      throws: { type: 'InvalidArgumentError', message: 'Expected grad shape to be [1,2,2,1], but got [1,3,3,1]', when: 'run' },
    },
    {
      name: 'orig_input_shape with 3 values is a ValueError',
      inputs: { grad: randomData([1, 1, 1, 1], { seed: 2 }) },
      attrs: { origInputShape: [2, 2, 1] },
      throws: { type: 'ValueError', message: 'Shape must be rank 4 but is rank 3', when: 'build' },
    },
    {
      name: 'int32 grad is a TypeError',
      inputs: { grad: t([1], [1, 1, 1, 1], 'int32') },
      attrs: { origInputShape: [1, 2, 2, 1] },
      throws: { type: 'TypeError', when: 'build' },
    },
    {
      name: 'grad 2x2 stride 2 VALID 1x4x4x2',
      inputs: { grad: randomData([1, 2, 2, 2], { seed: 121 }) },
      attrs: { origInputShape: [1, 4, 4, 2], strides: [1, 2, 2, 1] },
      gradCheck: true,
    },
    {
      name: 'grad 3x3 stride 2 SAME 1x5x5x1',
      inputs: { grad: randomData([1, 3, 3, 1], { seed: 122 }) },
      attrs: { origInputShape: [1, 5, 5, 1], ksize: [1, 3, 3, 1], strides: [1, 2, 2, 1], padding: 'SAME' },
      gradCheck: true,
    },
    {
      name: 'grad batch 2, size-1 dims, shape at run time',
      inputs: { grad: randomData([2, 1, 5, 1], { seed: 123 }) },
      attrs: { origInputShape: [2, 1, 5, 1], ksize: [1, 1, 2, 1], padding: 'SAME', shapeAtRunTime: true },
      gradCheck: true,
    },
  ],
});
