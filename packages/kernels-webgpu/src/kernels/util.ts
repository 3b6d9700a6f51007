import { InternalError, InvalidArgumentError, stridesOf, type TypedArray } from '@tf/graph';
import type { GpuCall, GpuTensor } from './types.js';

/** Input `i` of a call; the executor guarantees arity, so a missing one is an executor bug. */
export function input(call: GpuCall, i: number): GpuTensor {
  const t = call.inputs[i];
  if (t === undefined) throw new InternalError(`${call.type} kernel for '${call.name}' is missing input ${i}`, call.name);
  return t;
}

export function output(call: GpuCall, i: number): GpuTensor {
  const t = call.outputs[i];
  if (t === undefined) throw new InternalError(`${call.type} kernel for '${call.name}' is missing output ${i}`, call.name);
  return t;
}

/**
 * The value of host input `i` (a shape, axes). WebGPU storage cannot be read synchronously, so
 * the executor must pass it in `hostValues`.
 */
export function hostInput(call: GpuCall, i: number): TypedArray {
  const value = call.hostValues[i];
  if (value === undefined) {
    throw new InternalError(
      `${call.type} '${call.name}': host input ${i} has no value; the executor must pass host inputs in hostValues`,
      call.name,
    );
  }
  return value;
}

/** `axis` in `[-rank, rank)` mapped into `[0, rank)`; out of range is TF's InvalidArgument. */
export function normalizeKernelAxis(call: GpuCall, axis: number, rank: number): number {
  if (!Number.isInteger(axis) || axis < -rank || axis >= rank) {
    throw new InvalidArgumentError(`Invalid dimension ${axis} for input with ${rank} dimensions`, call.name);
  }
  return axis < 0 ? axis + rank : axis;
}

export function product(dims: readonly number[]): number {
  let n = 1;
  for (const d of dims) n *= d;
  return n;
}

/**
 * The strides of a value of shape `shape` read as if it had `outShape` (NumPy broadcasting:
 * shapes align on the right; a missing or size-1 dim repeats, so its stride is 0).
 */
export function broadcastStrides(shape: readonly number[], outShape: readonly number[]): number[] {
  const own = stridesOf(shape);
  const lead = outShape.length - shape.length;
  return outShape.map((_, i) => (i < lead || shape[i - lead] === 1 ? 0 : own[i - lead]!));
}

/** An iteration over `dims` where operand `k` advances `strides[k][d]` elements per step of dim `d`. */
export interface StridedPlan {
  readonly dims: number[];
  readonly strides: number[][];
}

/**
 * Drops size-1 dims and merges neighbours that every operand walks contiguously (the CPU
 * kernels' `planStrided`): `[A,B,C] + [A,B,C]` becomes rank 1, `[N,C] + [C]` stays rank 2. Fewer
 * dims mean less index arithmetic per element and fewer distinct pipelines (rank is in the key).
 */
export function planStrided(dims: readonly number[], strides: readonly (readonly number[])[]): StridedPlan {
  const outDims: number[] = [];
  const outStrides: number[][] = strides.map(() => []);
  for (let d = 0; d < dims.length; d++) {
    const size = dims[d]!;
    if (size === 1) continue;
    const last = outDims.length - 1;
    if (last >= 0 && strides.every((s, k) => outStrides[k]![last] === s[d]! * size)) {
      outDims[last] = outDims[last]! * size;
      strides.forEach((s, k) => (outStrides[k]![last] = s[d]!));
      continue;
    }
    outDims.push(size);
    strides.forEach((s, k) => outStrides[k]!.push(s[d]!));
  }
  return { dims: outDims, strides: outStrides };
}
