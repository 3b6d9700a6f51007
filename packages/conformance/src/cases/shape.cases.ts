import * as tf from '@tf/graph';
import { opDef } from '@tf/graph/backend';
import { defineCases, ints, scalar, t } from '../case.js';
import { rawOp } from './helpers.js';

// `tf.shape` folds to a constant when the static shape is known, so the op is created directly;
// 'unknown-dims' cases go through the builder, which then must emit a real Shape op.
export default defineCases({
  op: 'Shape',
  build: ({ input }, { builder = false }) => (builder ? tf.shape(input) : rawOp(opDef('Shape'), [input])[0]!),
  cases: [
    { name: 'matrix', inputs: { input: t([1, 2, 3, 4, 5, 6], [2, 3]) }, expected: ints([2, 3]) },
    { name: 'scalar', inputs: { input: scalar(1) }, expected: ints([], [0]) },
    { name: 'size-1 dims', inputs: { input: t([1], [1, 1, 1]) }, expected: ints([1, 1, 1]) },
    { name: 'zero-size', inputs: { input: t([], [2, 0, 3]) }, expected: ints([2, 0, 3]) },
    { name: 'bool input', inputs: { input: t([true, false]) }, expected: ints([2]) },
    {
      name: 'builder with unknown dims',
      inputs: { input: t([1, 2, 3], [3, 1]) },
      attrs: { builder: true },
      placeholders: 'unknown-dims',
      expected: ints([3, 1]),
    },
    {
      name: 'builder with unknown rank',
      inputs: { input: t([1, 2], [1, 2]) },
      attrs: { builder: true },
      placeholders: 'unknown-rank',
      expected: ints([1, 2]),
    },
  ],
});
