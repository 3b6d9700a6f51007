import * as tf from '@tf/graph';
import { opDef } from '@tf/graph/backend';
import { defineCases, scalar, t } from '../case.js';
import { boolReductionCommonCases, reductionBuild } from './reduce-helpers.js';

/** Attrs: see `reductionBuild`. Bool only; no gradient. */
export default defineCases({
  op: 'Any',
  build: reductionBuild(opDef('Any'), tf.reduceAny),
  cases: [
    {
      name: 'basic [2,3] axis 1',
      inputs: { input: t([false, false, false, false, true, false], [2, 3]) },
      attrs: { axis: 1 },
      expected: t([false, true]),
    },
    {
      name: 'axis 0',
      inputs: { input: t([true, false, false, true, false, false], [2, 3]) },
      attrs: { axis: 0 },
      expected: t([true, false, false]),
    },
    { name: 'all axes', inputs: { input: t([false, false, false, true], [2, 2]) }, expected: scalar(true) },
    {
      name: 'negative axes, keepDims',
      inputs: { input: t([false, false, false, true, false, false], [2, 3]) },
      attrs: { axis: [-1], keepDims: true },
      expected: t([false, true], [2, 1]),
    },
    {
      name: 'rank 3, non-adjacent axes',
      inputs: { input: t([false, false, true, false, false, false, false, false], [2, 2, 2]) },
      attrs: { axis: [0, 2] },
      expected: t([false, true]),
    },
    {
      name: 'axes at run time',
      inputs: { input: t([false, false, false, false, true, false], [2, 3]) },
      attrs: { axis: [1], axisAtRunTime: true },
      expected: t([false, true]),
    },
    {
      name: 'zero-size, reducing the empty axis gives false',
      inputs: { input: t([], [0, 3], 'bool') },
      attrs: { axis: 0 },
      expected: t([false, false, false]),
    },
    { name: 'zero-size, all axes', inputs: { input: t([], [2, 0], 'bool') }, expected: scalar(false) },
    ...boolReductionCommonCases('Any'),
  ],
});
