import * as tf from '@tf/graph';
import { defineCases, randomData, t } from '../case.js';

export default defineCases({
  op: 'Relu6Grad',
  build: ({ gradients, features }) => tf.nn.relu6Grad(gradients, features),
  cases: [
    {
      name: 'basic',
      inputs: { gradients: t([1, 2, 3, 4, 5, 6], [2, 3]), features: t([-1, 0, 0.5, 6, 7, 5.5], [2, 3]) },
      expected: t([0, 0, 3, 0, 0, 6], [2, 3]),
    },
    { name: 'size-1 dims', inputs: { gradients: t([7, 8], [1, 2]), features: t([3, 9], [1, 2]) }, expected: t([7, 0], [1, 2]) },
    {
      name: 'int32',
      inputs: { gradients: t([5, 5, 5], [3], 'int32'), features: t([-1, 2, 6], [3], 'int32') },
      expected: t([0, 5, 0], [3], 'int32'),
    },
    // A NaN feature passes no gradient; a NaN gradient passes inside (0, 6).
    {
      name: 'NaN',
      inputs: { gradients: t([Number.NaN, Number.NaN, 1]), features: t([1, -1, Number.NaN]) },
      expected: t([Number.NaN, 0, 0]),
    },
    { name: 'zero-size', inputs: { gradients: t([], [0, 3]), features: t([], [0, 3]) }, expected: t([], [0, 3]) },
    {
      name: 'shape mismatch is a ValueError',
      inputs: { gradients: t([1, 2, 3]), features: t([1, 2]) },
      throws: { type: 'ValueError', message: "op: 'Relu6Grad'", when: 'build' },
    },
    {
      name: 'shape mismatch at run time is an InvalidArgumentError',
      inputs: { gradients: t([1, 2, 3]), features: t([1, 2]) },
      placeholders: 'unknown-dims',
      throws: { type: 'InvalidArgumentError', message: "op: 'Relu6Grad'", when: 'run' },
    },
    {
      name: 'mixed dtypes is a TypeError',
      inputs: { gradients: t([1]), features: t([1], [1], 'int32') },
      throws: { type: 'TypeError', when: 'build' },
    },
    // Relu6Grad's own gradient (second order Relu6): linear in `gradients`, zero in `features`.
    {
      name: 'grad [3,4]',
      inputs: { gradients: randomData([3, 4], { seed: 611 }), features: randomData([3, 4], { seed: 612, low: -2, high: 5.8, avoid: 0 }) },
      gradCheck: true,
    },
    {
      name: 'grad [1,3]',
      inputs: { gradients: randomData([1, 3], { seed: 613 }), features: randomData([1, 3], { seed: 614, low: 5.2, high: 8, avoid: 6 }) },
      gradCheck: true,
    },
    {
      name: 'grad [2,1,2]',
      inputs: { gradients: randomData([2, 1, 2], { seed: 615 }), features: randomData([2, 1, 2], { seed: 616, avoid: 0 }) },
      gradCheck: true,
    },
  ],
});
