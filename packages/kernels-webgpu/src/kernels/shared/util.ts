import { InternalError, InvalidArgumentError, type TypedArray } from '@tf/graph';
import type { Program } from '../../program.js';
import type { ShaderHelper } from '../../shader/shader-helper.js';
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

// Shared with the CPU kernels.
export { broadcastStrides, planStrided, type StridedPlan } from '@tf/graph';

/** A program with one invocation per element, `total` of them; see `perElementProgram`. */
export interface PerElementSpec extends Omit<Program, 'dispatch' | 'getShaderSource'> {
  readonly total: number;
  /** The shader after `main`'s bounds check on `global_idx`, up to `main`'s closing brace. */
  body(shader: ShaderHelper): string;
}

/**
 * A program with one invocation per element of `total`: the `total` uniform (first, before the
 * spec's), the dispatch, and `main`'s start and bounds check are added to the spec's body.
 */
export function perElementProgram(spec: PerElementSpec): Program {
  const { total, body, uniforms = [], ...program } = spec;
  return {
    ...program,
    uniforms: [{ name: 'total', type: 'u32', value: total }, ...uniforms],
    dispatch: { invocations: total },
    getShaderSource: (shader) => `${shader.mainStart()}
  if (global_idx >= ${shader.uniform('total')}) { return; }
${body(shader)}`,
  };
}
