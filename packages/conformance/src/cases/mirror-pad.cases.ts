import * as tf from '@tf/graph';
import mirrorPads from '../../fixtures/mirror-pad.json' with { type: 'json' };
import { defineCases, fixtureCases, randomData, t } from '../case.js';
import { hostArg } from './array-helpers.js';

/** `tf.pad(input, paddings, mode)` with mode REFLECT or SYMMETRIC. Attrs: `paddings`, `mode`, `atRunTime`. */
export default defineCases({
  op: 'MirrorPad',
  build: ({ input }, { paddings, mode, atRunTime = false }) => tf.pad(input, hostArg(paddings, atRunTime), mode),
  cases: [
    {
      name: 'REFLECT 1-D',
      inputs: { input: t([1, 2, 3]) },
      attrs: { paddings: [[2, 1]], mode: 'REFLECT' },
      expected: t([3, 2, 1, 2, 3, 2]),
    },
    {
      name: 'SYMMETRIC 1-D',
      inputs: { input: t([1, 2, 3]) },
      attrs: { paddings: [[2, 1]], mode: 'SYMMETRIC' },
      expected: t([2, 1, 1, 2, 3, 3]),
    },
    {
      name: 'mode is case-insensitive',
      inputs: { input: t([1, 2]) },
      attrs: { paddings: [[1, 1]], mode: 'reflect' },
      expected: t([2, 1, 2, 1]),
    },
    ...fixtureCases(mirrorPads, 'MirrorPad', ['input']),
    {
      name: 'int32',
      inputs: { input: t([1, 2], [2], 'int32') },
      attrs: { paddings: [[1, 1]], mode: 'SYMMETRIC' },
      expected: t([1, 1, 2, 2], [4], 'int32'),
    },
    { name: 'bool', inputs: { input: t([true, false]) }, attrs: { paddings: [[0, 1]], mode: 'REFLECT' }, expected: t([true, false, true]) },
    {
      name: 'zero-size (SYMMETRIC, no padding on the empty axis)',
      inputs: { input: t([], [0, 2]) },
      attrs: {
        paddings: [
          [0, 0],
          [1, 1],
        ],
        mode: 'SYMMETRIC',
      },
      expected: t([], [0, 4]),
    },
    {
      name: 'paddings at run time',
      inputs: { input: t([1, 2, 3]) },
      attrs: { paddings: [[1, 2]], mode: 'REFLECT', atRunTime: true },
      expected: t([2, 1, 2, 3, 2, 1]),
    },
    {
      name: 'REFLECT padding = dim is a ValueError',
      inputs: { input: t([1, 2]) },
      attrs: { paddings: [[2, 0]], mode: 'REFLECT' },
      throws: {
        type: 'ValueError',
        message: /paddings must be less than the dimension size: 2, 0 not less than 2.*op: 'MirrorPad'/,
        when: 'build',
      },
    },
    {
      name: 'SYMMETRIC padding > dim is a ValueError',
      inputs: { input: t([1, 2]) },
      attrs: { paddings: [[3, 0]], mode: 'SYMMETRIC' },
      throws: { type: 'ValueError', message: 'paddings must be no greater than the dimension size: 3, 0 greater than 2', when: 'build' },
    },
    {
      name: 'REFLECT padding too large at run time is an InvalidArgumentError',
      inputs: { input: t([1, 2]) },
      attrs: { paddings: [[0, 2]], mode: 'REFLECT', atRunTime: true },
      throws: { type: 'InvalidArgumentError', message: 'paddings must be less than the dimension size: 0, 2 not less than 2', when: 'run' },
    },
    {
      name: 'grad REFLECT [3,4]',
      inputs: { input: randomData([3, 4], { seed: 371 }) },
      attrs: {
        paddings: [
          [1, 2],
          [2, 3],
        ],
        mode: 'REFLECT',
      },
      gradCheck: true,
    },
    {
      name: 'grad SYMMETRIC [2,3]',
      inputs: { input: randomData([2, 3], { seed: 372 }) },
      attrs: {
        paddings: [
          [2, 1],
          [0, 3],
        ],
        mode: 'SYMMETRIC',
      },
      gradCheck: true,
    },
    {
      name: 'grad REFLECT [4] at run time',
      inputs: { input: randomData([4], { seed: 373 }) },
      attrs: { paddings: [[3, 2]], mode: 'REFLECT', atRunTime: true },
      gradCheck: true,
    },
  ],
});
