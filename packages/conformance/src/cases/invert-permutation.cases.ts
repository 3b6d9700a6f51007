import * as tf from '@tf/graph';
import { defineCases, ints } from '../case.js';

export default defineCases({
  op: 'InvertPermutation',
  build: ({ x }) => tf.invertPermutation(x),
  cases: [
    { name: 'basic', inputs: { x: ints([3, 4, 0, 2, 1]) }, expected: ints([2, 4, 3, 0, 1]) },
    { name: 'identity', inputs: { x: ints([0, 1, 2]) }, expected: ints([0, 1, 2]) },
    { name: 'size 1', inputs: { x: ints([0]) }, expected: ints([0]) },
    { name: 'zero-size', inputs: { x: ints([], [0]) }, expected: ints([], [0]) },
    {
      name: 'duplicate is an InvalidArgumentError',
      inputs: { x: ints([0, 0]) },
      throws: { type: 'InvalidArgumentError', message: '0 is duplicated in the input.', when: 'run' },
    },
    {
      name: 'out of range is an InvalidArgumentError',
      inputs: { x: ints([0, 5]) },
      throws: { type: 'InvalidArgumentError', message: '5 is not between 0 and 2', when: 'run' },
    },
    {
      name: 'negative is an InvalidArgumentError',
      inputs: { x: ints([-1, 0]) },
      throws: { type: 'InvalidArgumentError', message: '-1 is not between 0 and 2', when: 'run' },
    },
    {
      name: 'matrix is a ValueError',
      inputs: { x: ints([0, 1, 1, 0], [2, 2]) },
      throws: { type: 'ValueError', message: /Shape must be rank 1 but is rank 2.*op: 'InvertPermutation'/, when: 'build' },
    },
  ],
});
