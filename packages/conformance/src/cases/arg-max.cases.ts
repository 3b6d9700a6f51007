import * as tf from '@tf/graph';
import { opDef } from '@tf/graph/backend';
import { defineCases, scalar, t } from '../case.js';
import { argReductionBuild, argReductionCommonCases } from './reduce-helpers.js';

/** Attrs: see `argReductionBuild`. NotDifferentiable. */
export default defineCases({
  op: 'ArgMax',
  build: argReductionBuild(opDef('ArgMax'), tf.argmax),
  cases: [
    {
      name: 'rows of [2,3] (axis 1)',
      inputs: { input: t([1, 5, 3, 9, 2, 4], [2, 3]) },
      attrs: { axis: 1 },
      expected: t([1, 0], [2], 'int32'),
    },
    {
      name: 'columns of [2,3] (axis 0)',
      inputs: { input: t([1, 5, 3, 9, 2, 4], [2, 3]) },
      attrs: { axis: 0 },
      expected: t([1, 0, 1], [3], 'int32'),
    },
    { name: 'negative axis', inputs: { input: t([1, 5, 3, 9, 2, 4], [2, 3]) }, attrs: { axis: -1 }, expected: t([1, 0], [2], 'int32') },
    {
      name: 'middle axis of [2,3,2]',
      inputs: { input: t([0, 9, 5, 1, 2, 3, 7, 0, 1, 8, 2, 2], [2, 3, 2]) },
      attrs: { axis: 1 },
      expected: t([1, 0, 0, 1], [2, 2], 'int32'),
    },
    { name: 'vector', inputs: { input: t([-3, -1, -2]) }, expected: scalar(1, 'int32') },
    { name: 'ties give the first index', inputs: { input: t([2, 7, 7, 1, 7]) }, expected: scalar(1, 'int32') },
    { name: 'NaN wins (its index)', inputs: { input: t([1, Number.NaN, 3, Number.NaN]) }, expected: scalar(1, 'int32') },
    { name: '±Inf', inputs: { input: t([-Infinity, 3, Infinity, 4]) }, expected: scalar(2, 'int32') },
    { name: 'all -Inf gives the first index', inputs: { input: t([-Infinity, -Infinity, -Infinity]) }, expected: scalar(0, 'int32') },
    { name: 'int32', inputs: { input: t([3, 8, -1, 2], [2, 2], 'int32') }, attrs: { axis: 1 }, expected: t([1, 1], [2], 'int32') },
    {
      name: 'axis at run time',
      inputs: { input: t([1, 5, 3, 9, 2, 4], [2, 3]) },
      attrs: { axis: 1, axisAtRunTime: true },
      expected: t([1, 0], [2], 'int32'),
    },
    ...argReductionCommonCases('ArgMax'),
  ],
});
