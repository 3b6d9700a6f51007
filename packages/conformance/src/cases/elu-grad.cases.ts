import * as tf from '@tf/graph';
import { defineCases, randomData, t } from '../case.js';

/** EluGrad takes Elu's output: `gradients · (outputs + 1)` where `outputs < 0`, else `gradients`. */
export default defineCases({
  op: 'EluGrad',
  build: ({ gradients, outputs }) => tf.nn.eluGrad(gradients, outputs),
  cases: [
    {
      name: 'basic',
      inputs: { gradients: t([1, 2, 3, 4], [2, 2]), outputs: t([-0.5, 0, 2, -1], [2, 2]) },
      expected: t([0.5, 2, 3, 0], [2, 2]),
    },
    { name: 'size-1 dims', inputs: { gradients: t([2], [1, 1]), outputs: t([-0.75], [1, 1]) }, expected: t([0.5], [1, 1]) },
    { name: 'NaN', inputs: { gradients: t([Number.NaN, 1, 1]), outputs: t([1, Number.NaN, -0.5]) }, expected: t([Number.NaN, 1, 0.5]) },
    { name: 'zero-size', inputs: { gradients: t([], [3, 0]), outputs: t([], [3, 0]) }, expected: t([], [3, 0]) },
    {
      name: 'shape mismatch is a ValueError',
      inputs: { gradients: t([1, 2, 3]), outputs: t([1, 2]) },
      throws: { type: 'ValueError', message: "op: 'EluGrad'", when: 'build' },
    },
    {
      name: 'shape mismatch at run time is an InvalidArgumentError',
      inputs: { gradients: t([1, 2, 3]), outputs: t([1, 2]) },
      placeholders: 'unknown-dims',
      throws: { type: 'InvalidArgumentError', message: "op: 'EluGrad'", when: 'run' },
    },
    {
      name: 'int32 is a TypeError',
      inputs: { gradients: t([1], [1], 'int32'), outputs: t([1], [1], 'int32') },
      throws: {
        type: 'TypeError',
        message: "Value passed to parameter 'gradients' has DataType int32 not in list of allowed values: float32, float64",
        when: 'build',
      },
    },
    // TF's `_EluGradGrad`, second-order Elu.
    {
      name: 'grad [3,4]',
      inputs: { gradients: randomData([3, 4], { seed: 631 }), outputs: randomData([3, 4], { seed: 632, low: -0.9, high: 2, avoid: 0 }) },
      gradCheck: true,
    },
    {
      name: 'grad [1,3]',
      inputs: { gradients: randomData([1, 3], { seed: 633 }), outputs: randomData([1, 3], { seed: 634, low: -0.9, high: 2, avoid: 0 }) },
      gradCheck: true,
    },
    {
      name: 'grad [2,1,2]',
      inputs: {
        gradients: randomData([2, 1, 2], { seed: 635 }),
        outputs: randomData([2, 1, 2], { seed: 636, low: -0.9, high: 2, avoid: 0 }),
      },
      gradCheck: true,
    },
  ],
});
