import * as tf from '@tf/graph';
import { defineCases, randomData, scalar, t } from '../case.js';

/** `tf.checkNumerics(tensor, message)`. Attrs: `message` (default 'check'). */
export default defineCases({
  op: 'CheckNumerics',
  build: ({ tensor }, { message = 'check' }) => tf.checkNumerics(tensor, message),
  cases: [
    { name: 'finite values pass through', inputs: { tensor: t([1, -2, 0, 3.5], [2, 2]) }, expected: t([1, -2, 0, 3.5], [2, 2]) },
    {
      name: 'extremes that are finite pass',
      inputs: { tensor: t([3.4028234663852886e38, -3.4028234663852886e38, 1e-45]) },
      expected: t([3.4028234663852886e38, -3.4028234663852886e38, 1e-45]),
    },
    { name: 'float64', inputs: { tensor: t([1e300, -1e-300], [2], 'float64') }, expected: t([1e300, -1e-300], [2], 'float64') },
    { name: 'scalar', inputs: { tensor: scalar(2) }, expected: scalar(2) },
    { name: 'zero-size', inputs: { tensor: t([], [0, 3]) }, expected: t([], [0, 3]) },
    {
      name: 'NaN is an InvalidArgumentError naming the node',
      inputs: { tensor: t([1, Number.NaN, 3]) },
      attrs: { message: 'bad activations' },
      throws: {
        type: 'InvalidArgumentError',
        message: /^bad activations : Tensor had NaN values\n.*\[\[Node: CheckNumerics = CheckNumerics/,
        when: 'run',
      },
    },
    {
      name: '+Inf is an InvalidArgumentError',
      inputs: { tensor: t([1, Infinity]) },
      attrs: { message: 'm' },
      throws: { type: 'InvalidArgumentError', message: 'm : Tensor had Inf values', when: 'run' },
    },
    {
      name: '-Inf is an InvalidArgumentError',
      inputs: { tensor: t([-Infinity], [1], 'float64') },
      attrs: { message: 'm' },
      throws: { type: 'InvalidArgumentError', message: 'm : Tensor had Inf values', when: 'run' },
    },
    {
      name: 'NaN and Inf together',
      inputs: { tensor: t([Number.NaN, Infinity]) },
      attrs: { message: 'm' },
      throws: { type: 'InvalidArgumentError', message: 'm : Tensor had Inf and NaN values', when: 'run' },
    },
    {
      name: 'int32 is a TypeError',
      inputs: { tensor: t([1], [1], 'int32') },
      throws: { type: 'TypeError', message: 'not in list of allowed values', when: 'build' },
    },
    { name: 'grad [2,3]', inputs: { tensor: randomData([2, 3], { seed: 501 }) }, gradCheck: true },
    { name: 'grad scalar', inputs: { tensor: scalar(0.75) }, gradCheck: true },
    { name: 'grad [1,4,1]', inputs: { tensor: randomData([1, 4, 1], { seed: 502 }) }, gradCheck: true },
  ],
});
