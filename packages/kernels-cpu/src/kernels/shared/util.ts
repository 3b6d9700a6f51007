import { InternalError, InvalidArgumentError, type TypedArray } from '@tf/graph';
import type { CpuCall, CpuTensor } from './types.js';

/** Input `i` of a call; the executor guarantees arity, so a missing one is an executor bug. */
export function input(call: CpuCall, i: number): CpuTensor {
  const t = call.inputs[i];
  if (t === undefined) throw new InternalError(`${call.type} kernel for '${call.name}' is missing input ${i}`, call.name);
  return t;
}

export function output(call: CpuCall, i: number): CpuTensor {
  const t = call.outputs[i];
  if (t === undefined) throw new InternalError(`${call.type} kernel for '${call.name}' is missing output ${i}`, call.name);
  return t;
}

/**
 * The value of a host input (a shape, axes): the executor passes it in `hostValues`, but the
 * storage of a CPU tensor is the same data, so fall back to it when a caller leaves it out.
 */
export function hostInput(call: CpuCall, i: number): TypedArray {
  return call.hostValues[i] ?? input(call, i).storage;
}

/** Copies `src` into `dst` unless the executor forwarded one buffer as both (Identity, Reshape). */
export function copyInto(call: CpuCall, dst: TypedArray, src: TypedArray): void {
  if (dst === src) return;
  if (dst.length !== src.length) {
    throw new InternalError(
      `${call.type} kernel for '${call.name}' got an output of ${dst.length} elements for ${src.length} input elements`,
      call.name,
    );
  }
  dst.set(src);
}

/** `axis` in `[-rank, rank)` mapped into `[0, rank)`; out-of-range axes are TF's InvalidArgument. */
export function normalizeKernelAxis(call: CpuCall, axis: number, rank: number): number {
  if (!Number.isInteger(axis) || axis < -rank || axis >= rank) {
    throw new InvalidArgumentError(`Invalid dimension ${axis} for input with ${rank} dimensions`, call.name);
  }
  return axis < 0 ? axis + rank : axis;
}

/** Reports a host-side validation failure (checkPermutation, reverseAxes) as the op's InvalidArgumentError. */
export function failWith(call: CpuCall) {
  return (message: string): never => {
    throw new InvalidArgumentError(message, call.name);
  };
}
