import * as tf from '@tf/graph';
import { opDef } from '@tf/graph/backend';
import mirrorPadGrads from '../../fixtures/mirror-pad-grad.json' with { type: 'json' };
import { defineCases, fixtureCases, randomData, t } from '../case.js';
import { rawOp } from './helpers.js';

/** MirrorPad's gradient op, created directly: `input` is the padded gradient. Attrs: `paddings`, `mode`. */
export default defineCases({
  op: 'MirrorPadGrad',
  build: ({ input }, { paddings, mode }) => rawOp(opDef('MirrorPadGrad'), [input, tf.constant(paddings, 'int32')], { mode })[0]!,
  cases: [
    { name: 'REFLECT 1-D', inputs: { input: t([1, 2, 3, 4]) }, attrs: { paddings: [[1, 0]], mode: 'REFLECT' }, expected: t([2, 4, 4]) },
    {
      name: 'SYMMETRIC 1-D',
      inputs: { input: t([1, 2, 3, 4, 5]) },
      attrs: { paddings: [[1, 1]], mode: 'SYMMETRIC' },
      expected: t([3, 3, 9]),
    },
    {
      name: 'int32 SYMMETRIC 2-D',
      inputs: { input: t([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], [3, 4], 'int32') },
      attrs: {
        paddings: [
          [1, 0],
          [1, 1],
        ],
        mode: 'SYMMETRIC',
      },
      // Rows 0 and 1 fold onto row 0; columns 0, 1 onto 0 and 2, 3 onto 1.
      expected: t([1 + 2 + 5 + 6, 3 + 4 + 7 + 8, 9 + 10, 11 + 12], [2, 2], 'int32'),
    },
    ...fixtureCases(mirrorPadGrads, 'MirrorPadGrad', ['input']),
    {
      name: 'zero-size',
      inputs: { input: t([], [0, 4]) },
      attrs: {
        paddings: [
          [0, 0],
          [1, 1],
        ],
        mode: 'SYMMETRIC',
      },
      expected: t([], [0, 2]),
    },
    {
      name: 'paddings larger than the input is a ValueError',
      inputs: { input: t([1, 2]) },
      attrs: { paddings: [[2, 1]], mode: 'SYMMETRIC' },
      throws: { type: 'ValueError', message: /exceed the dimension size 2.*op: 'MirrorPadGrad'/, when: 'build' },
    },
    {
      name: 'bad mode is a ValueError',
      inputs: { input: t([1, 2, 3]) },
      attrs: { paddings: [[1, 0]], mode: 'CONSTANT' },
      throws: { type: 'ValueError', message: 'mode must be REFLECT or SYMMETRIC', when: 'build' },
    },
    // Its gradient is MirrorPad (second-order MirrorPad).
    {
      name: 'grad REFLECT [5,6]',
      inputs: { input: randomData([5, 6], { seed: 381 }) },
      attrs: {
        paddings: [
          [1, 1],
          [2, 1],
        ],
        mode: 'REFLECT',
      },
      gradCheck: true,
    },
    {
      name: 'grad SYMMETRIC [4]',
      inputs: { input: randomData([4], { seed: 382 }) },
      attrs: { paddings: [[2, 0]], mode: 'SYMMETRIC' },
      gradCheck: true,
    },
    {
      name: 'grad SYMMETRIC [3,1,4]',
      inputs: { input: randomData([3, 1, 4], { seed: 383 }) },
      attrs: {
        paddings: [
          [1, 0],
          [0, 0],
          [1, 1],
        ],
        mode: 'SYMMETRIC',
      },
      gradCheck: true,
    },
  ],
});
