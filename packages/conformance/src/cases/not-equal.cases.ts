import * as tf from '@tf/graph';
import { defineCases, scalar, t } from '../case.js';

// NotDifferentiable (bool output), as in TF: no gradient checks.
export default defineCases({
  op: 'NotEqual',
  build: ({ x, y }) => tf.notEqual(x, y),
  cases: [
    { name: 'basic', inputs: { x: t([1, 2, 3, 4], [2, 2]), y: t([1, 3, 2, 4], [2, 2]) }, expected: t([false, true, true, false], [2, 2]) },
    { name: 'broadcast [2,3] and [3]', inputs: { x: t([1, 2, 3, 4, 5, 6], [2, 3]), y: t([2, 5, 7]) }, expected: t([true, true, true, true, false, true], [2, 3]) },
    { name: 'scalar and tensor', inputs: { x: scalar(2), y: t([1, 2, 3]) }, expected: t([true, false, true]) },
    { name: 'size-1 dims', inputs: { x: t([1, 2], [2, 1]), y: t([2], [1, 1]) }, expected: t([true, false], [2, 1]) },
    { name: 'int32', inputs: { x: t([-1, 0, 5], [3], 'int32'), y: t([0, 0, 2], [3], 'int32') }, expected: t([true, false, true]) },
    { name: 'float64', inputs: { x: t([0.1 + 0.2, 0.5], [2], 'float64'), y: t([0.3, 0.5], [2], 'float64') }, expected: t([true, false]) },
    { name: 'bool', inputs: { x: t([true, true, false]), y: t([true, false, false]) }, expected: t([false, true, false]) },
    // NaN is unequal to everything, itself included; infinities compare as numbers; -0 equals 0.
    {
      name: 'NaN, ±Inf and -0',
      inputs: { x: t([Number.NaN, Number.NaN, 1, Infinity, -Infinity, Infinity, -0]), y: t([Number.NaN, 1, Number.NaN, Infinity, -Infinity, -Infinity, 0]) },
      expected: t([true, true, true, false, false, true, false]),
    },
    { name: 'zero-size', inputs: { x: t([], [0, 2]), y: t([1, 2]) }, expected: t([], [0, 2], 'bool') },
    { name: 'incompatible shapes is a ValueError', inputs: { x: t([1, 2]), y: t([1, 2, 3]) }, throws: { type: 'ValueError', message: "(op: 'NotEqual')", when: 'build' } },
    { name: 'incompatible shapes at run time is an InvalidArgumentError', inputs: { x: t([1, 2]), y: t([1, 2, 3]) }, placeholders: 'unknown-dims', throws: { type: 'InvalidArgumentError', message: 'Incompatible shapes: [2] vs. [3]', when: 'run' } },
    { name: 'mixed dtypes is a TypeError', inputs: { x: t([1]), y: t([1], [1], 'int32') }, throws: { type: 'TypeError', when: 'build' } },
  ],
});
