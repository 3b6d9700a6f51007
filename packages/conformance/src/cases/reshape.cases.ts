import * as tf from '@tf/graph';
import { defineCases, randomData, scalar, t } from '../case.js';

/** Attrs: `shape` (the target) and `shapeAtRunTime` (the target goes through a PlaceholderWithDefault). */
export default defineCases({
  op: 'Reshape',
  build: ({ tensor }, { shape, shapeAtRunTime = false }) =>
    tf.reshape(tensor, shapeAtRunTime ? tf.placeholderWithDefault(tf.constant(shape, 'int32', [shape.length]), [null]) : shape),
  cases: [
    {
      name: '[2,3] to [3,2]',
      inputs: { tensor: t([1, 2, 3, 4, 5, 6], [2, 3]) },
      attrs: { shape: [3, 2] },
      expected: t([1, 2, 3, 4, 5, 6], [3, 2]),
    },
    {
      name: '-1 is inferred',
      inputs: { tensor: t([1, 2, 3, 4, 5, 6], [2, 3]) },
      attrs: { shape: [-1] },
      expected: t([1, 2, 3, 4, 5, 6], [6]),
    },
    {
      name: '-1 in the middle',
      inputs: { tensor: t([1, 2, 3, 4, 5, 6], [6]) },
      attrs: { shape: [1, -1, 2] },
      expected: t([1, 2, 3, 4, 5, 6], [1, 3, 2]),
    },
    { name: 'to a scalar', inputs: { tensor: t([7], [1, 1]) }, attrs: { shape: [] }, expected: scalar(7) },
    { name: 'scalar to [1,1]', inputs: { tensor: scalar(7) }, attrs: { shape: [1, 1] }, expected: t([7], [1, 1]) },
    {
      name: 'int32',
      inputs: { tensor: t([1, 2, 3, 4], [4], 'int32') },
      attrs: { shape: [2, 2] },
      expected: t([1, 2, 3, 4], [2, 2], 'int32'),
    },
    { name: 'bool', inputs: { tensor: t([true, false]) }, attrs: { shape: [2, 1] }, expected: t([true, false], [2, 1]) },
    { name: 'zero-size', inputs: { tensor: t([], [0, 3]) }, attrs: { shape: [3, 0] }, expected: t([], [3, 0]) },
    {
      name: 'target at run time',
      inputs: { tensor: t([1, 2, 3, 4, 5, 6], [2, 3]) },
      attrs: { shape: [3, -1], shapeAtRunTime: true },
      expected: t([1, 2, 3, 4, 5, 6], [3, 2]),
    },
    {
      name: 'size mismatch is a ValueError',
      inputs: { tensor: t([1, 2, 3, 4, 5, 6], [2, 3]) },
      attrs: { shape: [4, 2] },
      throws: {
        type: 'ValueError',
        message: /Input to reshape is a tensor with 6 values, but the requested shape has 8.*op: 'Reshape'/,
        when: 'build',
      },
    },
    {
      name: 'size mismatch at run time is an InvalidArgumentError',
      inputs: { tensor: t([1, 2, 3, 4, 5, 6], [2, 3]) },
      attrs: { shape: [4, 2], shapeAtRunTime: true },
      throws: {
        type: 'InvalidArgumentError',
        message: 'Input to reshape is a tensor with 6 values, but the requested shape has 8',
        when: 'run',
      },
    },
    {
      name: '-1 that does not divide is a ValueError',
      inputs: { tensor: t([1, 2, 3, 4, 5, 6], [2, 3]) },
      attrs: { shape: [4, -1] },
      throws: { type: 'ValueError', message: 'requested shape requires a multiple of 4', when: 'build' },
    },
    {
      name: 'two -1 is a ValueError',
      inputs: { tensor: t([1, 2, 3, 4], [4]) },
      attrs: { shape: [-1, -1] },
      throws: { type: 'ValueError', message: 'Cannot infer multiple unknown dimensions', when: 'build' },
    },
    {
      name: 'negative size is a ValueError',
      inputs: { tensor: t([1, 2, 3, 4], [4]) },
      attrs: { shape: [-2, -2] },
      throws: { type: 'ValueError', message: 'must be non-negative', when: 'build' },
    },
    {
      name: 'negative size at run time is an InvalidArgumentError',
      inputs: { tensor: t([1, 2, 3, 4], [4]) },
      attrs: { shape: [-2, -2], shapeAtRunTime: true },
      throws: { type: 'InvalidArgumentError', message: 'must be non-negative', when: 'run' },
    },
    { name: 'grad [2,3] to [6]', inputs: { tensor: randomData([2, 3], { seed: 191 }) }, attrs: { shape: [6] }, gradCheck: true },
    { name: 'grad [1,4] to [2,2]', inputs: { tensor: randomData([1, 4], { seed: 192 }) }, attrs: { shape: [2, 2] }, gradCheck: true },
    {
      name: 'grad target at run time',
      inputs: { tensor: randomData([3, 2], { seed: 193 }) },
      attrs: { shape: [-1, 3], shapeAtRunTime: true },
      gradCheck: true,
    },
  ],
});
