import * as tf from '@tf/graph';
import { opDef } from '@tf/graph/backend';
import { defineCases, scalar, t } from '../case.js';
import { rawOp, readAfter } from './helpers.js';

/**
 * A variable initialized from `ref`, assigned `value`. Outputs: Assign's result and a read of the
 * variable after it. Attr `validateShape: false` lets the variable take the new shape.
 */
export default defineCases({
  op: 'Assign',
  build: ({ ref, value }, { validateShape = true }) => {
    const variable = tf.Variable(ref, { name: 'v', validateShape });
    const assigned = validateShape
      ? variable.assign(value)
      : rawOp(opDef('Assign'), [variable.ref(), value], { validateShape: false, useLocking: false })[0]!;
    return [assigned, readAfter(assigned, variable)];
  },
  cases: [
    { name: 'basic', inputs: { ref: t([1, 2, 3]), value: t([4, 5, 6]) }, expected: [t([4, 5, 6]), t([4, 5, 6])] },
    {
      name: 'scalar int32',
      inputs: { ref: scalar(1, 'int32'), value: scalar(-7, 'int32') },
      expected: [scalar(-7, 'int32'), scalar(-7, 'int32')],
    },
    { name: 'bool', inputs: { ref: t([true, true]), value: t([false, true]) }, expected: [t([false, true]), t([false, true])] },
    { name: 'NaN is stored', inputs: { ref: t([1]), value: t([Number.NaN]) }, expected: [t([Number.NaN]), t([Number.NaN])] },
    { name: 'zero-size', inputs: { ref: t([], [0]), value: t([], [0]) }, expected: [t([], [0]), t([], [0])] },
    {
      name: 'new shape without validateShape',
      inputs: { ref: t([1, 2]), value: t([1, 2, 3, 4], [2, 2]) },
      attrs: { validateShape: false },
      expected: [t([1, 2, 3, 4], [2, 2]), t([1, 2, 3, 4], [2, 2])],
    },
    {
      name: 'shape mismatch is a ValueError',
      inputs: { ref: t([1, 2]), value: t([1, 2, 3]) },
      throws: { type: 'ValueError', message: "op: 'Assign'", when: 'build' },
    },
    {
      name: 'dtype mismatch is rejected',
      inputs: { ref: t([1, 2]), value: t([1, 2], [2], 'int32') },
      throws: { message: 'does not match', when: 'build' },
    },
  ],
});
