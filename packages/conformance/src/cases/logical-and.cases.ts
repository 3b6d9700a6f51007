import * as tf from '@tf/graph';
import { opDef } from '@tf/graph/backend';
import { defineCases, scalar, t } from '../case.js';
import { rawOp } from './helpers.js';

// Bool only, so there are no NaN/Inf cases; NotDifferentiable, as in TF.
export default defineCases({
  op: 'LogicalAnd',
  build: ({ x, y }, { raw }) => (raw ? rawOp(opDef('LogicalAnd'), [x, y])[0]! : tf.logicalAnd(x, y)),
  cases: [
    {
      name: 'truth table',
      inputs: { x: t([true, true, false, false], [2, 2]), y: t([true, false, true, false], [2, 2]) },
      expected: t([true, false, false, false], [2, 2]),
    },
    {
      name: 'broadcast [2,2] and [2]',
      inputs: { x: t([true, true, false, true], [2, 2]), y: t([true, false]) },
      expected: t([true, false, false, false], [2, 2]),
    },
    { name: 'scalar and tensor', inputs: { x: scalar(true), y: t([true, false]) }, expected: t([true, false]) },
    {
      name: 'size-1 dims [2,1] and [1,3]',
      inputs: { x: t([true, false], [2, 1]), y: t([true, false, true], [1, 3]) },
      expected: t([true, false, true, false, false, false], [2, 3]),
    },
    { name: 'zero-size', inputs: { x: t([], [0, 2], 'bool'), y: t([true, false]) }, expected: t([], [0, 2], 'bool') },
    {
      name: 'incompatible shapes is a ValueError',
      inputs: { x: t([true, false]), y: t([true, false, true]) },
      throws: { type: 'ValueError', message: "(op: 'LogicalAnd')", when: 'build' },
    },
    {
      name: 'float inputs is a TypeError',
      inputs: { x: t([1]), y: t([0]) },
      throws: { type: 'TypeError', message: 'DataType float32 not in list of allowed values', when: 'build' },
    },
    {
      name: 'raw op with float inputs is a TypeError',
      inputs: { x: t([1]), y: t([0]) },
      attrs: { raw: true },
      throws: { type: 'TypeError', message: 'DataType float32 not in list of allowed values', when: 'build' },
    },
    {
      name: 'mixed dtypes is a TypeError',
      inputs: { x: t([true]), y: t([1], [1], 'int32') },
      throws: { type: 'TypeError', when: 'build' },
    },
  ],
});
