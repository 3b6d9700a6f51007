import * as tf from '@tf/graph';
import { opDef } from '@tf/graph/backend';
import { defineCases, scalar, t } from '../case.js';
import { rawOp } from './helpers.js';

// Created directly: `tf.size` folds to a constant for known shapes (see shape.cases.ts).
export default defineCases({
  op: 'Size',
  build: ({ input }, { builder = false }) => (builder ? tf.size(input) : rawOp(opDef('Size'), [input])[0]!),
  cases: [
    { name: 'matrix', inputs: { input: t([1, 2, 3, 4, 5, 6], [2, 3]) }, expected: scalar(6, 'int32') },
    { name: 'scalar', inputs: { input: scalar(1) }, expected: scalar(1, 'int32') },
    { name: 'zero-size', inputs: { input: t([], [2, 0]) }, expected: scalar(0, 'int32') },
    { name: 'int32 input', inputs: { input: t([1, 2], [2], 'int32') }, expected: scalar(2, 'int32') },
    {
      name: 'builder with unknown dims',
      inputs: { input: t([1, 2, 3, 4], [2, 2]) },
      attrs: { builder: true },
      placeholders: 'unknown-dims',
      expected: scalar(4, 'int32'),
    },
  ],
});
