import * as tf from '@tf/graph';
import { defineCases, randomData, t } from '../case.js';

export default defineCases({
  op: 'ReluGrad',
  build: ({ gradients, features }) => tf.nn.reluGrad(gradients, features),
  cases: [
    {
      name: 'basic',
      inputs: { gradients: t([1, 2, 3, 4], [2, 2]), features: t([1, -1, 0, 5], [2, 2]) },
      expected: t([1, 0, 0, 4], [2, 2]),
    },
    { name: 'size-1 dims', inputs: { gradients: t([7, 8], [1, 2]), features: t([-1, 1], [1, 2]) }, expected: t([0, 8], [1, 2]) },
    // A NaN feature passes no gradient; a NaN gradient passes where the feature is positive.
    {
      name: 'NaN',
      inputs: { gradients: t([Number.NaN, Number.NaN, 1]), features: t([1, -1, Number.NaN]) },
      expected: t([Number.NaN, 0, 0]),
    },
    { name: 'zero-size', inputs: { gradients: t([], [0, 3]), features: t([], [0, 3]) }, expected: t([], [0, 3]) },
    {
      name: 'shape mismatch is a ValueError',
      inputs: { gradients: t([1, 2, 3]), features: t([1, 2]) },
      throws: { type: 'ValueError', message: "op: 'ReluGrad'", when: 'build' },
    },
    {
      name: 'shape mismatch at run time is an InvalidArgumentError',
      inputs: { gradients: t([1, 2, 3]), features: t([1, 2]) },
      placeholders: 'unknown-dims',
      throws: { type: 'InvalidArgumentError', message: "op: 'ReluGrad'", when: 'run' },
    },
    // ReluGrad's own gradient (second order Relu): linear in `gradients`, zero in `features`.
    {
      name: 'grad [3,4]',
      inputs: { gradients: randomData([3, 4], { seed: 19 }), features: randomData([3, 4], { seed: 20, avoid: 0 }) },
      gradCheck: true,
    },
    {
      name: 'grad [1,3]',
      inputs: { gradients: randomData([1, 3], { seed: 21 }), features: randomData([1, 3], { seed: 22, avoid: 0 }) },
      gradCheck: true,
    },
    {
      name: 'grad [2,1,2]',
      inputs: { gradients: randomData([2, 1, 2], { seed: 23 }), features: randomData([2, 1, 2], { seed: 24, avoid: 0 }) },
      gradCheck: true,
    },
  ],
});
