import * as tf from '@tf/graph';
import { defineCases, randomData, scalar, t } from '../case.js';

/** `tf.unstack(value, { num, axis })`: one output per slice. Attrs: `num` (omitted: inferred), `axis`. */
export default defineCases({
  op: 'Unpack',
  build: ({ value }, { num, axis = 0 }) => tf.unstack(value, { ...(num === undefined ? {} : { num }), axis }),
  cases: [
    { name: 'axis 0', inputs: { value: t([1, 2, 3, 4, 5, 6], [3, 2]) }, expected: [t([1, 2]), t([3, 4]), t([5, 6])] },
    { name: 'axis 1', inputs: { value: t([1, 2, 3, 4, 5, 6], [3, 2]) }, attrs: { axis: 1 }, expected: [t([1, 3, 5]), t([2, 4, 6])] },
    {
      name: 'negative axis',
      inputs: { value: t([1, 2, 3, 4, 5, 6], [3, 2]) },
      attrs: { axis: -1 },
      expected: [t([1, 3, 5]), t([2, 4, 6])],
    },
    { name: 'vector to scalars', inputs: { value: t([7, 8]) }, expected: [scalar(7), scalar(8)] },
    {
      name: 'middle axis of a 3-D tensor',
      inputs: { value: t([1, 2, 3, 4, 5, 6, 7, 8], [2, 2, 2]) },
      attrs: { axis: 1 },
      expected: [t([1, 2, 5, 6], [2, 2]), t([3, 4, 7, 8], [2, 2])],
    },
    { name: 'int32', inputs: { value: t([1, 2], [2], 'int32') }, expected: [scalar(1, 'int32'), scalar(2, 'int32')] },
    { name: 'bool', inputs: { value: t([true, false], [1, 2]) }, attrs: { axis: 1 }, expected: [t([true]), t([false])] },
    { name: 'zero-size slices', inputs: { value: t([], [2, 0]) }, expected: [t([], [0]), t([], [0])] },
    {
      name: 'num given with unknown dims',
      inputs: { value: t([1, 2, 3, 4], [2, 2]) },
      attrs: { num: 2 },
      placeholders: 'unknown-dims',
      expected: [t([1, 2]), t([3, 4])],
    },
    {
      name: 'num != dim is a ValueError',
      inputs: { value: t([1, 2, 3, 4, 5, 6], [3, 2]) },
      attrs: { num: 2 },
      throws: { type: 'ValueError', message: /Input shape axis 0 must equal 2, got shape \[3,2\].*op: 'Unpack'/, when: 'build' },
    },
    {
      name: 'num != dim at run time is an InvalidArgumentError',
      inputs: { value: t([1, 2, 3, 4, 5, 6], [3, 2]) },
      attrs: { num: 2 },
      placeholders: 'unknown-dims',
      throws: { type: 'InvalidArgumentError', message: 'Input shape axis 0 must equal 2, got shape [3,2]', when: 'run' },
    },
    {
      name: 'out-of-range axis is a ValueError',
      inputs: { value: t([1, 2, 3, 4], [2, 2]) },
      attrs: { axis: 2 },
      throws: { type: 'ValueError', message: 'axis = 2 not in [-2, 2)', when: 'build' },
    },
    {
      name: 'num not inferable is a ValueError',
      inputs: { value: t([1, 2], [2]) },
      placeholders: 'unknown-dims',
      throws: { type: 'ValueError', message: 'Cannot infer num from shape (?,)', when: 'build' },
    },
    {
      name: 'scalar is a ValueError',
      inputs: { value: scalar(1) },
      attrs: { num: 1 },
      throws: { type: 'ValueError', message: 'Input must be at least rank 1', when: 'build' },
    },
    { name: 'grad [3,2] axis 0', inputs: { value: randomData([3, 2], { seed: 401 }) }, gradCheck: true },
    { name: 'grad [2,3] axis 1', inputs: { value: randomData([2, 3], { seed: 402 }) }, attrs: { axis: 1 }, gradCheck: true },
    { name: 'grad [2,1,2] axis -1', inputs: { value: randomData([2, 1, 2], { seed: 403 }) }, attrs: { axis: -1 }, gradCheck: true },
    { name: 'grad through one output only', inputs: { value: randomData([3, 2], { seed: 404 }) }, gradCheck: { outputs: [1] } },
  ],
});
