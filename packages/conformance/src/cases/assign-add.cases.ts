import * as tf from '@tf/graph';
import { defineCases, scalar, t } from '../case.js';
import { readAfter } from './helpers.js';

/** A variable initialized from `ref`, then `ref += value`. Outputs: AssignAdd's result and a read after it. */
export default defineCases({
  op: 'AssignAdd',
  build: ({ ref, value }) => {
    const variable = tf.Variable(ref, { name: 'v' });
    const updated = variable.assignAdd(value);
    return [updated, readAfter(updated, variable)];
  },
  cases: [
    { name: 'basic', inputs: { ref: t([1, 2, 3]), value: t([10, 20, 30]) }, expected: [t([11, 22, 33]), t([11, 22, 33])] },
    {
      name: 'scalar int32',
      inputs: { ref: scalar(1, 'int32'), value: scalar(2, 'int32') },
      expected: [scalar(3, 'int32'), scalar(3, 'int32')],
    },
    {
      name: 'int32 wraps around',
      inputs: { ref: t([2 ** 31 - 1], [1], 'int32'), value: t([1], [1], 'int32') },
      expected: [t([-(2 ** 31)], [1], 'int32'), t([-(2 ** 31)], [1], 'int32')],
    },
    {
      name: 'NaN and Inf',
      inputs: { ref: t([1, Infinity]), value: t([Number.NaN, -Infinity]) },
      expected: [t([Number.NaN, Number.NaN]), t([Number.NaN, Number.NaN])],
    },
    { name: 'zero-size', inputs: { ref: t([], [2, 0]), value: t([], [2, 0]) }, expected: [t([], [2, 0]), t([], [2, 0])] },
    {
      name: 'shape mismatch is a ValueError',
      inputs: { ref: t([1, 2]), value: t([1, 2, 3]) },
      throws: { type: 'ValueError', message: "op: 'AssignAdd'", when: 'build' },
    },
    {
      name: 'broadcasting is not allowed',
      inputs: { ref: t([1, 2]), value: scalar(1) },
      throws: { type: 'ValueError', message: "op: 'AssignAdd'", when: 'build' },
    },
  ],
});
