import * as tf from '@tf/graph';
import slices from '../../fixtures/slice.json' with { type: 'json' };
import { defineCases, fixtureCases, randomData, scalar, t } from '../case.js';
import { hostArg } from './array-helpers.js';

/** `tf.slice(input, begin, size)`. Attrs: `begin`, `size`, `atRunTime` (both known only when the session runs). */
export default defineCases({
  op: 'Slice',
  build: ({ input }, { begin, size, atRunTime = false }) =>
    tf.slice(input, hostArg(begin, atRunTime, [begin.length]), hostArg(size, atRunTime, [size.length])),
  cases: [
    {
      name: 'basic',
      inputs: { input: t([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], [3, 4]) },
      attrs: { begin: [1, 1], size: [2, 2] },
      expected: t([6, 7, 10, 11], [2, 2]),
    },
    {
      name: 'size -1 takes the rest',
      inputs: { input: t([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], [3, 4]) },
      attrs: { begin: [1, 2], size: [-1, -1] },
      expected: t([7, 8, 11, 12], [2, 2]),
    },
    ...fixtureCases(slices, 'Slice', ['input']),
    { name: 'scalar', inputs: { input: scalar(4) }, attrs: { begin: [], size: [] }, expected: scalar(4) },
    { name: 'int32', inputs: { input: t([1, 2, 3], [3], 'int32') }, attrs: { begin: [1], size: [2] }, expected: t([2, 3], [2], 'int32') },
    { name: 'bool', inputs: { input: t([true, false, true]) }, attrs: { begin: [2], size: [1] }, expected: t([true]) },
    { name: 'empty result', inputs: { input: t([1, 2, 3, 4], [2, 2]) }, attrs: { begin: [0, 1], size: [0, 1] }, expected: t([], [0, 1]) },
    { name: 'begin at the end with size 0', inputs: { input: t([1, 2, 3]) }, attrs: { begin: [3], size: [0] }, expected: t([], [0]) },
    { name: 'zero-size input', inputs: { input: t([], [0, 3]) }, attrs: { begin: [0, 1], size: [-1, 2] }, expected: t([], [0, 2]) },
    {
      name: 'begin and size at run time',
      inputs: { input: t([1, 2, 3, 4, 5, 6], [2, 3]) },
      attrs: { begin: [0, 1], size: [1, -1], atRunTime: true },
      expected: t([2, 3], [1, 2]),
    },
    {
      name: 'begin out of range is a ValueError',
      inputs: { input: t([1, 2, 3]) },
      attrs: { begin: [4], size: [0] },
      throws: { type: 'ValueError', message: /Expected begin\[0\] in \[0, 3\], but got 4.*op: 'Slice'/, when: 'build' },
    },
    {
      name: 'size too large is a ValueError',
      inputs: { input: t([1, 2, 3]) },
      attrs: { begin: [1], size: [3] },
      throws: { type: 'ValueError', message: 'Expected size[0] in [0, 2], but got 3', when: 'build' },
    },
    {
      name: 'negative size is a ValueError',
      inputs: { input: t([1, 2, 3]) },
      attrs: { begin: [0], size: [-2] },
      throws: { type: 'ValueError', message: 'Expected size[0] in [0, 3], but got -2', when: 'build' },
    },
    {
      name: 'begin of the wrong length is a ValueError',
      inputs: { input: t([1, 2, 3, 4], [2, 2]) },
      attrs: { begin: [0], size: [1] },
      throws: {
        type: 'ValueError',
        message: 'Expected begin and size arguments to be 1-D tensors of size 2, but got shapes [1] and [1] instead.',
        when: 'build',
      },
    },
    {
      name: 'size too large at run time is an InvalidArgumentError',
      inputs: { input: t([1, 2, 3]) },
      attrs: { begin: [2], size: [2], atRunTime: true },
      throws: { type: 'InvalidArgumentError', message: 'Expected size[0] in [0, 1], but got 2', when: 'run' },
    },
    { name: 'grad [3,4]', inputs: { input: randomData([3, 4], { seed: 451 }) }, attrs: { begin: [1, 1], size: [2, 2] }, gradCheck: true },
    {
      name: 'grad [2,3,4] with -1',
      inputs: { input: randomData([2, 3, 4], { seed: 452 }) },
      attrs: { begin: [0, 1, 2], size: [2, -1, 2] },
      gradCheck: true,
    },
    { name: 'grad [5]', inputs: { input: randomData([5], { seed: 453 }) }, attrs: { begin: [3], size: [-1] }, gradCheck: true },
    {
      name: 'grad at run time',
      inputs: { input: randomData([3, 2], { seed: 454 }) },
      attrs: { begin: [1, 0], size: [2, 1], atRunTime: true },
      gradCheck: true,
    },
  ],
});
