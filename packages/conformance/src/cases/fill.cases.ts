import * as tf from '@tf/graph';
import { defineCases, ints, randomData, scalar, t } from '../case.js';

/** `fill(dims, value)`; `dims` is fed (an int32 host input, so the output shape is known only at run time). */
export default defineCases({
  op: 'Fill',
  build: ({ dims, value }) => tf.fill(dims, value),
  cases: [
    { name: 'basic [2,3]', inputs: { dims: ints([2, 3]), value: scalar(5) }, expected: t([5, 5, 5, 5, 5, 5], [2, 3]) },
    { name: 'scalar output', inputs: { dims: ints([], [0]), value: scalar(-1) }, expected: scalar(-1) },
    { name: 'size-1 dims', inputs: { dims: ints([1, 2, 1]), value: scalar(0.5) }, expected: t([0.5, 0.5], [1, 2, 1]) },
    { name: 'int32 value', inputs: { dims: ints([2]), value: scalar(7, 'int32') }, expected: t([7, 7], [2], 'int32') },
    { name: 'bool value', inputs: { dims: ints([3]), value: scalar(true) }, expected: t([true, true, true]) },
    { name: 'NaN value', inputs: { dims: ints([2]), value: scalar(Number.NaN) }, expected: t([Number.NaN, Number.NaN]) },
    { name: 'zero-size', inputs: { dims: ints([0, 4]), value: scalar(1) }, expected: t([], [0, 4]) },
    {
      name: 'negative dims is an InvalidArgumentError',
      inputs: { dims: ints([2, -1]), value: scalar(1) },
      throws: { type: 'InvalidArgumentError', message: /dims must be non-negative.*op: 'Fill'/, when: 'run' },
    },
    {
      name: 'non-scalar value is a ValueError',
      inputs: { dims: ints([2]), value: t([1, 2]) },
      throws: { type: 'ValueError', message: /value must be a scalar.*op: 'Fill'/, when: 'build' },
    },
    { name: 'grad of value [2,3]', inputs: { dims: ints([2, 3]), value: scalar(0.25) }, gradCheck: true },
    { name: 'grad of value [1]', inputs: { dims: ints([1]), value: scalar(-2) }, gradCheck: true },
    { name: 'grad of value, scalar output', inputs: { dims: ints([], [0]), value: randomData([], { seed: 201 }) }, gradCheck: true },
  ],
});
