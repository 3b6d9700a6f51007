import * as tf from '@tf/graph';
import { type CaseAttrs, defineCases, ints, randomData, scalar, t, type TensorData } from '../case.js';
import { hostArg } from './array-helpers.js';

type Input = 'i0' | 'i1' | 'i2' | 'd0' | 'd1' | 'd2';

/**
 * A case's N ≤ 3 pairs as inputs `i0…i2` (indices) and `d0…d2` (data), with attr `count` = N; the
 * pairs past N are fed but unused (int32, so no gradient check or agreement run draws them).
 */
function stitch(indices: readonly TensorData[], data: readonly TensorData[], attrs: CaseAttrs = {}) {
  const unused = ints([0]);
  const inputs = {} as Record<Input, TensorData>;
  for (let m = 0; m < 3; m++) {
    inputs[`i${m}` as Input] = indices[m] ?? unused;
    inputs[`d${m}` as Input] = data[m] ?? unused;
  }
  return { inputs, attrs: { count: indices.length, ...attrs } };
}

/**
 * `tf.dynamicStitch([i0, i1, i2].slice(0, count), [d0, d1, d2].slice(0, count))`. Attrs: `count`;
 * `constIndices`: the indices as int32 constants instead of the fed `i*` (shape inference then
 * sees their values while the graph is built).
 */
