import { wrapAxis } from '../shape.js';
import type { KernelCall, KernelTensor } from '../backend.js';
import type { TypedArray } from '../dtype.js';
import { InternalError, InvalidArgumentError } from '../errors.js';

// What every backend's kernels read from a call: its inputs and outputs, the values of host
// inputs, and axes, with the errors TF gives (or an InternalError for an executor bug).

/** Input `i` of a call; the executor guarantees arity, so a missing one is an executor bug. */
export function input<S>(call: KernelCall<S, unknown>, i: number): KernelTensor<S> {
  const t = call.inputs[i];
  if (t === undefined) throw new InternalError(`${call.type} kernel for '${call.name}' is missing input ${i}`, call.name);
  return t;
}

/** Output `i` of a call; a missing one is an executor bug. */
export function output<S>(call: KernelCall<S, unknown>, i: number): KernelTensor<S> {
  const t = call.outputs[i];
  if (t === undefined) throw new InternalError(`${call.type} kernel for '${call.name}' is missing output ${i}`, call.name);
  return t;
}

/**
 * The value of host input `i` (a shape, axes), which the executor passes in `hostValues`. A
 * backend whose storage is host memory passes `fromStorage` to read the input's own storage when
 * a caller leaves the value out; without it a missing value is an executor bug.
 */
export function hostInput<S>(call: KernelCall<S, unknown>, i: number, fromStorage?: (storage: S) => TypedArray): TypedArray {
  const value = call.hostValues[i];
  if (value !== undefined) return value;
  if (fromStorage !== undefined) return fromStorage(input(call, i).storage);
  throw new InternalError(
    `${call.type} '${call.name}': host input ${i} has no value; the executor must pass host inputs in hostValues`,
    call.name,
  );
}

/** `axis` in `[-rank, rank)` mapped into `[0, rank)`; out-of-range axes are TF's InvalidArgument. */
export function normalizeKernelAxis(call: KernelCall<unknown, unknown>, axis: number, rank: number): number {
  if (!Number.isInteger(axis) || axis < -rank || axis >= rank) {
    throw new InvalidArgumentError(`Invalid dimension ${axis} for input with ${rank} dimensions`, call.name);
  }
  return wrapAxis(axis, rank);
}

/** A reporter for the graph's validation helpers (checkPermutation, reverseAxes): TF's InvalidArgument, naming the op. */
export function failWith(call: KernelCall<unknown, unknown>): (message: string) => never {
  return (message: string): never => {
    throw new InvalidArgumentError(message, call.name);
  };
}
