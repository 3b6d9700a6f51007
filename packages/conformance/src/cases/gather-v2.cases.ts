import * as tf from '@tf/graph';
import gathers from '../../fixtures/gather.json' with { type: 'json' };
import { defineCases, fixtureCases, ints, randomData, scalar, t } from '../case.js';
import { hostArg } from './array-helpers.js';

/** `tf.gather(params, indices, axis)`. Attrs: `axis` (default 0), `atRunTime` (axis known only when the session runs). */
export default defineCases({
  op: 'GatherV2',
  build: ({ params, indices }, { axis = 0, atRunTime = false }) => tf.gather(params, indices, hostArg(axis, atRunTime)),
  cases: [
    { name: 'rows', inputs: { params: t([1, 2, 3, 4, 5, 6], [3, 2]), indices: ints([2, 0]) }, expected: t([5, 6, 1, 2], [2, 2]) },
    { name: 'repeated index', inputs: { params: t([1, 2, 3]), indices: ints([1, 1, 1]) }, expected: t([2, 2, 2]) },
    { name: 'scalar index', inputs: { params: t([1, 2, 3, 4, 5, 6], [3, 2]), indices: scalar(1, 'int32') }, expected: t([3, 4]) },
    {
      name: 'columns (axis 1)',
      inputs: { params: t([1, 2, 3, 4, 5, 6], [2, 3]), indices: ints([2, 0]) },
      attrs: { axis: 1 },
      expected: t([3, 1, 6, 4], [2, 2]),
    },
    ...fixtureCases(gathers, 'GatherV2', ['params', 'indices']),
    {
      name: 'axis at run time',
      inputs: { params: t([1, 2, 3, 4, 5, 6], [2, 3]), indices: ints([1]) },
      attrs: { axis: -1, atRunTime: true },
      expected: t([2, 5], [2, 1]),
    },
    { name: 'int32 params', inputs: { params: t([10, 20, 30], [3], 'int32'), indices: ints([2, 1]) }, expected: t([30, 20], [2], 'int32') },
    { name: 'bool params', inputs: { params: t([true, false]), indices: ints([1, 0, 1]) }, expected: t([false, true, false]) },
    { name: 'no indices', inputs: { params: t([1, 2, 3, 4, 5, 6], [3, 2]), indices: ints([], [0]) }, expected: t([], [0, 2]) },
    { name: 'zero-size params on another axis', inputs: { params: t([], [3, 0]), indices: ints([1]) }, expected: t([], [1, 0]) },
    {
      name: 'index out of range is an InvalidArgumentError',
      inputs: { params: t([1, 2, 3]), indices: ints([0, 3]) },
      throws: { type: 'InvalidArgumentError', message: 'indices[1] = 3 is not in [0, 3)', when: 'run' },
    },
    {
      name: 'negative index is an InvalidArgumentError',
      inputs: { params: t([1, 2, 3]), indices: ints([-1]) },
      throws: { type: 'InvalidArgumentError', message: 'indices[0] = -1 is not in [0, 3)', when: 'run' },
    },
    {
      name: 'bad index in 2-D indices names its position',
      inputs: { params: t([1, 2, 3, 4, 5, 6], [2, 3]), indices: ints([0, 1, 5, 0], [2, 2]) },
      attrs: { axis: 1 },
      throws: { type: 'InvalidArgumentError', message: 'indices[1,0] = 5 is not in [0, 3)', when: 'run' },
    },
    {
      name: 'any index into an empty axis is an InvalidArgumentError',
      inputs: { params: t([], [0, 2]), indices: ints([0]) },
      throws: { type: 'InvalidArgumentError', message: 'indices[0] = 0 is not in [0, 0)', when: 'run' },
    },
    {
      name: 'out-of-range axis is a ValueError',
      inputs: { params: t([1, 2, 3, 4], [2, 2]), indices: ints([0]) },
      attrs: { axis: 2 },
      throws: { type: 'ValueError', message: /Expected axis in the range \[-2, 2\), but got 2.*op: 'GatherV2'/, when: 'build' },
    },
    {
      name: 'out-of-range axis at run time is an InvalidArgumentError',
      inputs: { params: t([1, 2, 3, 4], [2, 2]), indices: ints([0]) },
      attrs: { axis: -3, atRunTime: true },
      throws: { type: 'InvalidArgumentError', message: 'Expected axis in the range [-2, 2), but got -3', when: 'run' },
    },
    {
      name: 'scalar params is a ValueError',
      inputs: { params: scalar(1), indices: ints([0]) },
      throws: { type: 'ValueError', message: 'Shape must be at least rank 1 but is rank 0', when: 'build' },
    },
    { name: 'float indices is a TypeError', inputs: { params: t([1, 2]), indices: t([0]) }, throws: { type: 'TypeError', when: 'build' } },
    {
      name: 'grad axis 0, repeated indices',
      inputs: { params: randomData([4, 3], { seed: 481 }), indices: ints([3, 0, 3, 1]) },
      gradCheck: true,
    },
    {
      name: 'grad axis 1, 2-D indices',
      inputs: { params: randomData([2, 4, 3], { seed: 482 }), indices: ints([3, 1, 3, 0], [2, 2]) },
      attrs: { axis: 1 },
      gradCheck: true,
    },
    {
      name: 'grad axis -1, scalar index',
      inputs: { params: randomData([2, 1, 3], { seed: 483 }), indices: scalar(2, 'int32') },
      attrs: { axis: -1 },
      gradCheck: true,
    },
    {
      name: 'grad axis at run time',
      inputs: { params: randomData([3, 4], { seed: 484 }), indices: ints([0, 0, 2]) },
      attrs: { axis: 1, atRunTime: true },
      gradCheck: true,
    },
    {
      name: 'grad unknown dims',
      inputs: { params: randomData([3, 2], { seed: 485 }), indices: ints([2, 2]) },
      placeholders: 'unknown-dims',
      gradCheck: true,
    },
  ],
});
