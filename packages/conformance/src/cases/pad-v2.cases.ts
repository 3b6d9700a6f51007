import * as tf from '@tf/graph';
import { defineCases, randomData, scalar, t } from '../case.js';

/** `tf.pad(input, paddings, 'CONSTANT', constantValues)` with a fed constant value. Attrs: `paddings`. */
export default defineCases({
  op: 'PadV2',
  build: ({ input, constant_values }, { paddings }) => tf.pad(input, paddings, 'CONSTANT', constant_values),
  cases: [
    { name: '1-D', inputs: { input: t([1, 2]), constant_values: scalar(9) }, attrs: { paddings: [[1, 1]] }, expected: t([9, 1, 2, 9]) },
    {
      name: '2-D',
      inputs: { input: t([1, 2], [1, 2]), constant_values: scalar(-1) },
      attrs: {
        paddings: [
          [1, 0],
          [0, 1],
        ],
      },
      expected: t([-1, -1, -1, 1, 2, -1], [2, 3]),
    },
    {
      name: 'int32',
      inputs: { input: t([3], [1], 'int32'), constant_values: scalar(-7, 'int32') },
      attrs: { paddings: [[0, 2]] },
      expected: t([3, -7, -7], [3], 'int32'),
    },
    {
      name: 'NaN constant',
      inputs: { input: t([1]), constant_values: scalar(Number.NaN) },
      attrs: { paddings: [[1, 0]] },
      expected: t([Number.NaN, 1]),
    },
    {
      name: 'zero-size input',
      inputs: { input: t([], [0]), constant_values: scalar(4) },
      attrs: { paddings: [[1, 1]] },
      expected: t([4, 4]),
    },
    {
      name: 'dtype mismatch is a TypeError',
      inputs: { input: t([1, 2]), constant_values: scalar(1, 'int32') },
      attrs: { paddings: [[1, 1]] },
      throws: { type: 'TypeError', message: 'does not match', when: 'build' },
    },
    {
      name: 'non-scalar constant is a ValueError',
      inputs: { input: t([1, 2]), constant_values: t([1, 2]) },
      attrs: { paddings: [[1, 1]] },
      throws: { type: 'ValueError', message: /constant_values must be a scalar\. Got: \[2\].*op: 'PadV2'/, when: 'build' },
    },
    // TF's PadV2 gradient gives no gradient for constant_values, so only `input` is checked.
    {
      name: 'grad [2,3]',
      inputs: { input: randomData([2, 3], { seed: 361 }), constant_values: scalar(0.5) },
      attrs: {
        paddings: [
          [1, 0],
          [2, 1],
        ],
      },
      gradCheck: { wrt: ['input'] },
    },
    {
      name: 'grad [1,2]',
      inputs: { input: randomData([1, 2], { seed: 362 }), constant_values: scalar(2) },
      attrs: {
        paddings: [
          [0, 1],
          [1, 1],
        ],
      },
      gradCheck: { wrt: ['input'] },
    },
    {
      name: 'grad [4]',
      inputs: { input: randomData([4], { seed: 363 }), constant_values: scalar(-1) },
      attrs: { paddings: [[3, 0]] },
      gradCheck: { wrt: ['input'] },
    },
  ],
});
