import * as tf from '@tf/graph';
import { opDef } from '@tf/graph/backend';
import prods from '../../fixtures/reduce-prod.json' with { type: 'json' };
import { defineCases, fixtureCases, randomData, scalar, t } from '../case.js';
import { reductionBuild } from './reduce-helpers.js';

/**
 * Attrs: see `reductionBuild`. The gradient is checked with zeros in the reduced groups too (Prod
 * is multilinear, so central differences are exact there).
 */
export default defineCases({
  op: 'Prod',
  build: reductionBuild(opDef('Prod'), tf.reduceProd),
  cases: [
    { name: 'basic [2,3] axis 1', inputs: { input: t([1, 2, 3, 4, -5, 6], [2, 3]) }, attrs: { axis: 1 }, expected: t([6, -120]) },
    { name: 'all axes', inputs: { input: t([1, 2, 3, 4], [2, 2]) }, expected: scalar(24) },
    { name: 'scalar input', inputs: { input: scalar(-3) }, expected: scalar(-3) },
    {
      name: 'empty axis list keeps the input',
      inputs: { input: t([1, 2, 3, 4], [2, 2]) },
      attrs: { axis: [] },
      expected: t([1, 2, 3, 4], [2, 2]),
    },
    { name: 'size-1 dims', inputs: { input: t([1, 2, 3], [1, 3, 1]) }, attrs: { axis: [0, 2] }, expected: t([1, 2, 3], [3]) },
    ...fixtureCases(prods, 'Prod', ['input']),
    {
      name: 'negative axis, keepDims',
      inputs: { input: t([1, 2, 3, 4, 5, 6], [2, 3]) },
      attrs: { axis: -2, keepDims: true },
      expected: t([4, 10, 18], [1, 3]),
    },
    {
      name: 'axes at run time',
      inputs: { input: t([1, 2, 3, 4, 5, 6], [2, 3]) },
      attrs: { axis: [-1], axisAtRunTime: true },
      expected: t([6, 120]),
    },
    { name: 'zeros', inputs: { input: t([0, 2, 3, 4, 0, 0], [2, 3]) }, attrs: { axis: 1 }, expected: t([0, 0]) },
    // int32 products wrap like C: 65536 · 65536 = 2^32 ≡ 0, 46341² ≡ -2147479015.
    {
      name: 'int32 (wraps)',
      inputs: { input: t([65536, 65536, 46341, 46341, -3, 7], [3, 2], 'int32') },
      attrs: { axis: 1 },
      expected: t([0, -2147479015, -21], [3], 'int32'),
    },
    {
      name: 'float64 (beyond float32 range)',
      inputs: { input: t([0.1, 3, 1e200, 1e100], [4], 'float64') },
      expected: t([3e299], [], 'float64'),
    },
    {
      name: 'float32 overflow to ±Inf',
      inputs: { input: t([1e20, 1e20, -1e20, 1e20], [2, 2]) },
      attrs: { axis: 1 },
      expected: t([Infinity, -Infinity]),
    },
    {
      name: 'NaN, and Inf times 0',
      inputs: { input: t([Number.NaN, 2, Infinity, 0, -Infinity, 2], [3, 2]) },
      attrs: { axis: 1 },
      expected: t([Number.NaN, Number.NaN, -Infinity]),
    },
    { name: 'zero-size, reducing the empty axis gives ones', inputs: { input: t([], [0, 3]) }, attrs: { axis: 0 }, expected: t([1, 1, 1]) },
    { name: 'zero-size, reducing another axis stays empty', inputs: { input: t([], [0, 3]) }, attrs: { axis: 1 }, expected: t([], [0]) },
    { name: 'zero-size, all axes', inputs: { input: t([], [2, 0], 'int32') }, expected: scalar(1, 'int32') },
    {
      name: 'axis out of range is a ValueError',
      inputs: { input: t([1, 2, 3, 4], [2, 2]) },
      attrs: { axis: -3 },
      throws: { type: 'ValueError', message: /Invalid reduction dimension -3 for input with 2 dimensions.*op: 'Prod'/, when: 'build' },
    },
    {
      name: 'axis out of range at run time is an InvalidArgumentError',
      inputs: { input: t([1, 2, 3, 4], [2, 2]) },
      attrs: { axis: 2, axisAtRunTime: true },
      throws: { type: 'InvalidArgumentError', message: /Invalid reduction dimension 2.*op: 'Prod'/, when: 'run' },
    },
    { name: 'bool input is a TypeError', inputs: { input: t([true, false]) }, throws: { type: 'TypeError', when: 'build' } },
    {
      name: 'raw op with bool input is a TypeError',
      inputs: { input: t([true, false]) },
      attrs: { raw: true },
      throws: { type: 'TypeError', message: 'DataType bool not in list of allowed values', when: 'build' },
    },
    { name: 'grad [2,3,4] axis 1', inputs: { input: randomData([2, 3, 4], { seed: 231 }) }, attrs: { axis: 1 }, gradCheck: true },
    {
      name: 'grad [2,3,4] axes [0,2] keepDims',
      inputs: { input: randomData([2, 3, 4], { seed: 232 }) },
      attrs: { axis: [0, 2], keepDims: true },
      gradCheck: true,
    },
    { name: 'grad [3,1] all axes', inputs: { input: randomData([3, 1], { seed: 233 }) }, gradCheck: true },
    { name: 'grad scalar', inputs: { input: scalar(-1.5) }, gradCheck: true },
    // Row 0: no zero; row 1: one zero (only it gets a gradient); row 2: two zeros (no gradient).
    { name: 'grad with zeros', inputs: { input: t([1.5, -2, 0.5, 0.75, 0, 3, 0, 1.25, 0], [3, 3]) }, attrs: { axis: 1 }, gradCheck: true },
    { name: 'grad with a zero, all axes', inputs: { input: t([1.5, -2, 0, 0.75], [2, 2]) }, gradCheck: true },
    {
      name: 'grad axes at run time',
      inputs: { input: randomData([2, 3], { seed: 234 }) },
      attrs: { axis: [0], axisAtRunTime: true },
      gradCheck: true,
    },
    {
      name: 'grad unknown dims',
      inputs: { input: randomData([3, 4], { seed: 235 }) },
      attrs: { axis: 1 },
      placeholders: 'unknown-dims',
      gradCheck: true,
    },
  ],
});
