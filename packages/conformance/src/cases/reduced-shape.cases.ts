import * as tf from '@tf/graph';
import { defineCases, ints, scalar } from '../case.js';

/** `input_shape` with the reduced axes set to 1 (a helper op of the Sum/Mean gradients). */
export default defineCases({
  op: 'ReducedShape',
  build: ({ shape, axes }) => tf.reducedShape(shape, axes),
  cases: [
    { name: 'one axis', inputs: { shape: ints([2, 3, 4]), axes: ints([1]) }, expected: ints([2, 1, 4]) },
    { name: 'negative and several axes', inputs: { shape: ints([2, 3, 4]), axes: ints([-1, 0]) }, expected: ints([1, 3, 1]) },
    { name: 'scalar axis', inputs: { shape: ints([2, 3]), axes: scalar(1, 'int32') }, expected: ints([2, 1]) },
    { name: 'repeated axis (positive and negative)', inputs: { shape: ints([2, 3, 4]), axes: ints([2, -1]) }, expected: ints([2, 3, 1]) },
    { name: 'no axes', inputs: { shape: ints([2, 3]), axes: ints([], [0]) }, expected: ints([2, 3]) },
    { name: 'zero-size dim', inputs: { shape: ints([0, 3]), axes: ints([1]) }, expected: ints([0, 1]) },
    {
      name: 'axis out of range is an InvalidArgumentError',
      inputs: { shape: ints([2, 3]), axes: ints([2]) },
      throws: { type: 'InvalidArgumentError', message: 'Invalid reduction dimension 2 for input with 2 dimensions', when: 'run' },
    },
  ],
});
