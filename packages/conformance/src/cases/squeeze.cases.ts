import * as tf from '@tf/graph';
import { defineCases, randomData, scalar, t } from '../case.js';

/** Attrs: `axis` (a number or list; omitted squeezes every size-1 axis). */
export default defineCases({
  op: 'Squeeze',
  build: ({ input }, { axis }) => tf.squeeze(input, axis),
  cases: [
    { name: 'every size-1 axis', inputs: { input: t([1, 2, 3, 4, 5, 6], [1, 2, 1, 3]) }, expected: t([1, 2, 3, 4, 5, 6], [2, 3]) },
    {
      name: 'one axis',
      inputs: { input: t([1, 2, 3, 4, 5, 6], [1, 2, 1, 3]) },
      attrs: { axis: [0] },
      expected: t([1, 2, 3, 4, 5, 6], [2, 1, 3]),
    },
    {
      name: 'negative axis',
      inputs: { input: t([1, 2, 3, 4, 5, 6], [1, 2, 1, 3]) },
      attrs: { axis: -2 },
      expected: t([1, 2, 3, 4, 5, 6], [1, 2, 3]),
    },
    { name: 'all ones to a scalar', inputs: { input: t([7], [1, 1]) }, expected: scalar(7) },
    { name: 'scalar stays a scalar', inputs: { input: scalar(3) }, expected: scalar(3) },
    { name: 'int32', inputs: { input: t([4, 5], [2, 1], 'int32') }, expected: t([4, 5], [2], 'int32') },
    { name: 'bool', inputs: { input: t([true, false], [1, 2]) }, expected: t([true, false], [2]) },
    { name: 'zero-size keeps the 0 dim', inputs: { input: t([], [0, 1, 2]) }, expected: t([], [0, 2]) },
    {
      name: 'unknown dims squeeze at run time',
      inputs: { input: t([1, 2, 3], [1, 3, 1]) },
      placeholders: 'unknown-dims',
      expected: t([1, 2, 3], [3]),
    },
    {
      name: 'squeezing a dim that is not 1 is a ValueError',
      inputs: { input: t([1, 2, 3, 4, 5, 6], [2, 3]) },
      attrs: { axis: [0] },
      throws: { type: 'ValueError', message: /Can not squeeze dim\[0\], expected a dimension of 1, got 2.*op: 'Squeeze'/, when: 'build' },
    },
    {
      name: 'squeezing a dim that is not 1 at run time is an InvalidArgumentError',
      inputs: { input: t([1, 2, 3, 4, 5, 6], [2, 3]) },
      attrs: { axis: [1] },
      placeholders: 'unknown-dims',
      throws: { type: 'InvalidArgumentError', message: 'Can not squeeze dim[1], expected a dimension of 1, got 3', when: 'run' },
    },
    {
      name: 'out-of-range axis is a ValueError',
      inputs: { input: t([1, 2], [1, 2]) },
      attrs: { axis: [2] },
      throws: { type: 'ValueError', message: 'Tried to squeeze dim index 2 for tensor with 2 dimensions.', when: 'build' },
    },
    { name: 'grad [1,3,1]', inputs: { input: randomData([1, 3, 1], { seed: 301 }) }, gradCheck: true },
    { name: 'grad [2,1] axis 1', inputs: { input: randomData([2, 1], { seed: 302 }) }, attrs: { axis: [1] }, gradCheck: true },
    { name: 'grad [1,1,4] axis -3', inputs: { input: randomData([1, 1, 4], { seed: 303 }) }, attrs: { axis: [-3] }, gradCheck: true },
    { name: 'grad unknown dims', inputs: { input: randomData([2, 1, 3], { seed: 304 }) }, placeholders: 'unknown-dims', gradCheck: true },
  ],
});
