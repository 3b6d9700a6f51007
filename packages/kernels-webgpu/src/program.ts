import { InternalError, ResourceExhaustedError } from '@tf/graph';
import { BYTES_PER_ELEMENT } from './gpu-dtype.js';
import { ShaderHelper, UniformLayout, type UniformValue } from './shader/shader-helper.js';
import type { TensorVariable } from './shader/tensor-variable.js';

/**
 * How many workgroups to launch:
 * - `{ invocations: n }`: enough workgroups for `n` invocations (`global_idx` in `[0, n)` plus
 *   the tail of the last workgroup, which the kernel must guard against);
 * - `{ workgroups: n }`: `n` workgroups, one per `workgroup_index`.
 * Both are split over x and y when `n` workgroups exceed `maxComputeWorkgroupsPerDimension`;
 * `global_idx`/`workgroup_index` hide the split.
 * - `{ grid: [x, y, z] }`: exactly this grid (tiled kernels that use `workgroup_id` directly).
 */
export type Dispatch =
  | { readonly invocations: number }
  | { readonly workgroups: number }
  | { readonly grid: readonly [number, number, number] };

/**
 * One compute dispatch (ONNX Runtime Web's ProgramInfo). Built by a kernel on every call; the
 * compile-time part (`getShaderSource`) runs only when the pipeline cache misses.
 */
export interface Program {
  /** Program family, e.g. `Unary`, `MatMul`. */
  readonly name: string;
  /**
   * Everything that changes the WGSL source beyond what the manager adds by itself (each
   * variable's WGSL type, access and rank, the uniform layout, the workgroup size): e.g. the op
   * (`Relu`), a reduction strategy. Never shapes: those are uniforms.
   */
  readonly cacheKey: string;
  /** Storage bindings, in binding order. */
  readonly variables: readonly TensorVariable[];
  /** Uniforms beyond the variables' shapes and strides. */
  readonly uniforms?: readonly UniformValue[];
  /** Defaults to 64 invocations along x. */
  readonly workgroupSize?: number | readonly [number, number, number];
  readonly dispatch: Dispatch;
  /** The body of the shader, from `shader.mainStart()` to the closing brace of `main`. */
  getShaderSource(shader: ShaderHelper): string;
}

/** What ran the kernel, for error messages. */
export interface OpRef {
  readonly type: string;
  readonly name: string;
}

export interface CachedPipeline {
  readonly key: string;
  readonly pipeline: GPUComputePipeline;
  readonly layout: GPUBindGroupLayout;
  readonly source: string;
  /** Resolves to the shader's compile/validation error, if any. */
  readonly error: Promise<GPUError | null>;
  /** Set once `error` settled with an error. */
  failure?: GPUError;
}

/** Normalised workgroup size. */
export function workgroupSizeOf(program: Program): [number, number, number] {
  const size = program.workgroupSize ?? 64;
  return typeof size === 'number' ? [size, 1, 1] : [size[0], size[1], size[2]];
}

/** The full pipeline cache key: the program's own key plus everything the manager bakes into the source. */
export function fullCacheKey(program: Program, layout: UniformLayout, workgroupSize: readonly number[]): string {
  const vars = program.variables
    .map((v) => `${v.name}:${v.components === 4 ? 'vec4' : ''}${v.type}:${v.access === 'read' ? 'r' : 'rw'}:${v.rank}`)
    .join('|');
  return `${program.name}[${program.cacheKey}]:wg=${workgroupSize.join('x')}:${vars}:u=${layout.signature}`;
}

/**
 * Workgroup counts for a dispatch within the device's limits. A 1-D count above
 * `maxComputeWorkgroupsPerDimension` becomes a 2-D grid (`x * y >= n`; the extra workgroups
 * exit on the kernel's bounds check); beyond the square of the limit it is a typed error.
 */
export function dispatchGrid(
  dispatch: Dispatch,
  workgroupInvocations: number,
  limits: GPUSupportedLimits,
  op: OpRef,
): [number, number, number] {
  const max = limits.maxComputeWorkgroupsPerDimension;
  if ('grid' in dispatch) {
    const [x, y, z] = dispatch.grid;
    if (x > max || y > max || z > max) {
      throw new ResourceExhaustedError(
        `${op.type} '${op.name}' needs a dispatch of [${x}, ${y}, ${z}] workgroups; this device allows at most ${max} per dimension ` +
          '(maxComputeWorkgroupsPerDimension). Split the tensor or run the op on the CPU.',
        op.name,
      );
    }
    return [x, y, z];
  }
  const count = 'invocations' in dispatch ? Math.ceil(dispatch.invocations / workgroupInvocations) : dispatch.workgroups;
  if (count <= max) return [count, 1, 1];
  const y = Math.ceil(count / max);
  if (y > max) {
    throw new ResourceExhaustedError(
      `${op.type} '${op.name}' needs ${count} workgroups, more than ${max}×${max} (maxComputeWorkgroupsPerDimension squared). ` +
        'Split the tensor or run the op on the CPU.',
      op.name,
    );
  }
  return [Math.ceil(count / y), y, 1];
}

/** Rejects bindings larger than `maxStorageBufferBindingSize` before WebGPU turns them into a validation error. */
export function checkBindingSizes(program: Program, limits: GPUSupportedLimits, op: OpRef): void {
  const max = limits.maxStorageBufferBindingSize;
  if (program.variables.length > limits.maxStorageBuffersPerShaderStage) {
    throw new InternalError(
      `${program.name} for ${op.type} '${op.name}' binds ${program.variables.length} storage buffers; the device allows ${limits.maxStorageBuffersPerShaderStage}`,
      op.name,
    );
  }
  for (const v of program.variables) {
    if (v.storage.byteLength > max) {
      throw new ResourceExhaustedError(
        `${op.type} '${op.name}': tensor '${v.name}' of ${v.storage.size} elements (${v.storage.byteLength} bytes) is larger than ` +
          `this device's maxStorageBufferBindingSize of ${max} bytes (${Math.floor(max / BYTES_PER_ELEMENT)} elements). ` +
          'Split the tensor or run the op on the CPU.',
        op.name,
      );
    }
  }
}

/** Creates the shader module and pipeline for a cache miss, inside a validation error scope. */
export function compileProgram(
  device: GPUDevice,
  program: Program,
  layout: UniformLayout,
  workgroupSize: [number, number, number],
  key: string,
): CachedPipeline {
  const helper = new ShaderHelper(program.variables, layout, workgroupSize);
  const body = program.getShaderSource(helper);
  const source = `${helper.header()}\n\n${body}\n`;
  const entries: GPUBindGroupLayoutEntry[] = program.variables.map((v, binding) => ({
    binding,
    visibility: 0x4, // GPUShaderStage.COMPUTE
    buffer: { type: v.access === 'read' ? 'read-only-storage' : 'storage' },
  }));
  entries.push({ binding: program.variables.length, visibility: 0x4, buffer: { type: 'uniform' } });
  device.pushErrorScope('validation');
  const bindGroupLayout = device.createBindGroupLayout({ entries, label: key });
  const module = device.createShaderModule({ code: source, label: key });
  const pipeline = device.createComputePipeline({
    layout: device.createPipelineLayout({ bindGroupLayouts: [bindGroupLayout] }),
    compute: { module, entryPoint: 'main' },
    label: key,
  });
  const error = device.popErrorScope();
  const cached: CachedPipeline = { key, pipeline, layout: bindGroupLayout, source, error };
  error.then(
    (e) => {
      if (e) cached.failure = e;
    },
    () => {},
  );
  return cached;
}

export { UniformLayout };
