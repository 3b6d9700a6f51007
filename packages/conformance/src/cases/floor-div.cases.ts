import * as tf from '@tf/graph';
import { opDef } from '@tf/graph/backend';
import floorDivs from '../../fixtures/floor-div.json' with { type: 'json' };
import { defineCases, fixtureCases, scalar, t } from '../case.js';
import { rawOp } from './helpers.js';

// TF's float FloorDiv is `floor(x / y)` of the quotient rounded to the dtype, so `1 // 0.1` is 10
// (Python says 9). TF registers its gradient as `(None, None)`: nothing flows back, which the
// gradient checks confirm away from the jumps (every x/y there is at least 0.09 from an integer).
export default defineCases({
  op: 'FloorDiv',
  build: ({ x, y }, { raw }) => (raw ? rawOp(opDef('FloorDiv'), [x, y])[0]! : tf.floorDiv(x, y)),
  cases: [
    { name: 'basic', inputs: { x: t([7, -7, 7, -7], [2, 2]), y: t([2, 2, -2, -2], [2, 2]) }, expected: t([3, -4, -4, 3], [2, 2]) },
    {
      name: 'broadcast row [2,3] and [3]',
      inputs: { x: t([1, 2, 3, -1, -2, -3], [2, 3]), y: t([2, 2, 2]) },
      expected: t([0, 1, 1, -1, -1, -2], [2, 3]),
    },
    { name: 'scalar and tensor', inputs: { x: scalar(10), y: t([3, -3, 0.5]) }, expected: t([3, -4, 20]) },
    {
      name: 'size-1 dims [2,1] and [1,1,2]',
      inputs: { x: t([5, -5], [2, 1]), y: t([2, 3], [1, 1, 2]) },
      expected: t([2, 1, -3, -2], [1, 2, 2]),
    },
    { name: 'float32 floors the rounded quotient', inputs: { x: scalar(1), y: scalar(0.1) }, expected: scalar(10) },
    { name: 'float64', inputs: { x: t([7.5, -7.5], [2], 'float64'), y: t([2, 2], [2], 'float64') }, expected: t([3, -4], [2], 'float64') },
    {
      name: 'int32 floors toward -Inf',
      inputs: { x: t([7, -7, 7, -7, 0, -1], [6], 'int32'), y: t([2, 2, -2, -2, 5, 3], [6], 'int32') },
      expected: t([3, -4, -4, 3, 0, -1], [6], 'int32'),
    },
    {
      name: 'int32 extremes',
      inputs: { x: t([2147483647, -2147483648], [2], 'int32'), y: t([2, 3], [2], 'int32') },
      expected: t([1073741823, -715827883], [2], 'int32'),
    },
    ...fixtureCases(floorDivs, 'FloorDiv', ['x', 'y']),
    {
      name: 'float division by zero gives ±Inf and NaN',
      inputs: { x: t([1, -1, 0]), y: scalar(0) },
      expected: t([Infinity, -Infinity, Number.NaN]),
    },
    {
      name: 'NaN and ±Inf',
      inputs: { x: t([Number.NaN, 1, Infinity, 1, -1]), y: t([1, Number.NaN, 2, Infinity, Infinity]) },
      expected: t([Number.NaN, Number.NaN, Infinity, 0, -0]),
    },
    { name: 'zero-size [0,3] and [3]', inputs: { x: t([], [0, 3]), y: t([1, 2, 3]) }, expected: t([], [0, 3]) },
    {
      name: 'int32 zero-size with a zero divisor',
      inputs: { x: t([], [0], 'int32'), y: t([0], [1], 'int32') },
      expected: t([], [0], 'int32'),
    },
    {
      name: 'int32 division by zero is an InvalidArgumentError',
      inputs: { x: t([1, 2], [2], 'int32'), y: t([1, 0], [2], 'int32') },
      throws: { type: 'InvalidArgumentError', message: 'Integer division by zero', when: 'run' },
    },
    {
      name: 'incompatible shapes is a ValueError',
      inputs: { x: t([1, 2, 3]), y: t([1, 2]) },
      throws: { type: 'ValueError', message: "(op: 'FloorDiv')", when: 'build' },
    },
    {
      name: 'incompatible shapes at run time is an InvalidArgumentError',
      inputs: { x: t([1, 2, 3]), y: t([1, 2]) },
      placeholders: 'unknown-dims',
      throws: { type: 'InvalidArgumentError', message: 'Incompatible shapes: [3] vs. [2]', when: 'run' },
    },
    { name: 'mixed dtypes is a TypeError', inputs: { x: t([1]), y: t([1], [1], 'int32') }, throws: { type: 'TypeError', when: 'build' } },
    { name: 'bool inputs is a TypeError', inputs: { x: t([true]), y: t([true]) }, throws: { type: 'TypeError', when: 'build' } },
    {
      name: 'raw op with mixed dtypes is a TypeError',
      inputs: { x: t([1]), y: t([1], [1], 'int32') },
      attrs: { raw: true },
      throws: { type: 'TypeError', message: "of 'FloorDiv' Op has type int32", when: 'build' },
    },
    {
      name: 'grad is zero broadcast [2,3] and [3]',
      inputs: { x: t([0.3, 1.7, -2.3, 3.1, -0.9, 2.6], [2, 3]), y: t([0.7, 1.3, -1.1]) },
      gradCheck: true,
    },
    { name: 'grad is zero [2,1] and [1,3]', inputs: { x: t([1.3, -2.9], [2, 1]), y: t([0.7, -1.6, 2.2], [1, 3]) }, gradCheck: true },
    { name: 'grad is zero scalar and [2,2]', inputs: { x: scalar(5.3), y: t([1.7, -2.1, 0.9, -0.45], [2, 2]) }, gradCheck: true },
  ],
});
