import * as tf from '@tf/graph';
import { defineCases, scalar, t } from '../case.js';

/** The fed input is the default; attr `shape` is the declared (possibly partial) shape. Unfed, the default flows through. */
export default defineCases({
  op: 'PlaceholderWithDefault',
  build: ({ input }, { shape }) => tf.placeholderWithDefault(input, shape === undefined ? input.shape : shape),
  cases: [
    { name: 'default used', inputs: { input: t([1, 2, 3, 4], [2, 2]) }, expected: t([1, 2, 3, 4], [2, 2]) },
    { name: 'partial shape', inputs: { input: t([1, 2, 3, 4], [2, 2]) }, attrs: { shape: [null, 2] }, expected: t([1, 2, 3, 4], [2, 2]) },
    { name: 'unknown rank', inputs: { input: t([1, 2, 3], [3, 1]) }, attrs: { shape: null }, expected: t([1, 2, 3], [3, 1]) },
    { name: 'int32 scalar', inputs: { input: scalar(4, 'int32') }, expected: scalar(4, 'int32') },
    { name: 'bool', inputs: { input: t([false, true]) }, expected: t([false, true]) },
    { name: 'zero-size', inputs: { input: t([], [0, 2]) }, attrs: { shape: [null, 2] }, expected: t([], [0, 2]) },
    {
      name: 'incompatible declared shape is a ValueError',
      inputs: { input: t([1, 2, 3]) },
      attrs: { shape: [2] },
      throws: { type: 'ValueError', message: 'is not compatible with shape', when: 'build' },
    },
  ],
});
