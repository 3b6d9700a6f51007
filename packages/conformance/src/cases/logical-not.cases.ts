import * as tf from '@tf/graph';
import { defineCases, scalar, t } from '../case.js';

// Bool only, so there are no NaN/Inf cases; NotDifferentiable, as in TF.
export default defineCases({
  op: 'LogicalNot',
  build: ({ x }) => tf.logicalNot(x),
  cases: [
    { name: 'basic', inputs: { x: t([true, false, false, true], [2, 2]) }, expected: t([false, true, true, false], [2, 2]) },
    { name: 'scalar', inputs: { x: scalar(false) }, expected: scalar(true) },
    { name: 'size-1 dims', inputs: { x: t([true], [1, 1, 1]) }, expected: t([false], [1, 1, 1]) },
    { name: 'zero-size [0]', inputs: { x: t([], [0], 'bool') }, expected: t([], [0], 'bool') },
    { name: 'zero-size [2,0]', inputs: { x: t([], [2, 0], 'bool') }, expected: t([], [2, 0], 'bool') },
    {
      name: 'float input is a TypeError',
      inputs: { x: t([1]) },
      throws: { type: 'TypeError', message: 'DataType float32 not in list of allowed values', when: 'build' },
    },
    { name: 'int32 input is a TypeError', inputs: { x: t([1], [1], 'int32') }, throws: { type: 'TypeError', when: 'build' } },
  ],
});
