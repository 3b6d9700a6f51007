import * as tf from '@tf/graph';
import { defineCases, scalar, t } from '../case.js';
import { check, checkSeededReplay, checkUnseededDiffers } from './helpers.js';

/**
 * `tf.randomShuffle(value, { seed })`. Random output, so most cases use `check`. Attrs: `seed`,
 * `differentiate` (build `tf.gradients` through the shuffle).
 */
export default defineCases({
  op: 'RandomShuffle',
  build: ({ value }, { seed, differentiate = false }) => {
    const out = tf.randomShuffle(value, seed === undefined ? {} : { seed });
    return differentiate ? tf.gradients(out, value)[0]! : out;
  },
  cases: [
    {
      name: 'a permutation of whole rows',
      inputs: { value: t([0, 0, 1, 10, 2, 20, 3, 30, 4, 40, 5, 50], [6, 2]) },
      attrs: { seed: 3 },
      check: (out) => {
        check(out.shape.join(',') === '6,2', `shape [6,2], got [${out.shape}]`);
        const rows = Array.from({ length: 6 }, (_, i) => [out.data[2 * i]!, out.data[2 * i + 1]!]);
        check(
          rows.every(([a, b]) => b === 10 * a!),
          `rows stay intact: ${JSON.stringify(rows)}`,
        );
        check(
          rows
            .map(([a]) => a)
            .sort()
            .join(',') === '0,1,2,3,4,5',
          `every row once: ${JSON.stringify(rows)}`,
        );
      },
    },
    {
      name: 'seeded: repeatable in a new session, fresh order on the next run',
      inputs: { value: t(Array.from({ length: 20 }, (_, i) => i)) },
      attrs: { seed: 42 },
      check: checkSeededReplay('order', 'a new order'),
    },
    {
      name: 'unseeded: differs between sessions',
      inputs: { value: t(Array.from({ length: 20 }, (_, i) => i)) },
      check: checkUnseededDiffers('unseeded shuffles differ between sessions'),
    },
    {
      name: 'each element is equally likely first',
      inputs: { value: t([0, 1, 2]) },
      attrs: { seed: 9 },
      check: async (out, context) => {
        const counts = [0, 0, 0];
        counts[out.data[0]!]! += 1;
        for (let i = 0; i < 599; i++) {
          const [next] = await context.runAgain();
          counts[next!.data[0]!]! += 1;
        }
        check(
          counts.every((c) => c > 140 && c < 260),
          `first elements of 600 shuffles ≈ 200 each, got ${counts}`,
        );
      },
    },
    { name: 'scalar passes through', inputs: { value: scalar(4) }, attrs: { seed: 1 }, expected: scalar(4) },
    { name: 'one row passes through', inputs: { value: t([1, 2, 3], [1, 3]) }, attrs: { seed: 1 }, expected: t([1, 2, 3], [1, 3]) },
    { name: 'zero-size', inputs: { value: t([], [0, 3]) }, attrs: { seed: 1 }, expected: t([], [0, 3]) },
    {
      name: 'int32',
      inputs: { value: t([7, 7, 7], [3], 'int32') },
      attrs: { seed: 2 },
      expected: t([7, 7, 7], [3], 'int32'),
    },
    { name: 'bool', inputs: { value: t([true, true]) }, attrs: { seed: 2 }, expected: t([true, true]) },
    {
      name: 'no gradient (TF registers none): LookupError',
      inputs: { value: t([1, 2, 3]) },
      attrs: { differentiate: true },
      throws: { type: 'LookupError', message: "No gradient defined for operation 'RandomShuffle' (op type: RandomShuffle)", when: 'build' },
    },
  ],
});
