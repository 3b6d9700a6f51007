import * as tf from '@tf/graph';
import { opDef } from '@tf/graph/backend';
import { defineCases, scalar, t } from '../case.js';
import { rawOp } from './helpers.js';

// Created directly: `tf.rank` folds to a constant for a known rank (see shape.cases.ts).
export default defineCases({
  op: 'Rank',
  build: ({ input }, { builder = false }) => (builder ? tf.rank(input) : rawOp(opDef('Rank'), [input])[0]!),
  cases: [
    { name: 'matrix', inputs: { input: t([1, 2, 3, 4, 5, 6], [2, 3]) }, expected: scalar(2, 'int32') },
    { name: 'scalar', inputs: { input: scalar(1) }, expected: scalar(0, 'int32') },
    { name: 'zero-size', inputs: { input: t([], [2, 0, 1]) }, expected: scalar(3, 'int32') },
    {
      name: 'builder with unknown rank',
      inputs: { input: t([true], [1, 1, 1, 1]) },
      attrs: { builder: true },
      placeholders: 'unknown-rank',
      expected: scalar(4, 'int32'),
    },
  ],
});
