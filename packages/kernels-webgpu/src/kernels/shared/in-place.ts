import { InternalError } from '@tf/graph';
import type { GpuStorage } from '../../buffer-pool.js';
import type { Program } from '../../program.js';
import { inputVariable, outputVariable, type TensorLike } from '../../shader/tensor-variable.js';
import type { GpuCall, GpuContext, GpuTensor } from './types.js';

export interface InPlaceSpec {
  readonly name: string;
  readonly key: string;
  /** Tensors updated in place (bound read_write), each of `size` elements, by WGSL name. */
  readonly state: readonly (readonly [string, TensorLike])[];
  /** Elementwise read-only operands of the same size, by WGSL name. */
  readonly operands: readonly (readonly [string, TensorLike])[];
  /** Read-only scalars packed into one buffer (see `packScalars`), read as `scalars[k]`. */
  readonly scalars?: TensorLike;
  readonly size: number;
  /** WGSL statements for element `i` (a `u32` in scope). */
  readonly body: string;
}

/**
 * A program that updates state in place, one invocation per element: the ref ops (AssignAdd)
 * and the training ops (ApplyAdam updates var, m and v). Each state tensor is bound once, as
 * read_write, so reading and writing it in one dispatch is valid WebGPU.
 */
export function inPlaceProgram(spec: InPlaceSpec): Program {
  const flat = (t: TensorLike) => ({ shape: [t.storage.size] });
  const state = spec.state.map(([name, t]) => outputVariable(name, t, flat(t)));
  const operands = spec.operands.map(([name, t]) => inputVariable(name, t, flat(t)));
  const scalars = spec.scalars ? [inputVariable('scalars', spec.scalars, flat(spec.scalars))] : [];
  return {
    name: spec.name,
    cacheKey: spec.key,
    variables: [...state, ...operands, ...scalars],
    uniforms: [{ name: 'total', type: 'u32', value: spec.size }],
    dispatch: { invocations: spec.size },
    getShaderSource: (shader) => `${shader.mainStart()}
  let i = global_idx;
  if (i >= ${shader.uniform('total')}) { return; }
${spec.body}
}`,
  };
}

/**
 * Copies 0-d tensors (hyperparameters such as lr, beta1) side by side into one temporary buffer,
 * so a kernel binds one buffer instead of six (WebGPU allows only 8 storage buffers per stage).
 * The caller releases it after recording the dispatch.
 */
export function packScalars(call: GpuCall, gpu: GpuContext, scalars: readonly GpuTensor[]): GpuStorage {
  const dtype = scalars[0]?.dtype ?? 'float32';
  const packed = gpu.temp(dtype, scalars.length);
  scalars.forEach((s, k) => {
    if (s.storage.size !== 1) {
      throw new InternalError(`${call.type} '${call.name}': expected a scalar, got ${s.storage.size} elements`, call.name);
    }
    gpu.copy(s.storage, packed, { bytes: 4, dstOffset: 4 * k });
  });
  return packed;
}

/**
 * Ref ops get the variable's storage as input 0 and output 0. If an executor ever passes two
 * buffers, start the output from the input's value, then update the output in place.
 */
export function stateInOutput(call: GpuCall, gpu: GpuContext, inputIndex: number, out: GpuTensor): GpuTensor {
  const ref = call.inputs[inputIndex]!;
  if (ref.storage.buffer !== out.storage.buffer) gpu.copy(ref.storage, out.storage, { bytes: out.storage.byteLength });
  return out;
}