export default defineCases({
  op: 'DynamicStitch',
  build: ({ i0, i1, i2, d0, d1, d2 }, { count, constIndices }) => {
    const indices = constIndices ? (constIndices as tf.NestedArray[]).map((v) => hostArg(v)) : [i0, i1, i2].slice(0, count);
    return tf.dynamicStitch(indices, [d0, d1, d2].slice(0, indices.length));
  },
  cases: [
    {
      // TF's documented example.
      name: 'TF example: scalar, vector and matrix indices',
      ...stitch(
        [scalar(6, 'int32'), ints([4, 1]), ints([5, 2, 0, 3], [2, 2])],
        [t([61, 62]), t([41, 42, 11, 12], [2, 2]), t([51, 52, 21, 22, 1, 2, 31, 32], [2, 2, 2])],
      ),
      expected: t([1, 2, 11, 12, 21, 22, 31, 32, 41, 42, 51, 52, 61, 62], [7, 2]),
    },
    {
      // TF's dynamic_partition + dynamic_stitch example: the -1 values stay where they were.
      name: 'TF example: stitching partitions back',
      ...stitch([ints([1, 4]), ints([0, 2, 3, 5])], [t([-1, -1]), t([1.1, 6.2, 5.3, 8.4])]),
      expected: t([1.1, -1, 6.2, 5.3, -1, 8.4]),
    },
    {
      name: 'a later input wins a repeated index',
      ...stitch([ints([0, 1]), ints([1, 2]), ints([2])], [t([1, 2]), t([3, 4]), t([5])]),
      expected: t([1, 3, 5]),
    },
    {
      name: 'a later row wins a repeated index within one input',
      ...stitch([ints([2, 0, 2, 0])], [t([1, 2, 3, 4, 5, 6, 7, 8], [4, 2])]),
      expected: t([7, 8, 0, 0, 5, 6], [3, 2]),
    },
    { name: 'rows no index names are 0', ...stitch([ints([0, 3])], [t([1, 2])]), expected: t([1, 0, 0, 2]) },
    {
      // What TF's Mean gradient stitches: range(rank) with the reduced axes, the input shape with 1s.
      name: 'int32: the shape of a Mean gradient',
      ...stitch([ints([0, 1, 2]), ints([0, 2])], [ints([5, 3, 4]), ints([1, 1])]),
      expected: ints([1, 3, 1]),
    },
    { name: 'bool', ...stitch([ints([1]), ints([0, 2])], [t([true]), t([false, true])]), expected: t([false, true, true]) },
    {
      name: 'constant indices',
      ...stitch([], [t([1, 2, 3, 4], [2, 2]), t([5, 6], [1, 2])], { constIndices: [[2, 0], [1]] }),
      expected: t([3, 4, 5, 6, 1, 2], [3, 2]),
    },
    {
      name: 'unknown dims',
      ...stitch([ints([1, 0]), ints([2])], [t([1, 2, 3, 4], [2, 2]), t([5, 6], [1, 2])]),
      placeholders: 'unknown-dims',
      expected: t([3, 4, 1, 2, 5, 6], [3, 2]),
    },
    {
      name: 'unknown rank',
      ...stitch([ints([1, 0])], [t([1, 2, 3, 4, 5, 6], [2, 3])]),
      placeholders: 'unknown-rank',
      expected: t([4, 5, 6, 1, 2, 3], [2, 3]),
    },
    {
      name: 'zero-size: no indices at all',
      ...stitch([ints([], [0]), ints([], [0])], [t([], [0, 2]), t([], [0, 2])]),
      expected: t([], [0, 2]),
    },
    {
      name: 'zero-size: one empty input',
      ...stitch([ints([], [0]), ints([1, 0])], [t([], [0, 2]), t([1, 2, 3, 4], [2, 2])]),
      expected: t([3, 4, 1, 2], [2, 2]),
    },
    { name: 'zero-size rows', ...stitch([ints([1, 0])], [t([], [2, 0])]), expected: t([], [2, 0]) },
    {
      name: 'negative index is an InvalidArgumentError',
      ...stitch([ints([0, -1])], [t([1, 2])]),
      throws: { type: 'InvalidArgumentError', message: 'indices[0][1] = -1 is out of range', when: 'run' },
    },
    {
      name: 'negative constant index is a ValueError',
      ...stitch([], [t([1, 2])], { constIndices: [[1, -2]] }),
      throws: { type: 'ValueError', message: /indices\[0\]\[1\] = -2 is out of range.*op: 'DynamicStitch'/, when: 'build' },
    },
    {
      name: 'data that does not start with the indices shape is a ValueError',
      ...stitch([ints([0, 1, 2])], [t([1, 2, 3, 4], [2, 2])]),
      throws: { type: 'ValueError', message: 'data[0].shape = [2,2] does not start with indices[0].shape = [3]', when: 'build' },
    },
    {
      name: 'data that does not start with the indices shape at run time is an InvalidArgumentError',
      ...stitch([ints([0, 1, 2])], [t([1, 2, 3, 4], [2, 2])]),
      placeholders: 'unknown-dims',
      throws: { type: 'InvalidArgumentError', message: 'data[0].shape = [2,2] does not start with indices[0].shape = [3]', when: 'run' },
    },
    {
      name: 'different row shapes are a ValueError',
      ...stitch([ints([0]), ints([1])], [t([1, 2], [1, 2]), t([1, 2, 3], [1, 3])]),
      throws: {
        type: 'ValueError',
        message: 'Need data[0].shape[1:] = data[1].shape[1:], got data[0].shape = [1,2], data[1].shape = [1,3]',
        when: 'build',
      },
    },
    { name: 'float indices are a TypeError', ...stitch([t([0])], [t([1])]), throws: { type: 'TypeError', when: 'build' } },
    {
      name: 'data of different dtypes is a TypeError',
      ...stitch([ints([0]), ints([1])], [t([1]), ints([2])]),
      throws: {
        type: 'TypeError',
        message: "Input 'data' of 'DynamicStitch' Op has type int32 that does not match type float32",
        when: 'build',
      },
    },
    {
      name: 'grad [5] from three inputs',
      ...stitch(
        [ints([4, 0]), scalar(2, 'int32'), ints([1, 3])],
        [randomData([2], { seed: 531 }), randomData([], { seed: 532 }), randomData([2], { seed: 533 })],
      ),
      gradCheck: true,
    },
    {
      name: 'grad [4,3] rows with a gap',
      ...stitch([ints([3, 0]), ints([1])], [randomData([2, 3], { seed: 534 }), randomData([1, 3], { seed: 535 })]),
      gradCheck: true,
    },
    {
      name: 'grad [4,2,2] from 2-D indices',
      ...stitch([ints([3, 1, 0, 2], [2, 2])], [randomData([2, 2, 2, 2], { seed: 536 })]),
      gradCheck: true,
    },
    {
      name: 'grad unknown dims',
      ...stitch([ints([1]), ints([0, 2])], [randomData([1, 2], { seed: 537 }), randomData([2, 2], { seed: 538 })]),
      placeholders: 'unknown-dims',
      gradCheck: true,
    },
  ],
});
