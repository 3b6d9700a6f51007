import * as tf from '@tf/graph';
import { opDef } from '@tf/graph/backend';
import { defineCases, randomData, scalar, t } from '../case.js';
import { rawOp } from './helpers.js';

// AddN is variadic: `build` passes every input, in order. Its inputs must agree in shape (no
// broadcasting) and dtype. `tf.addN([x])` returns `x` itself, as TF's `add_n` does, so the
// one-input case creates the op directly (attrs.raw). Cases differ in arity, so input names are
// typed as plain strings.
export default defineCases<string>({
  op: 'AddN',
  build: (inputs, { raw }) => (raw ? rawOp(opDef('AddN'), Object.values(inputs))[0]! : tf.addN(Object.values(inputs))),
  cases: [
    {
      name: 'three inputs',
      inputs: { a: t([1, 2, 3, 4], [2, 2]), b: t([10, 20, 30, 40], [2, 2]), c: t([100, 200, 300, 400], [2, 2]) },
      expected: t([111, 222, 333, 444], [2, 2]),
    },
    { name: 'two inputs', inputs: { a: t([1.5, -2]), b: t([0.25, 2]) }, expected: t([1.75, 0]) },
    {
      // More inputs than a backend binds at once (WebGPU sums them in chunks of 6): every one counts, in order.
      name: 'thirteen inputs',
      inputs: Object.fromEntries(Array.from({ length: 13 }, (_, k) => [`x${k}`, t([2 ** k, -k, 0.5], [3])])),
      expected: t([2 ** 13 - 1, -78, 6.5], [3]),
    },
    { name: 'one input (raw op)', inputs: { a: t([1, 2, 3]) }, attrs: { raw: true }, expected: t([1, 2, 3]) },
    { name: 'scalars', inputs: { a: scalar(1), b: scalar(2), c: scalar(3), d: scalar(4) }, expected: scalar(10) },
    { name: 'size-1 dims', inputs: { a: t([1], [1, 1]), b: t([2], [1, 1]) }, expected: t([3], [1, 1]) },
    {
      name: 'float64',
      inputs: { a: t([0.1], [1], 'float64'), b: t([0.2], [1], 'float64'), c: t([0.3], [1], 'float64') },
      expected: t([0.6000000000000001], [1], 'float64'),
    },
    {
      name: 'int32 (wraps)',
      inputs: { a: t([2147483647, 5], [2], 'int32'), b: t([1, 6], [2], 'int32'), c: t([1, 7], [2], 'int32') },
      expected: t([-2147483647, 18], [2], 'int32'),
    },
    {
      name: 'NaN and ±Inf',
      inputs: { a: t([Number.NaN, Infinity, Infinity, 1]), b: t([1, 1, -Infinity, -Infinity]), c: t([1, Infinity, 1, 1]) },
      expected: t([Number.NaN, Infinity, Number.NaN, -Infinity]),
    },
    { name: 'zero-size', inputs: { a: t([], [0, 3]), b: t([], [0, 3]) }, expected: t([], [0, 3]) },
    {
      name: 'known and unknown dims merge',
      inputs: { a: t([1, 2], [2, 1]), b: t([3, 4], [2, 1]) },
      placeholders: 'unknown-dims',
      expected: t([4, 6], [2, 1]),
    },
    {
      name: 'shape mismatch is a ValueError',
      inputs: { a: t([1, 2, 3]), b: t([1, 2]) },
      throws: { type: 'ValueError', message: /Dimension 0 in both shapes must be equal, but are 3 and 2.*op: 'AddN'/, when: 'build' },
    },
    {
      name: 'no broadcasting: [2,3] and [3] is a ValueError',
      inputs: { a: t([1, 2, 3, 4, 5, 6], [2, 3]), b: t([1, 2, 3]) },
      throws: { type: 'ValueError', message: 'Shapes must be equal rank', when: 'build' },
    },
    {
      name: 'shape mismatch at run time is an InvalidArgumentError',
      inputs: { a: t([1, 2, 3]), b: t([1, 2]) },
      placeholders: 'unknown-dims',
      throws: { type: 'InvalidArgumentError', message: "op: 'AddN'", when: 'run' },
    },
    {
      name: 'mixed dtypes is a TypeError',
      inputs: { a: t([1]), b: t([1], [1], 'int32') },
      throws: { type: 'TypeError', message: "passed to 'inputs' of 'AddN' Op have types [float32, int32]", when: 'build' },
    },
    // An op created without the builder (as a GraphDef import would) is checked too.
    {
      name: 'raw op with mixed dtypes is a TypeError',
      inputs: { a: t([1]), b: t([1], [1], 'int32') },
      attrs: { raw: true },
      throws: { type: 'TypeError', message: "Input 'inputs' of 'AddN' Op has type int32", when: 'build' },
    },
    {
      name: 'raw op with bool inputs is a TypeError',
      inputs: { a: t([true]), b: t([false]) },
      attrs: { raw: true },
      throws: { type: 'TypeError', message: 'DataType bool not in list of allowed values', when: 'build' },
    },
    { name: 'bool inputs is a TypeError', inputs: { a: t([true]), b: t([false]) }, throws: { type: 'TypeError', when: 'build' } },
    {
      name: 'grad three inputs [3,4]',
      inputs: { a: randomData([3, 4], { seed: 511 }), b: randomData([3, 4], { seed: 512 }), c: randomData([3, 4], { seed: 513 }) },
      gradCheck: true,
    },
    { name: 'grad scalars', inputs: { a: scalar(0.5), b: scalar(-1.25) }, gradCheck: true },
    {
      name: 'grad size-1 dims [1,3,1]',
      inputs: { a: randomData([1, 3, 1], { seed: 514 }), b: randomData([1, 3, 1], { seed: 515 }) },
      gradCheck: true,
    },
    {
      name: 'grad with unknown dims',
      inputs: { a: randomData([2, 2], { seed: 516 }), b: randomData([2, 2], { seed: 517 }) },
      placeholders: 'unknown-dims',
      gradCheck: true,
    },
  ],
});
