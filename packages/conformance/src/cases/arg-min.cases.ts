import * as tf from '@tf/graph';
import { opDef } from '@tf/graph/backend';
import argmins from '../../fixtures/arg-min.json' with { type: 'json' };
import { defineCases, fixtureCases, scalar, t } from '../case.js';
import { argReductionBuild, argReductionCommonCases } from './reduce-helpers.js';

/** Attrs: see `argReductionBuild`. NotDifferentiable. */
export default defineCases({
  op: 'ArgMin',
  build: argReductionBuild(opDef('ArgMin'), tf.argmin),
  cases: [
    {
      name: 'rows of [2,3] (axis 1)',
      inputs: { input: t([1, 5, 3, 9, 2, 4], [2, 3]) },
      attrs: { axis: 1 },
      expected: t([0, 1], [2], 'int32'),
    },
    {
      name: 'columns of [2,3] (axis 0)',
      inputs: { input: t([1, 5, 3, 9, 2, 4], [2, 3]) },
      attrs: { axis: 0 },
      expected: t([0, 1, 0], [3], 'int32'),
    },
    { name: 'negative axis', inputs: { input: t([1, 5, 3, 9, 2, 4], [2, 3]) }, attrs: { axis: -1 }, expected: t([0, 1], [2], 'int32') },
    ...fixtureCases(argmins, 'ArgMin', ['input']),
    { name: 'vector', inputs: { input: t([-3, -1, -2]) }, expected: scalar(0, 'int32') },
    { name: 'ties give the first index', inputs: { input: t([2, 1, 7, 1, 1]) }, expected: scalar(1, 'int32') },
    { name: 'NaN wins (its index)', inputs: { input: t([1, -5, Number.NaN, 3, Number.NaN]) }, expected: scalar(2, 'int32') },
    { name: '±Inf', inputs: { input: t([Infinity, 3, -Infinity, 4]) }, expected: scalar(2, 'int32') },
    { name: 'all +Inf gives 0', inputs: { input: t([Infinity, Infinity]) }, expected: scalar(0, 'int32') },
    {
      name: 'int32',
      inputs: { input: t([8, 3, -1, 2, 2147483647, -2147483648], [3, 2], 'int32') },
      attrs: { axis: 1 },
      expected: t([1, 0, 1], [3], 'int32'),
    },
    { name: 'float64', inputs: { input: t([0.30000000000000004, 0.3], [2], 'float64') }, expected: scalar(1, 'int32') },
    {
      name: 'axis at run time',
      inputs: { input: t([1, 5, 3, 9, 2, 4], [2, 3]) },
      attrs: { axis: 1, axisAtRunTime: true },
      expected: t([0, 1], [2], 'int32'),
    },
    {
      name: 'raw op with bool input is a TypeError',
      inputs: { input: t([true, false]) },
      attrs: { raw: true },
      throws: { type: 'TypeError', message: 'DataType bool not in list of allowed values', when: 'build' },
    },
    ...argReductionCommonCases('ArgMin'),
  ],
});
