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
  if (spec.size > 0 && spec.size % 4 === 0) return inPlaceVec4Program(spec);
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
 * The same update over four consecutive elements per invocation: state and operands move as
 * `vec4`s (one load and one store each instead of four, which is what an update costs on CPU
 * implementations of WebGPU such as SwiftShader), and the body runs once per lane, in its own
 * block, on `<name>_4.<lane>` where it said `<name>[i]`: the scalar program's arithmetic exactly.
 */
function inPlaceVec4Program(spec: InPlaceSpec): Program {
  const wide = (t: TensorLike) => ({ shape: [t.storage.size / 4], components: 4 as const });
  const state = spec.state.map(([name, t]) => outputVariable(name, t, wide(t)));
  const operands = spec.operands.map(([name, t]) => inputVariable(name, t, wide(t)));
  const scalars = spec.scalars ? [inputVariable('scalars', spec.scalars, { shape: [spec.scalars.storage.size] })] : [];
  const names = [...spec.state, ...spec.operands].map(([name]) => name);
  const lane = (l: string) => names.reduce((body, name) => body.replace(new RegExp(`\\b${name}\\[i\\]`, 'g'), `${name}_4.${l}`), spec.body);
  return {
    name: spec.name,
    cacheKey: `${spec.key}:v4`,
    variables: [...state, ...operands, ...scalars],
    uniforms: [{ name: 'total', type: 'u32', value: spec.size / 4 }],
    dispatch: { invocations: spec.size / 4 },
    getShaderSource: (shader) => `${shader.mainStart()}
  let j = global_idx;
  if (j >= ${shader.uniform('total')}) { return; }
${state.map((v) => `  var ${v.name}_4 = ${v.name}[j];`).join('\n')}
${operands.map((v) => `  let ${v.name}_4 = ${v.name}[j];`).join('\n')}
${['x', 'y', 'z', 'w'].map((l) => `  {\n${lane(l)}\n  }`).join('\n')}
${state.map((v) => `  ${v.name}[j] = ${v.name}_4;`).join('\n')}
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
