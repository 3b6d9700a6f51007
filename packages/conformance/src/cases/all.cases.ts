import * as tf from '@tf/graph';
import { opDef } from '@tf/graph/backend';
import { defineCases, scalar, t } from '../case.js';
import { boolReductionCommonCases, reductionBuild } from './reduce-helpers.js';

/** Attrs: see `reductionBuild`. Bool only; no gradient. */
export default defineCases({
  op: 'All',
  build: reductionBuild(opDef('All'), tf.reduceAll),
  cases: [
    {
      name: 'basic [2,3] axis 1',
      inputs: { input: t([true, true, true, true, false, true], [2, 3]) },
      attrs: { axis: 1 },
      expected: t([true, false]),
    },
    {
      name: 'axis 0',
      inputs: { input: t([true, true, false, true, false, true], [2, 3]) },
      attrs: { axis: 0 },
      expected: t([true, false, false]),
    },
    { name: 'all axes', inputs: { input: t([true, true, true, true], [2, 2]) }, expected: scalar(true) },
    {
      name: 'negative axes, keepDims',
      inputs: { input: t([true, true, false, true, true, true], [2, 3]) },
      attrs: { axis: [-1], keepDims: true },
      expected: t([false, true], [2, 1]),
    },
    {
      name: 'rank 3, non-adjacent axes',
      inputs: { input: t([true, true, true, false, true, true, true, true], [2, 2, 2]) },
      attrs: { axis: [0, 2] },
      expected: t([true, false]),
    },
    {
      name: 'axes at run time',
      inputs: { input: t([true, true, true, true, false, true], [2, 3]) },
      attrs: { axis: [1], axisAtRunTime: true },
      expected: t([true, false]),
    },
    {
      name: 'zero-size, reducing the empty axis gives true',
      inputs: { input: t([], [0, 3], 'bool') },
      attrs: { axis: 0 },
      expected: t([true, true, true]),
    },
    { name: 'zero-size, all axes', inputs: { input: t([], [2, 0], 'bool') }, expected: scalar(true) },
    ...boolReductionCommonCases('All'),
  ],
});
