import * as tf from '@tf/graph';
import { defineCases, randomData, t } from '../case.js';

/** SeluGrad takes Selu's output: `gradients · (outputs + scale·alpha)` where `outputs < 0`, else `gradients · scale`. */
export default defineCases({
  op: 'SeluGrad',
  build: ({ gradients, outputs }) => tf.nn.seluGrad(gradients, outputs),
  cases: [
    {
      name: 'basic',
      inputs: { gradients: t([1, 2, 3]), outputs: t([-0.5, 0, 2]) },
      expected: t([1.2580993408473766, 2.101401974710961, 3.1521029620664414]),
    },
    { name: 'size-1 dims', inputs: { gradients: t([1], [1, 1]), outputs: t([-0.5], [1, 1]) }, expected: t([1.2580993408473766], [1, 1]) },
    { name: 'NaN', inputs: { gradients: t([Number.NaN, 1]), outputs: t([1, Number.NaN]) }, expected: t([Number.NaN, 1.0507009873554805]) },
    { name: 'zero-size', inputs: { gradients: t([], [0]), outputs: t([], [0]) }, expected: t([], [0]) },
    {
      name: 'shape mismatch is a ValueError',
      inputs: { gradients: t([1, 2, 3]), outputs: t([1, 2]) },
      throws: { type: 'ValueError', message: "op: 'SeluGrad'", when: 'build' },
    },
    {
      name: 'shape mismatch at run time is an InvalidArgumentError',
      inputs: { gradients: t([1, 2, 3]), outputs: t([1, 2]) },
      placeholders: 'unknown-dims',
      throws: { type: 'InvalidArgumentError', message: "op: 'SeluGrad'", when: 'run' },
    },
    // TF's `_SeluGradGrad`, second-order Selu.
    {
      name: 'grad [3,4]',
      inputs: { gradients: randomData([3, 4], { seed: 651 }), outputs: randomData([3, 4], { seed: 652, low: -1.7, high: 2, avoid: 0 }) },
      gradCheck: true,
    },
    {
      name: 'grad [1,3]',
      inputs: { gradients: randomData([1, 3], { seed: 653 }), outputs: randomData([1, 3], { seed: 654, low: -1.7, high: 2, avoid: 0 }) },
      gradCheck: true,
    },
    {
      name: 'grad [2,1,2]',
      inputs: {
        gradients: randomData([2, 1, 2], { seed: 655 }),
        outputs: randomData([2, 1, 2], { seed: 656, low: -1.7, high: 2, avoid: 0 }),
      },
      gradCheck: true,
    },
  ],
});
