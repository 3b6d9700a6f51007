import * as tf from '@tf/graph';
import pads from '../../fixtures/pad.json' with { type: 'json' };
import { defineCases, fixtureCases, randomData, scalar, t } from '../case.js';
import { hostArg } from './array-helpers.js';

/** Attrs: `paddings` ([rank, 2]), `atRunTime`, `mode` (only for the mode error). */
export default defineCases({
  op: 'Pad',
  build: ({ input }, { paddings, atRunTime = false, mode = 'CONSTANT' }) =>
    tf.pad(input, hostArg(paddings, atRunTime, paddings.length === 0 ? [0, 2] : undefined), mode),
  cases: [
    { name: '1-D', inputs: { input: t([1, 2]) }, attrs: { paddings: [[1, 2]] }, expected: t([0, 1, 2, 0, 0]) },
    {
      name: '2-D',
      inputs: { input: t([1, 2, 3, 4], [2, 2]) },
      attrs: {
        paddings: [
          [1, 0],
          [0, 1],
        ],
      },
      expected: t([0, 0, 0, 1, 2, 0, 3, 4, 0], [3, 3]),
    },
    ...fixtureCases(pads, 'Pad', ['input']),
    { name: 'no padding', inputs: { input: t([1, 2, 3]) }, attrs: { paddings: [[0, 0]] }, expected: t([1, 2, 3]) },
    { name: 'scalar', inputs: { input: scalar(5) }, attrs: { paddings: [] }, expected: scalar(5) },
    { name: 'int32', inputs: { input: t([7], [1], 'int32') }, attrs: { paddings: [[1, 1]] }, expected: t([0, 7, 0], [3], 'int32') },
    { name: 'bool', inputs: { input: t([true]) }, attrs: { paddings: [[0, 2]] }, expected: t([true, false, false]) },
    {
      name: 'zero-size input',
      inputs: { input: t([], [0, 2]) },
      attrs: {
        paddings: [
          [1, 0],
          [0, 1],
        ],
      },
      expected: t([0, 0, 0], [1, 3]),
    },
    {
      name: 'paddings at run time',
      inputs: { input: t([1, 2]) },
      attrs: { paddings: [[2, 0]], atRunTime: true },
      expected: t([0, 0, 1, 2]),
    },
    {
      name: 'paddings rows != rank is a ValueError',
      inputs: { input: t([1, 2, 3, 4], [2, 2]) },
      attrs: { paddings: [[1, 1]] },
      throws: {
        type: 'ValueError',
        message: /The first dimension of paddings must be the rank of inputs\[1,2\] \[2,2\].*op: 'Pad'/,
        when: 'build',
      },
    },
    {
      name: 'paddings vector is a ValueError',
      inputs: { input: t([1, 2]) },
      attrs: { paddings: [1, 1] },
      throws: { type: 'ValueError', message: 'paddings must be a matrix with 2 columns: [2]', when: 'build' },
    },
    {
      name: 'negative padding is a ValueError',
      inputs: { input: t([1, 2]) },
      attrs: { paddings: [[-1, 0]] },
      throws: { type: 'ValueError', message: 'Paddings must be non-negative: -1 0', when: 'build' },
    },
    {
      name: 'negative padding at run time is an InvalidArgumentError',
      inputs: { input: t([1, 2]) },
      attrs: { paddings: [[0, -2]], atRunTime: true },
      throws: { type: 'InvalidArgumentError', message: 'Paddings must be non-negative: 0 -2', when: 'run' },
    },
    {
      name: 'unknown mode is a ValueError',
      inputs: { input: t([1, 2]) },
      attrs: { paddings: [[1, 1]], mode: 'WRAP' },
      throws: { type: 'ValueError', message: 'Unknown padding mode: WRAP', when: 'build' },
    },
    {
      name: 'grad [2,3]',
      inputs: { input: randomData([2, 3], { seed: 351 }) },
      attrs: {
        paddings: [
          [1, 0],
          [2, 1],
        ],
      },
      gradCheck: true,
    },
    {
      name: 'grad [1,4]',
      inputs: { input: randomData([1, 4], { seed: 352 }) },
      attrs: {
        paddings: [
          [0, 2],
          [1, 1],
        ],
      },
      gradCheck: true,
    },
    { name: 'grad [3]', inputs: { input: randomData([3], { seed: 353 }) }, attrs: { paddings: [[2, 2]] }, gradCheck: true },
    {
      name: 'grad paddings at run time',
      inputs: { input: randomData([2, 2], { seed: 354 }) },
      attrs: {
        paddings: [
          [1, 2],
          [0, 1],
        ],
        atRunTime: true,
      },
      gradCheck: true,
    },
  ],
});
