import * as tf from '@tf/graph';
import { defineCases, scalar, t } from '../case.js';

/**
 * A `tf.Variable` initialized from the fed input (the runner runs the global initializer first).
 * Attr `uninitialized`: the variable is kept out of GLOBAL_VARIABLES, so nothing initializes it.
 */
export default defineCases({
  op: 'VariableV2',
  build: ({ x }, { uninitialized = false }) => tf.Variable(x, uninitialized ? { collections: [] } : {}).value(),
  cases: [
    { name: 'reads the initial value', inputs: { x: t([1, 2, 3, 4], [2, 2]) }, expected: t([1, 2, 3, 4], [2, 2]) },
    { name: 'int32 scalar', inputs: { x: scalar(5, 'int32') }, expected: scalar(5, 'int32') },
    { name: 'bool', inputs: { x: t([true, false]) }, expected: t([true, false]) },
    { name: 'zero-size', inputs: { x: t([], [0, 2]) }, expected: t([], [0, 2]) },
    {
      name: 'uninitialized is a FailedPreconditionError',
      inputs: { x: t([1, 2]) },
      attrs: { uninitialized: true },
      throws: { type: 'FailedPreconditionError', message: 'Attempting to use uninitialized value Variable', when: 'run' },
    },
  ],
});
