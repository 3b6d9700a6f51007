import * as tf from '@tf/graph';
import { opDef } from '@tf/graph/backend';
import mins from '../../fixtures/reduce-min.json' with { type: 'json' };
import { defineCases, fixtureCases, randomData, scalar, t } from '../case.js';
import { reductionBuild } from './reduce-helpers.js';

/** Attrs: see `reductionBuild`. */
export default defineCases({
  op: 'Min',
  build: reductionBuild(opDef('Min'), tf.reduceMin),
  cases: [
    { name: 'basic [2,3] axis 1', inputs: { input: t([1, 5, 3, -4, -2, -6], [2, 3]) }, attrs: { axis: 1 }, expected: t([1, -6]) },
    { name: 'all axes', inputs: { input: t([1, 7, -3, 4], [2, 2]) }, expected: scalar(-3) },
    { name: 'scalar input', inputs: { input: scalar(-3) }, expected: scalar(-3) },
    {
      name: 'empty axis list keeps the input',
      inputs: { input: t([1, 2, 3, 4], [2, 2]) },
      attrs: { axis: [] },
      expected: t([1, 2, 3, 4], [2, 2]),
    },
    { name: 'size-1 dims', inputs: { input: t([1, 2, 3], [1, 3, 1]) }, attrs: { axis: [0, 2] }, expected: t([1, 2, 3], [3]) },
    ...fixtureCases(mins, 'Min', ['input']),
    {
      name: 'negative axes de-duplicated, keepDims',
      inputs: { input: t([1, 5, 3, -4, -2, 9], [2, 3]) },
      attrs: { axis: [-1, 1], keepDims: true },
      expected: t([1, -4], [2, 1]),
    },
    {
      name: 'axes at run time',
      inputs: { input: t([1, 5, 3, -4, -2, -6], [2, 3]) },
      attrs: { axis: [-2], axisAtRunTime: true, keepDims: true },
      expected: t([-4, -2, -6], [1, 3]),
    },
    {
      name: 'int32',
      inputs: { input: t([3, -8, 2147483647, -2147483648], [2, 2], 'int32') },
      attrs: { axis: 0 },
      expected: t([3, -2147483648], [2], 'int32'),
    },
    {
      name: 'float64',
      inputs: { input: t([0.1, 0.30000000000000004, 0.10000000000000002], [3], 'float64') },
      expected: t([0.1], [], 'float64'),
    },
    // TF's reducer propagates NaN: a NaN anywhere in the group wins, first or last.
    {
      name: 'NaN wins',
      inputs: { input: t([Number.NaN, 1, 2, 3, 4, Number.NaN, -Infinity, Number.NaN, 0], [3, 3]) },
      attrs: { axis: 1 },
      expected: t([Number.NaN, Number.NaN, Number.NaN]),
    },
    {
      name: '±Inf',
      inputs: { input: t([Infinity, Infinity, Infinity, 5, -Infinity, 1], [2, 3]) },
      attrs: { axis: 1 },
      expected: t([Infinity, -Infinity]),
    },
    {
      name: 'zero-size, reducing the empty axis gives +Inf',
      inputs: { input: t([], [0, 3]) },
      attrs: { axis: 0 },
      expected: t([Infinity, Infinity, Infinity]),
    },
    { name: 'zero-size, reducing another axis stays empty', inputs: { input: t([], [0, 3]) }, attrs: { axis: 1 }, expected: t([], [0]) },
    { name: 'zero-size, all axes', inputs: { input: t([], [2, 0]) }, expected: scalar(Infinity) },
    { name: 'zero-size int32 gives the highest int32', inputs: { input: t([], [0], 'int32') }, expected: scalar(2147483647, 'int32') },
    {
      name: 'axis out of range is a ValueError',
      inputs: { input: t([1, 2, 3, 4], [2, 2]) },
      attrs: { axis: [0, 5] },
      throws: {
        type: 'ValueError',
        message: /Invalid reduction dimension 5 for input with 2 dimensions.*op: 'Min'.*input shapes: \[2,2\]/,
        when: 'build',
      },
    },
    {
      name: 'axis out of range at run time is an InvalidArgumentError',
      inputs: { input: t([1, 2, 3, 4], [2, 2]) },
      attrs: { axis: 2, axisAtRunTime: true },
      throws: {
        type: 'InvalidArgumentError',
        message: /Invalid reduction dimension 2 for input with 2 dimensions.*op: 'Min'/,
        when: 'run',
      },
    },
    { name: 'bool input is a TypeError', inputs: { input: t([true, false]) }, throws: { type: 'TypeError', when: 'build' } },
    {
      name: 'raw op with bool input is a TypeError',
      inputs: { input: t([true, false]) },
      attrs: { raw: true },
      throws: { type: 'TypeError', message: 'DataType bool not in list of allowed values', when: 'build' },
    },
    { name: 'grad [2,3,4] axis 2', inputs: { input: randomData([2, 3, 4], { seed: 221 }) }, attrs: { axis: 2 }, gradCheck: true },
    {
      name: 'grad [2,3,4] axes [0,1] keepDims',
      inputs: { input: randomData([2, 3, 4], { seed: 222 }) },
      attrs: { axis: [0, 1], keepDims: true },
      gradCheck: true,
    },
    { name: 'grad [1,4] all axes', inputs: { input: randomData([1, 4], { seed: 223 }) }, gradCheck: true },
    // Tied extrema share the gradient evenly (TF). For a two-way tie that is also what central
    // differences see (half the slope each way); for three or more they would not, so ties here are pairs.
    { name: 'grad ties split evenly', inputs: { input: t([-1, 3, -1, 2, 0.25, 0.25], [2, 3]) }, attrs: { axis: 1 }, gradCheck: true },
    {
      name: 'grad axes at run time',
      inputs: { input: randomData([3, 2], { seed: 224 }) },
      attrs: { axis: [0], axisAtRunTime: true },
      gradCheck: true,
    },
    {
      name: 'grad unknown dims',
      inputs: { input: randomData([3, 4], { seed: 225 }) },
      attrs: { axis: 1, keepDims: true },
      placeholders: 'unknown-dims',
      gradCheck: true,
    },
  ],
});
