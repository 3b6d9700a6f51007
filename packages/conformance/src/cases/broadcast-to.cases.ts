import * as tf from '@tf/graph';
import { defineCases, randomData, scalar, t } from '../case.js';

/** Attrs: `shape` and `shapeAtRunTime` (the target goes through a PlaceholderWithDefault). */
export default defineCases({
  op: 'BroadcastTo',
  build: ({ input }, { shape, shapeAtRunTime = false }) =>
    tf.broadcastTo(input, shapeAtRunTime ? tf.placeholderWithDefault(tf.constant(shape, 'int32', [shape.length]), [null]) : shape),
  cases: [
    { name: '[3] to [2,3]', inputs: { input: t([1, 2, 3]) }, attrs: { shape: [2, 3] }, expected: t([1, 2, 3, 1, 2, 3], [2, 3]) },
    { name: '[2,1] to [2,3]', inputs: { input: t([1, 2], [2, 1]) }, attrs: { shape: [2, 3] }, expected: t([1, 1, 1, 2, 2, 2], [2, 3]) },
    { name: 'scalar to [2,2]', inputs: { input: scalar(4) }, attrs: { shape: [2, 2] }, expected: t([4, 4, 4, 4], [2, 2]) },
    {
      name: '[2,1] to [2,2,2] (new leading dim and a repeated one)',
      inputs: { input: t([1, 2], [2, 1]) },
      attrs: { shape: [2, 2, 2] },
      expected: t([1, 1, 2, 2, 1, 1, 2, 2], [2, 2, 2]),
    },
    { name: 'same shape', inputs: { input: t([1, 2], [1, 2]) }, attrs: { shape: [1, 2] }, expected: t([1, 2], [1, 2]) },
    { name: 'int32', inputs: { input: t([1, 2], [2], 'int32') }, attrs: { shape: [2, 2] }, expected: t([1, 2, 1, 2], [2, 2], 'int32') },
    { name: 'bool', inputs: { input: t([true], [1]) }, attrs: { shape: [3] }, expected: t([true, true, true]) },
    {
      name: 'NaN is copied',
      inputs: { input: t([Number.NaN, 1]) },
      attrs: { shape: [2, 2] },
      expected: t([Number.NaN, 1, Number.NaN, 1], [2, 2]),
    },
    { name: 'zero-size target', inputs: { input: t([1, 2, 3]) }, attrs: { shape: [0, 3] }, expected: t([], [0, 3]) },
    { name: 'size-1 to zero-size', inputs: { input: t([5], [1]) }, attrs: { shape: [2, 0] }, expected: t([], [2, 0]) },
    {
      name: 'target at run time',
      inputs: { input: t([1, 2], [2, 1]) },
      attrs: { shape: [2, 2], shapeAtRunTime: true },
      expected: t([1, 1, 2, 2], [2, 2]),
    },
    {
      name: 'incompatible target is a ValueError',
      inputs: { input: t([1, 2, 3]) },
      attrs: { shape: [2, 4] },
      throws: { type: 'ValueError', message: /Unable to broadcast tensor of shape \[3\] to \[2,4\].*op: 'BroadcastTo'/, when: 'build' },
    },
    {
      name: 'incompatible target at run time is an InvalidArgumentError',
      inputs: { input: t([1, 2, 3]) },
      attrs: { shape: [2, 4], shapeAtRunTime: true },
      throws: { type: 'InvalidArgumentError', message: 'Unable to broadcast tensor of shape [3] to [2,4]', when: 'run' },
    },
    {
      name: 'lower-rank target is a ValueError',
      inputs: { input: t([1, 2, 3, 4, 5, 6], [2, 3]) },
      attrs: { shape: [3] },
      throws: { type: 'ValueError', when: 'build' },
    },
    { name: 'grad [3] to [2,3]', inputs: { input: randomData([3], { seed: 211 }) }, attrs: { shape: [2, 3] }, gradCheck: true },
    { name: 'grad [2,1] to [2,3]', inputs: { input: randomData([2, 1], { seed: 212 }) }, attrs: { shape: [2, 3] }, gradCheck: true },
    { name: 'grad scalar to [2,2]', inputs: { input: scalar(0.5) }, attrs: { shape: [2, 2] }, gradCheck: true },
    {
      name: 'grad target at run time',
      inputs: { input: randomData([1, 3], { seed: 213 }) },
      attrs: { shape: [2, 3], shapeAtRunTime: true },
      gradCheck: true,
    },
  ],
});
