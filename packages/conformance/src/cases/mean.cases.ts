import * as tf from '@tf/graph';
import { opDef } from '@tf/graph/backend';
import means from '../../fixtures/mean.json' with { type: 'json' };
import { defineCases, fixtureCases, randomData, scalar, t } from '../case.js';
import { reductionBuild } from './reduce-helpers.js';

/** Attrs: see `reductionBuild`. */
export default defineCases({
  op: 'Mean',
  build: reductionBuild(opDef('Mean'), tf.reduceMean),
  cases: [
    { name: 'basic [2,3] axis 1', inputs: { input: t([1, 2, 3, 4, 5, 6], [2, 3]) }, attrs: { axis: 1 }, expected: t([2, 5]) },
    { name: 'all axes', inputs: { input: t([1, 2, 3, 4], [2, 2]) }, expected: scalar(2.5) },
    { name: 'scalar input', inputs: { input: scalar(3) }, expected: scalar(3) },
    {
      name: 'size-1 dims',
      inputs: { input: t([1, 2, 3], [1, 3, 1]) },
      attrs: { axis: [0, 2], keepDims: true },
      expected: t([1, 2, 3], [1, 3, 1]),
    },
    ...fixtureCases(means, 'Mean', ['input']),
    {
      name: 'axes at run time',
      inputs: { input: t([1, 2, 3, 4, 5, 6], [2, 3]) },
      attrs: { axis: 0, axisAtRunTime: true },
      expected: t([2.5, 3.5, 4.5]),
    },
    // Integer mean truncates toward zero, as TF's kernel divides in the input type.
    {
      name: 'int32 truncates',
      inputs: { input: t([1, 2, -1, -2], [2, 2], 'int32') },
      attrs: { axis: 1 },
      expected: t([1, -1], [2], 'int32'),
    },
    {
      name: 'NaN and ±Inf',
      inputs: { input: t([1, Number.NaN, Infinity, 1, Infinity, -Infinity], [3, 2]) },
      attrs: { axis: 1 },
      expected: t([Number.NaN, Infinity, Number.NaN]),
    },
    {
      name: 'zero-size, reducing the empty axis gives NaN',
      inputs: { input: t([], [0, 3]) },
      attrs: { axis: 0 },
      expected: t([Number.NaN, Number.NaN, Number.NaN]),
    },
    { name: 'zero-size, reducing another axis stays empty', inputs: { input: t([], [0, 3]) }, attrs: { axis: 1 }, expected: t([], [0]) },
    {
      name: 'axis out of range is a ValueError',
      inputs: { input: t([1, 2, 3], [3]) },
      attrs: { axis: 1 },
      throws: { type: 'ValueError', message: /Invalid reduction dimension 1 for input with 1 dimensions.*op: 'Mean'/, when: 'build' },
    },
    {
      name: 'axis out of range at run time is an InvalidArgumentError',
      inputs: { input: t([1, 2, 3], [3]) },
      attrs: { axis: 5, axisAtRunTime: true },
      throws: { type: 'InvalidArgumentError', message: 'Invalid reduction dimension 5', when: 'run' },
    },
    { name: 'bool input is a TypeError', inputs: { input: t([true, false]) }, throws: { type: 'TypeError', when: 'build' } },
    { name: 'grad [2,3,4] axis 1', inputs: { input: randomData([2, 3, 4], { seed: 121 }) }, attrs: { axis: 1 }, gradCheck: true },
    {
      name: 'grad [2,3,4] axes [0,2] keepDims',
      inputs: { input: randomData([2, 3, 4], { seed: 122 }) },
      attrs: { axis: [0, 2], keepDims: true },
      gradCheck: true,
    },
    { name: 'grad [3,1] all axes', inputs: { input: randomData([3, 1], { seed: 123 }) }, gradCheck: true },
    {
      name: 'grad axes at run time',
      inputs: { input: randomData([2, 3], { seed: 124 }) },
      attrs: { axis: [0], axisAtRunTime: true },
      gradCheck: true,
    },
  ],
});
