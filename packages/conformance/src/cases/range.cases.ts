import * as tf from '@tf/graph';
import { defineCases, ints, t } from '../case.js';

/** `count` float32 values from `start`, each the previous plus `delta` in float32 (TF's CPU kernel accumulates). */
function accumulated(start: number, delta: number, count: number): number[] {
  const values: number[] = [];
  for (let v = Math.fround(start), i = 0; i < count; i++, v = Math.fround(v + Math.fround(delta))) values.push(v);
  return values;
}

/**
 * `tf.range(start, limit?, delta?, dtype?)` from attrs (`args`: the positional arguments). With
 * `atRunTime` the arguments go through PlaceholderWithDefault, so the checks happen in the kernel.
 */
export default defineCases({
  op: 'Range',
  build: (_inputs, { args, dtype, atRunTime = false }) => {
    const values = (args as (number | undefined)[]).map((v) =>
      v === undefined || !atRunTime
        ? v
        : tf.placeholderWithDefault(tf.constant(v, Number.isInteger(v) && !dtype ? 'int32' : (dtype ?? 'float32')), []),
    );
    return tf.range(values[0]!, values[1], values[2] ?? 1, dtype);
  },
  cases: [
    { name: 'range(5)', inputs: {}, attrs: { args: [5] }, expected: ints([0, 1, 2, 3, 4]) },
    { name: 'range(2, 10, 3)', inputs: {}, attrs: { args: [2, 10, 3] }, expected: ints([2, 5, 8]) },
    { name: 'negative delta', inputs: {}, attrs: { args: [5, 1, -2] }, expected: ints([5, 3]) },
    { name: 'negative start', inputs: {}, attrs: { args: [-3, 0] }, expected: ints([-3, -2, -1]) },
    { name: 'float delta gives float32', inputs: {}, attrs: { args: [0, 2, 0.5] }, expected: t([0, 0.5, 1, 1.5]) },
    { name: 'float steps off the grid', inputs: {}, attrs: { args: [0, 1, 0.3] }, expected: t([0, 0.3, 0.6, 0.9]) },
    // Bit for bit: the value drifts as float32 sums of delta do, not as start + i·delta would.
    {
      name: 'float32 accumulates delta in float32',
      inputs: {},
      attrs: { args: [0, 1, 0.1] },
      expected: t(accumulated(0, 0.1, 10)),
      tolerance: { rtol: 0, atol: 0 },
    },
    {
      name: 'float64 dtype',
      inputs: {},
      attrs: { args: [1, 2, 0.25], dtype: 'float64' },
      expected: t([1, 1.25, 1.5, 1.75], [4], 'float64'),
    },
    { name: 'float32 dtype for ints', inputs: {}, attrs: { args: [3], dtype: 'float32' }, expected: t([0, 1, 2]) },
    { name: 'empty (start == limit)', inputs: {}, attrs: { args: [3, 3] }, expected: ints([], [0]) },
    { name: 'range(0) is empty', inputs: {}, attrs: { args: [0] }, expected: ints([], [0]) },
    { name: 'arguments at run time', inputs: {}, attrs: { args: [1, 7, 2], atRunTime: true }, expected: ints([1, 3, 5]) },
    {
      name: 'start > limit with delta > 0 is a ValueError',
      inputs: {},
      attrs: { args: [5, 1] },
      throws: { type: 'ValueError', message: /Requires start <= limit when delta > 0: 5\/1.*op: 'Range'/, when: 'build' },
    },
    {
      name: 'start < limit with delta < 0 is a ValueError',
      inputs: {},
      attrs: { args: [1, 5, -1] },
      throws: { type: 'ValueError', message: 'Requires start >= limit when delta < 0: 1/5', when: 'build' },
    },
    {
      name: 'delta 0 is a ValueError',
      inputs: {},
      attrs: { args: [0, 5, 0] },
      throws: { type: 'ValueError', message: 'Requires delta != 0: 0', when: 'build' },
    },
    {
      name: 'start > limit at run time is an InvalidArgumentError',
      inputs: {},
      attrs: { args: [5, 1, 1], atRunTime: true },
      throws: { type: 'InvalidArgumentError', message: 'Requires start <= limit when delta > 0: 5/1', when: 'run' },
    },
    {
      name: 'delta 0 at run time is an InvalidArgumentError',
      inputs: {},
      attrs: { args: [0, 5, 0], atRunTime: true },
      throws: { type: 'InvalidArgumentError', message: 'Requires delta != 0: 0', when: 'run' },
    },
    { name: 'bool dtype is a TypeError', inputs: {}, attrs: { args: [3], dtype: 'bool' }, throws: { type: 'TypeError', when: 'build' } },
  ],
});
