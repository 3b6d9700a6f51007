import * as tf from '@tf/graph';
import tiles from '../../fixtures/tile.json' with { type: 'json' };
import { defineCases, fixtureCases, randomData, scalar, t } from '../case.js';
import { hostArg } from './array-helpers.js';

/** Attrs: `multiples`, `atRunTime` (known only when the session runs: the gradient's run-time path). */
export default defineCases({
  op: 'Tile',
  build: ({ input }, { multiples, atRunTime = false }) => tf.tile(input, hostArg(multiples, atRunTime, [multiples.length])),
  cases: [
    { name: '[2] x 3', inputs: { input: t([1, 2]) }, attrs: { multiples: [3] }, expected: t([1, 2, 1, 2, 1, 2]) },
    {
      name: '[1,2] x [2,2]',
      inputs: { input: t([1, 2], [1, 2]) },
      attrs: { multiples: [2, 2] },
      expected: t([1, 2, 1, 2, 1, 2, 1, 2], [2, 4]),
    },
    ...fixtureCases(tiles, 'Tile', ['input']),
    { name: 'scalar with multiples []', inputs: { input: scalar(3) }, attrs: { multiples: [] }, expected: scalar(3) },
    {
      name: 'int32',
      inputs: { input: t([1, 2], [2, 1], 'int32') },
      attrs: { multiples: [1, 2] },
      expected: t([1, 1, 2, 2], [2, 2], 'int32'),
    },
    { name: 'bool', inputs: { input: t([true, false]) }, attrs: { multiples: [2] }, expected: t([true, false, true, false]) },
    {
      name: 'multiple 0 gives an empty tensor',
      inputs: { input: t([1, 2, 3, 4, 5, 6], [2, 3]) },
      attrs: { multiples: [0, 1] },
      expected: t([], [0, 3]),
    },
    { name: 'zero-size input', inputs: { input: t([], [0, 2]) }, attrs: { multiples: [2, 2] }, expected: t([], [0, 4]) },
    {
      name: 'multiples at run time',
      inputs: { input: t([1, 2], [2]) },
      attrs: { multiples: [2], atRunTime: true },
      expected: t([1, 2, 1, 2]),
    },
    {
      name: 'multiples of the wrong length is a ValueError',
      inputs: { input: t([1, 2, 3, 4], [2, 2]) },
      attrs: { multiples: [2] },
      throws: {
        type: 'ValueError',
        message: /Expected multiples argument to be a vector of length 2 but got length 1.*op: 'Tile'/,
        when: 'build',
      },
    },
    {
      name: 'negative multiple is a ValueError',
      inputs: { input: t([1, 2, 3, 4], [2, 2]) },
      attrs: { multiples: [1, -1] },
      throws: { type: 'ValueError', message: 'Expected multiples[1] >= 0, but got -1', when: 'build' },
    },
    {
      name: 'negative multiple at run time is an InvalidArgumentError',
      inputs: { input: t([1, 2, 3, 4], [2, 2]) },
      attrs: { multiples: [-2, 1], atRunTime: true },
      throws: { type: 'InvalidArgumentError', message: 'Expected multiples[0] >= 0, but got -2', when: 'run' },
    },
    { name: 'grad [2,3] x [2,1]', inputs: { input: randomData([2, 3], { seed: 341 }) }, attrs: { multiples: [2, 1] }, gradCheck: true },
    { name: 'grad [1,2] x [3,2]', inputs: { input: randomData([1, 2], { seed: 342 }) }, attrs: { multiples: [3, 2] }, gradCheck: true },
    {
      name: 'grad [2,1,2] x [1,3,1]',
      inputs: { input: randomData([2, 1, 2], { seed: 343 }) },
      attrs: { multiples: [1, 3, 1] },
      gradCheck: true,
    },
    {
      name: 'grad multiples at run time',
      inputs: { input: randomData([2, 2], { seed: 344 }) },
      attrs: { multiples: [2, 3], atRunTime: true },
      gradCheck: true,
    },
    {
      name: 'grad unknown dims',
      inputs: { input: randomData([3, 1], { seed: 345 }) },
      attrs: { multiples: [1, 2] },
      placeholders: 'unknown-dims',
      gradCheck: true,
    },
  ],
});
