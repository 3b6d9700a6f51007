import * as tf from '@tf/graph';

// Helpers for the array-op case files (Transpose, Pad, Slice, ConcatV2, GatherV2, …), whose
// shape-like arguments (perm, paddings, begin, axis) are int32 host inputs.

/**
 * A shape-like argument as an int32 constant, so shape inference sees its value while the graph
 * is built (errors are ValueErrors). With `atRunTime` it goes through a PlaceholderWithDefault of
 * unknown dims instead, so the op sees the value only when the session runs (errors are then
 * InvalidArgumentErrors, and gradients take their run-time paths). `shape` overrides the shape of
 * the constant (an empty `[0, 2]` paddings matrix).
 */
export function hostArg(value: tf.NestedArray, atRunTime = false, shape?: readonly number[]): tf.Tensor {
  const constant = tf.constant(value, 'int32', shape);
  if (!atRunTime) return constant;
  return tf.placeholderWithDefault(
    constant,
    constant.shape!.map(() => null),
  );
}
