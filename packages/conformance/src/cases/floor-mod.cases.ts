import * as tf from '@tf/graph';
import floorMods from '../../fixtures/floor-mod.json' with { type: 'json' };
import { defineCases, fixtureCases, scalar, t } from '../case.js';

// The result has the sign of the divisor (Python's %, TF's FloorMod). Gradient (TF's
// `_FloorModGrad`): `dx = dz`, `dy = -dz · floor(x / y)`; the checks stay away from the jumps
// (every x/y is at least 0.09 from an integer).
export default defineCases({
  op: 'FloorMod',
  build: ({ x, y }) => tf.floorMod(x, y),
  cases: [
    {
      name: 'basic',
      inputs: { x: t([7.5, -7.5, 7.5, -7.5], [2, 2]), y: t([2, 2, -2, -2], [2, 2]) },
      expected: t([1.5, 0.5, -0.5, -1.5], [2, 2]),
    },
    {
      name: 'broadcast row [2,3] and [3]',
      inputs: { x: t([1, 2, 3, -1, -2, -3], [2, 3]), y: t([2, 2, 2]) },
      expected: t([1, 0, 1, 1, 0, 1], [2, 3]),
    },
    { name: 'scalar and tensor', inputs: { x: scalar(10), y: t([3, -3, 0.75]) }, expected: t([1, -2, 0.25]) },
    {
      name: 'size-1 dims [2,1] and [1,1,2]',
      inputs: { x: t([5, -5], [2, 1]), y: t([2, 3], [1, 1, 2]) },
      expected: t([1, 2, 1, 1], [1, 2, 2]),
    },
    {
      name: 'float64',
      inputs: { x: t([5.25, -5.25], [2], 'float64'), y: t([-2, -2], [2], 'float64') },
      expected: t([-0.75, -1.25], [2], 'float64'),
    },
    {
      name: 'int32 takes the sign of the divisor',
      inputs: { x: t([7, -7, 7, -7, 6], [5], 'int32'), y: t([3, 3, -3, -3, 3], [5], 'int32') },
      expected: t([1, 2, -2, -1, 0], [5], 'int32'),
    },
    {
      name: 'int32 extremes',
      inputs: { x: t([-2147483648, 2147483647, -2147483648], [3], 'int32'), y: t([-1, -2, 2147483647], [3], 'int32') },
      expected: t([0, -1, 2147483646], [3], 'int32'),
    },
    ...fixtureCases(floorMods, 'FloorMod', ['x', 'y']),
    // fmod semantics: x mod 0 and ±Inf mod y are NaN; a finite x mod ±Inf is x, moved onto the divisor's sign.
    {
      name: 'NaN and ±Inf',
      inputs: { x: t([Number.NaN, 1, Infinity, 5, 1, -1, 1]), y: t([1, Number.NaN, 2, 0, Infinity, Infinity, -Infinity]) },
      expected: t([Number.NaN, Number.NaN, Number.NaN, Number.NaN, 1, Infinity, -Infinity]),
    },
    { name: 'zero-size [0,3] and [3]', inputs: { x: t([], [0, 3]), y: t([1, 2, 3]) }, expected: t([], [0, 3]) },
    {
      name: 'int32 modulo zero is an InvalidArgumentError',
      inputs: { x: t([1, 2], [2], 'int32'), y: scalar(0, 'int32') },
      throws: { type: 'InvalidArgumentError', message: 'Integer division by zero', when: 'run' },
    },
    {
      name: 'incompatible shapes is a ValueError',
      inputs: { x: t([1, 2, 3]), y: t([1, 2]) },
      throws: { type: 'ValueError', message: "(op: 'FloorMod')", when: 'build' },
    },
    { name: 'mixed dtypes is a TypeError', inputs: { x: t([1]), y: t([1], [1], 'int32') }, throws: { type: 'TypeError', when: 'build' } },
    { name: 'bool inputs is a TypeError', inputs: { x: t([true]), y: t([true]) }, throws: { type: 'TypeError', when: 'build' } },
    {
      name: 'grad same shape [2,2]',
      inputs: { x: t([2.7, -1.9, 0.45, 3.3], [2, 2]), y: t([0.8, 1.3, -0.7, 1.9], [2, 2]) },
      gradCheck: true,
    },
    {
      name: 'grad broadcast [2,3] and [3]',
      inputs: { x: t([0.3, 1.7, -2.3, 3.1, -0.9, 2.6], [2, 3]), y: t([0.7, 1.3, -1.1]) },
      gradCheck: true,
    },
    { name: 'grad broadcast [2,1] and [1,3]', inputs: { x: t([1.3, -2.9], [2, 1]), y: t([0.7, -1.6, 2.2], [1, 3]) }, gradCheck: true },
    { name: 'grad scalar and [2,2]', inputs: { x: scalar(5.3), y: t([1.7, -2.1, 0.9, -0.45], [2, 2]) }, gradCheck: true },
  ],
});
