import * as tf from '@tf/graph';
import { defineCases, scalar, t } from '../case.js';

// Bool only, so there are no NaN/Inf cases; NotDifferentiable, as in TF.
export default defineCases({
  op: 'LogicalOr',
  build: ({ x, y }) => tf.logicalOr(x, y),
  cases: [
    {
      name: 'truth table',
      inputs: { x: t([true, true, false, false], [2, 2]), y: t([true, false, true, false], [2, 2]) },
      expected: t([true, true, true, false], [2, 2]),
    },
    {
      name: 'broadcast [2,2] and [2]',
      inputs: { x: t([true, false, false, false], [2, 2]), y: t([false, true]) },
      expected: t([true, true, false, true], [2, 2]),
    },
    { name: 'scalar and tensor', inputs: { x: scalar(false), y: t([true, false]) }, expected: t([true, false]) },
    {
      name: 'size-1 dims [2,1] and [1,3]',
      inputs: { x: t([true, false], [2, 1]), y: t([true, false, false], [1, 3]) },
      expected: t([true, true, true, true, false, false], [2, 3]),
    },
    { name: 'zero-size', inputs: { x: t([], [2, 0], 'bool'), y: t([true], [1, 1]) }, expected: t([], [2, 0], 'bool') },
    {
      name: 'incompatible shapes is a ValueError',
      inputs: { x: t([true, false]), y: t([true, false, true]) },
      throws: { type: 'ValueError', message: "(op: 'LogicalOr')", when: 'build' },
    },
    {
      name: 'int32 inputs is a TypeError',
      inputs: { x: t([1], [1], 'int32'), y: t([0], [1], 'int32') },
      throws: { type: 'TypeError', message: 'DataType int32 not in list of allowed values', when: 'build' },
    },
    { name: 'mixed dtypes is a TypeError', inputs: { x: t([true]), y: t([1]) }, throws: { type: 'TypeError', when: 'build' } },
  ],
});
