import * as tf from '@tf/graph';
import { opDef } from '@tf/graph/backend';
import sums from '../../fixtures/sum.json' with { type: 'json' };
import { defineCases, fixtureCases, randomData, scalar, t } from '../case.js';
import { reductionBuild } from './reduce-helpers.js';

/** Attrs: see `reductionBuild`. */
export default defineCases({
  op: 'Sum',
  build: reductionBuild(opDef('Sum'), tf.reduceSum),
  cases: [
    { name: 'basic [2,3] axis 1', inputs: { input: t([1, 2, 3, 4, 5, 6], [2, 3]) }, attrs: { axis: 1 }, expected: t([6, 15]) },
    { name: 'all axes', inputs: { input: t([1, 2, 3, 4], [2, 2]) }, expected: scalar(10) },
    { name: 'scalar input', inputs: { input: scalar(3) }, expected: scalar(3) },
    {
      name: 'empty axis list keeps the input',
      inputs: { input: t([1, 2, 3, 4], [2, 2]) },
      attrs: { axis: [] },
      expected: t([1, 2, 3, 4], [2, 2]),
    },
    { name: 'size-1 dims', inputs: { input: t([1, 2, 3], [1, 3, 1]) }, attrs: { axis: [0, 2] }, expected: t([1, 2, 3], [3]) },
    // TF marks reduced axes in a bitmap: an axis named twice (here -1 and 2) is reduced once.
    {
      name: 'repeated axis (negative and positive) is reduced once',
      inputs: { input: t([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], [2, 2, 3]) },
      attrs: { axis: [-1, 2, -3], keepDims: true },
      expected: t([30, 48], [1, 2, 1]),
    },
    ...fixtureCases(sums, 'Sum', ['input']),
    {
      name: 'axes at run time',
      inputs: { input: t([1, 2, 3, 4, 5, 6], [2, 3]) },
      attrs: { axis: [-1], axisAtRunTime: true, keepDims: true },
      expected: t([6, 15], [2, 1]),
    },
    { name: 'int32', inputs: { input: t([1, 2, 3, 4], [2, 2], 'int32') }, attrs: { axis: 0 }, expected: t([4, 6], [2], 'int32') },
    { name: 'float64', inputs: { input: t([0.1, 0.2], [2], 'float64') }, expected: t([0.30000000000000004], [], 'float64') },
    {
      name: 'NaN and ±Inf',
      inputs: { input: t([1, Number.NaN, Infinity, 1, Infinity, -Infinity], [3, 2]) },
      attrs: { axis: 1 },
      expected: t([Number.NaN, Infinity, Number.NaN]),
    },
    {
      name: 'zero-size, reducing the empty axis gives zeros',
      inputs: { input: t([], [0, 3]) },
      attrs: { axis: 0 },
      expected: t([0, 0, 0]),
    },
    { name: 'zero-size, reducing another axis stays empty', inputs: { input: t([], [0, 3]) }, attrs: { axis: 1 }, expected: t([], [0]) },
    { name: 'zero-size, all axes', inputs: { input: t([], [2, 0]) }, expected: scalar(0) },
    {
      name: 'axis out of range is a ValueError',
      inputs: { input: t([1, 2, 3, 4], [2, 2]) },
      attrs: { axis: 2 },
      throws: { type: 'ValueError', message: /Invalid reduction dimension 2 for input with 2 dimensions.*op: 'Sum'/, when: 'build' },
    },
    {
      name: 'negative axis out of range at run time is an InvalidArgumentError',
      inputs: { input: t([1, 2, 3, 4], [2, 2]) },
      attrs: { axis: -3, axisAtRunTime: true },
      throws: { type: 'InvalidArgumentError', message: 'Invalid reduction dimension -3 for input with 2 dimensions', when: 'run' },
    },
    { name: 'bool input is a TypeError', inputs: { input: t([true, false]) }, throws: { type: 'TypeError', when: 'build' } },
    { name: 'grad [2,3,4] axis 1', inputs: { input: randomData([2, 3, 4], { seed: 111 }) }, attrs: { axis: 1 }, gradCheck: true },
    {
      name: 'grad [2,3,4] axes [0,2] keepDims',
      inputs: { input: randomData([2, 3, 4], { seed: 112 }) },
      attrs: { axis: [0, 2], keepDims: true },
      gradCheck: true,
    },
    { name: 'grad [3,1] all axes', inputs: { input: randomData([3, 1], { seed: 113 }) }, gradCheck: true },
    { name: 'grad scalar', inputs: { input: scalar(0.5) }, gradCheck: true },
    {
      name: 'grad axes at run time',
      inputs: { input: randomData([2, 3], { seed: 114 }) },
      attrs: { axis: [-1], axisAtRunTime: true },
      gradCheck: true,
    },
  ],
});
