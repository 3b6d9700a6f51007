import * as tf from '@tf/graph';
import { defineCases, scalar, t } from '../case.js';

/** The fed input is itself a Placeholder; attr `unfed` builds a second one that nothing feeds. */
export default defineCases({
  op: 'Placeholder',
  build: ({ x }, { unfed = false, dtype = 'float32', shape = null }) => (unfed ? tf.placeholder(dtype, shape, 'unfed') : x),
  cases: [
    { name: 'fed float32', inputs: { x: t([1, 2, 3, 4], [2, 2]) }, expected: t([1, 2, 3, 4], [2, 2]) },
    { name: 'fed int32', inputs: { x: t([1, 2], [2], 'int32') }, expected: t([1, 2], [2], 'int32') },
    { name: 'fed bool', inputs: { x: t([true]) }, expected: t([true]) },
    { name: 'fed scalar', inputs: { x: scalar(1) }, expected: scalar(1) },
    { name: 'fed zero-size', inputs: { x: t([], [0, 5]) }, expected: t([], [0, 5]) },
    { name: 'fed with unknown dims', inputs: { x: t([1, 2, 3], [3, 1]) }, placeholders: 'unknown-dims', expected: t([1, 2, 3], [3, 1]) },
    { name: 'fed with unknown rank', inputs: { x: t([1, 2, 3], [1, 3]) }, placeholders: 'unknown-rank', expected: t([1, 2, 3], [1, 3]) },
    {
      name: 'unfed is an InvalidArgumentError',
      inputs: { x: scalar(1) },
      attrs: { unfed: true, shape: [2, 3] },
      throws: {
        type: 'InvalidArgumentError',
        message: "You must feed a value for placeholder tensor 'unfed' with dtype float and shape [2,3]",
        when: 'run',
      },
    },
    {
      name: 'unfed int32 with unknown shape',
      inputs: { x: scalar(1) },
      attrs: { unfed: true, dtype: 'int32' },
      throws: {
        type: 'InvalidArgumentError',
        message: "You must feed a value for placeholder tensor 'unfed' with dtype int32",
        when: 'run',
      },
    },
    { name: 'grad passes through a fed placeholder', inputs: { x: t([0.5, -1.5]) }, gradCheck: true },
  ],
});
