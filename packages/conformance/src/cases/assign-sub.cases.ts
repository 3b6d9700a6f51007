import * as tf from '@tf/graph';
import { defineCases, scalar, t } from '../case.js';
import { readAfter } from './helpers.js';

/** A variable initialized from `ref`, then `ref -= value`. Outputs: AssignSub's result and a read after it. */
export default defineCases({
  op: 'AssignSub',
  build: ({ ref, value }) => {
    const variable = tf.Variable(ref, { name: 'v' });
    const updated = variable.assignSub(value);
    return [updated, readAfter(updated, variable)];
  },
  cases: [
    { name: 'basic', inputs: { ref: t([10, 20, 30]), value: t([1, 2, 3]) }, expected: [t([9, 18, 27]), t([9, 18, 27])] },
    {
      name: 'scalar int32',
      inputs: { ref: scalar(1, 'int32'), value: scalar(2, 'int32') },
      expected: [scalar(-1, 'int32'), scalar(-1, 'int32')],
    },
    { name: 'zero-size', inputs: { ref: t([], [0]), value: t([], [0]) }, expected: [t([], [0]), t([], [0])] },
    {
      name: 'shape mismatch is a ValueError',
      inputs: { ref: t([1, 2]), value: t([1, 2], [2, 1]) },
      throws: { type: 'ValueError', message: "op: 'AssignSub'", when: 'build' },
    },
  ],
});
