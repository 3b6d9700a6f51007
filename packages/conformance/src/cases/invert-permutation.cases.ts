import * as tf from '@tf/graph';
import { defineCases, ints } from '../case.js';

/** A seeded shuffle of 0 … 4999 (a linear congruential generator, so the case needs no fixture). */
const LONG = (() => {
  const perm = Array.from({ length: 5000 }, (_, i) => i);
  let state = 12345;
  for (let i = perm.length - 1; i > 0; i--) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    const j = state % (i + 1);
    [perm[i], perm[j]] = [perm[j]!, perm[i]!];
  }
  return perm;
})();

function inverseOf(perm: readonly number[]): number[] {
  const inverse = new Array<number>(perm.length);
  perm.forEach((p, i) => {
    inverse[p] = i;
  });
  return inverse;
}

export default defineCases({
  op: 'InvertPermutation',
  build: ({ x }) => tf.invertPermutation(x),
  cases: [
    { name: 'basic', inputs: { x: ints([3, 4, 0, 2, 1]) }, expected: ints([2, 4, 3, 0, 1]) },
    { name: 'identity', inputs: { x: ints([0, 1, 2]) }, expected: ints([0, 1, 2]) },
    { name: 'size 1', inputs: { x: ints([0]) }, expected: ints([0]) },
    { name: 'zero-size', inputs: { x: ints([], [0]) }, expected: ints([], [0]) },
    { name: 'a permutation of 5000 (many workgroups)', inputs: { x: ints(LONG) }, expected: ints(inverseOf(LONG)) },
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
