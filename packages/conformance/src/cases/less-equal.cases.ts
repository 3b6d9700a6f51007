import * as tf from '@tf/graph';
import { defineCases, scalar, t } from '../case.js';

// NotDifferentiable (bool output), as in TF: no gradient checks.
export default defineCases({
  op: 'LessEqual',
  build: ({ x, y }) => tf.lessEqual(x, y),
  cases: [
    { name: 'basic', inputs: { x: t([1, 2, 3, 4], [2, 2]), y: t([1, 3, 2, 4], [2, 2]) }, expected: t([true, true, false, true], [2, 2]) },
    { name: 'broadcast [2,3] and [3]', inputs: { x: t([1, 2, 3, 4, 5, 6], [2, 3]), y: t([2, 5, 7]) }, expected: t([true, true, true, false, true, true], [2, 3]) },
    { name: 'scalar and tensor', inputs: { x: scalar(2), y: t([1, 2, 3]) }, expected: t([false, true, true]) },
    { name: 'size-1 dims', inputs: { x: t([1, 2], [2, 1]), y: t([2], [1, 1]) }, expected: t([true, true], [2, 1]) },
    { name: 'int32', inputs: { x: t([-1, 0, 5], [3], 'int32'), y: t([0, 0, 2], [3], 'int32') }, expected: t([true, true, false]) },
    // Every comparison with NaN is false (NaN == NaN too); infinities compare as numbers.
    { name: 'NaN and ±Inf', inputs: { x: t([Number.NaN, Number.NaN, 1, Infinity, -Infinity, Infinity]), y: t([Number.NaN, 1, Number.NaN, Infinity, -Infinity, -Infinity]) }, expected: t([false, false, false, true, true, false]) },
    { name: 'zero-size', inputs: { x: t([], [0, 2]), y: t([1, 2]) }, expected: t([], [0, 2], 'bool') },
    { name: 'bool inputs is a TypeError', inputs: { x: t([true]), y: t([false]) }, throws: { type: 'TypeError', when: 'build' } },
    { name: 'incompatible shapes is a ValueError', inputs: { x: t([1, 2]), y: t([1, 2, 3]) }, throws: { type: 'ValueError', message: "(op: 'LessEqual')", when: 'build' } },
    { name: 'incompatible shapes at run time is an InvalidArgumentError', inputs: { x: t([1, 2]), y: t([1, 2, 3]) }, placeholders: 'unknown-dims', throws: { type: 'InvalidArgumentError', message: 'Incompatible shapes: [2] vs. [3]', when: 'run' } },
    { name: 'mixed dtypes is a TypeError', inputs: { x: t([1]), y: t([1], [1], 'int32') }, throws: { type: 'TypeError', when: 'build' } },
  ],
});
