import { InternalError, UnimplementedError } from '@tf/graph';
import { getOpDef, hostInputIndices, type KernelCall } from '@tf/graph/backend';
import type { GpuStorage } from './buffer-pool.js';
import type { CommandRecorder } from './command-recorder.js';
import type { ErrorTracker } from './error-tracker.js';
import { BYTES_PER_ELEMENT, unsupportedDType, wgslTypeOf } from './gpu-dtype.js';
import { buildKernelTable } from './kernels/index.js';
import type { GpuContext, GpuKernel } from './kernels/shared/types.js';
import {
  type CachedPipeline,
  checkBindingSizes,
  compileProgram,
  dispatchGrid,
  fullCacheKey,
  type OpRef,
  type Program,
  UniformLayout,
  workgroupSizeOf,
} from './program.js';
import type { TensorStore } from './tensor-store.js';

/**
 * From an op to dispatches: the kernel table (which op types run here), the call a kernel is
 * recording for (named in its errors), and each program's way onto the device: the device's
 * workgroup, dispatch and binding limits, the pipeline cache, the bind group and the dispatch.
 */
export class Dispatcher {
  private readonly kernels: ReadonlyMap<string, GpuKernel> = buildKernelTable();
  private readonly pipelines = new Map<string, CachedPipeline>();
  private op: OpRef | undefined;
  /**
   * Set while `prepare` records a plan's steps to compile their pipelines: `run` compiles and
   * caches a program's pipeline, then returns without recording the dispatch.
   */
  compileOnly = false;

  constructor(
    private readonly device: GPUDevice,
    private readonly errors: ErrorTracker,
    private readonly commands: CommandRecorder,
    private readonly store: TensorStore,
  ) {}

  supports(opType: string): boolean {
    return this.kernels.has(opType);
  }

  /** The op whose kernel is recording now, if any. */
  get currentOp(): OpRef | undefined {
    return this.op;
  }

  /** Runs `call`'s kernel, which records its work through `gpu`, after checking every device tensor's dtype has a WGSL type. */
  execute(call: KernelCall<GpuStorage>, gpu: GpuContext): void {
    const kernel = this.kernels.get(call.type);
    if (kernel === undefined) {
      throw new UnimplementedError(`No WebGPU kernel registered for op type '${call.type}' (op '${call.name}')`, call.name);
    }
    const def = getOpDef(call.type);
    const host = new Set(def ? hostInputIndices(def, call.inputs.length) : []);
    call.inputs.forEach((t, i) => {
      if (!host.has(i) && wgslTypeOf(t.dtype) === undefined) throw unsupportedDType(t.dtype, call.type, call.name);
    });
    for (const t of call.outputs) if (wgslTypeOf(t.dtype) === undefined) throw unsupportedDType(t.dtype, call.type, call.name);
    this.op = call;
    try {
      kernel(call, gpu);
    } finally {
      this.op = undefined;
    }
  }

  /** Records one compute dispatch of `program`, compiling and caching its pipeline on first use. */
  run(program: Program): void {
    const limits = this.device.limits;
    const op = this.op ?? { type: program.name, name: program.name };
    checkBindingSizes(program, limits, op);
    const workgroupSize = workgroupSizeOf(program);
    const invocations = workgroupSize[0] * workgroupSize[1] * workgroupSize[2];
    if (invocations > limits.maxComputeInvocationsPerWorkgroup) {
      throw new InternalError(`${program.name}: workgroup of ${invocations} invocations exceeds the device limit`, op.name);
    }
    const grid = dispatchGrid(program.dispatch, invocations, limits, op);
    if (grid[0] === 0 || grid[1] === 0 || grid[2] === 0) return;
    const layout = new UniformLayout(program.variables, program.uniforms ?? []);
    const key = fullCacheKey(program, layout, workgroupSize);
    let cached = this.pipelines.get(key);
    if (cached === undefined) {
      cached = compileProgram(this.device, program, layout, workgroupSize, key);
      this.pipelines.set(key, cached);
      const { source } = cached;
      this.errors.track(
        cached.error.then((e) => {
          if (e) {
            this.errors.report(
              new InternalError(
                `WGSL program ${key} (for ${op.type} '${op.name}') failed to compile: ${e.message}\n${numbered(source)}`,
                op.name,
              ),
            );
          }
        }),
      );
    }
    if (cached.failure) {
      throw new InternalError(`WGSL program ${key} (for ${op.type} '${op.name}') failed to compile: ${cached.failure.message}`, op.name);
    }
    if (this.compileOnly) return;

    // A buffer bound writable must not be bound again in the same dispatch (WebGPU rejects it):
    // when an output aliases another binding, compute into a copy and copy back afterwards.
    const buffers = program.variables.map((v) => v.storage.buffer);
    const copiesBack: { temp: GpuStorage; target: GpuStorage }[] = [];
    program.variables.forEach((v, i) => {
      if (v.access !== 'read_write') return;
      if (!program.variables.some((u, j) => j !== i && u.storage.buffer === v.storage.buffer)) return;
      const temp = this.store.temp(v.storage.dtype, v.storage.size);
      this.commands.copy(v.storage, temp, {}, this.op?.name);
      buffers[i] = temp.buffer;
      copiesBack.push({ temp, target: v.storage });
    });

    const slot = this.commands.arena.allocate(layout.pack());
    const entries: GPUBindGroupEntry[] = program.variables.map((v, binding) => ({
      binding,
      resource: { buffer: buffers[binding]!, offset: 0, size: Math.max(BYTES_PER_ELEMENT * v.components, v.storage.byteLength) },
    }));
    entries.push({ binding: program.variables.length, resource: { buffer: slot.buffer, offset: slot.offset, size: slot.size } });
    const bindGroup = this.device.createBindGroup({ layout: cached.layout, entries });
    const pass = this.commands.computePass();
    pass.setPipeline(cached.pipeline);
    pass.setBindGroup(0, bindGroup);
    pass.dispatchWorkgroups(grid[0], grid[1], grid[2]);
    for (const { temp, target } of copiesBack) {
      this.commands.copy(temp, target, {}, this.op?.name);
      this.store.release(temp);
    }
  }

  /** Pipelines in the cache (one per distinct program key). */
  get pipelineCount(): number {
    return this.pipelines.size;
  }

  /** The WGSL of every cached pipeline, by cache key. */
  shaderSources(): ReadonlyMap<string, string> {
    return new Map([...this.pipelines].map(([key, p]) => [key, p.source]));
  }

  /** Forgets every pipeline (on dispose). */
  dispose(): void {
    this.pipelines.clear();
  }
}

/** WGSL with line numbers, for a compile error's message. */
function numbered(source: string): string {
  return source
    .split('\n')
    .map((line, i) => `${String(i + 1).padStart(4)}: ${line}`)
    .join('\n');
}
