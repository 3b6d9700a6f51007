import {
  allocArray,
  FailedPreconditionError,
  getOpDef,
  hostInputIndices,
  InternalError,
  InvalidArgumentError,
  type OpError,
  ResourceExhaustedError,
  sizeOf,
  UnavailableError,
  UnimplementedError,
  type Backend,
  type DType,
  type KernelCall,
  type TensorInfo,
  type TypedArray,
} from '@tf/graph';
import { BufferPool, BufferUsage, MapMode, type BufferPoolStats, type GpuStorage } from './buffer-pool.js';
import { DeviceChecks } from './device-checks.js';
import { BYTES_PER_ELEMENT, fromGpuLayout, toGpuLayout, unsupportedDType, wgslTypeOf } from './gpu-dtype.js';
import { buildKernelTable } from './kernels/index.js';
import type { DeviceProfile, GpuCall, GpuContext, GpuKernel } from './kernels/shared/types.js';
import {
  checkBindingSizes,
  compileProgram,
  dispatchGrid,
  fullCacheKey,
  UniformLayout,
  workgroupSizeOf,
  type CachedPipeline,
  type OpRef,
  type Program,
} from './program.js';
import { UniformArena } from './uniform-arena.js';

export interface WebGpuBackendOptions {
  /** Use this device (the caller keeps ownership: `dispose` does not destroy it). */
  readonly device?: GPUDevice;
  /** Request a device from this adapter. */
  readonly adapter?: GPUAdapter;
  /** Request an adapter from this GPU object; defaults to `navigator.gpu`. */
  readonly gpu?: GPU;
  readonly powerPreference?: GPUPowerPreference;
  /**
   * Which matmul kernel to use: workgroup-memory tiles (`'tiled'`, for GPUs) or barrier-free
   * register blocks (`'register'`, for CPU implementations such as SwiftShader). Default: chosen
   * from the adapter.
   */
  readonly matMul?: 'tiled' | 'register';
}

export interface WebGpuStats {
  /** Pipelines in the cache (one per distinct program key). */
  readonly pipelines: number;
  /** Command buffers submitted so far. */
  readonly submits: number;
  /** Buffers mapped to read results back (values, and settled device checks) so far. */
  readonly readBacks: number;
  readonly buffers: BufferPoolStats;
}

/** The WebGPU backend, with a few extras beyond the `Backend` contract for tests and tools. */
export interface WebGpuBackend extends Backend<GpuStorage> {
  readonly device: GPUDevice;
  /** What the backend detected about the device (CPU emulation, matmul variant). */
  readonly profile: DeviceProfile;
  /** `true` once the device was lost or the backend disposed. */
  readonly lost: boolean;
  /** Always present here: device-side checks (CheckNumerics) report through it. */
  settle(): Promise<void>;
  stats(): WebGpuStats;
  /** The WGSL of every cached pipeline, by cache key (for debugging and docs). */
  shaderSources(): ReadonlyMap<string, string>;
}

/**
 * Creates the WebGPU backend. Without `device`, requests an adapter (from `gpu`, else
 * `navigator.gpu`) and a device with the adapter's larger buffer limits. Throws UnavailableError
 * when there is no WebGPU or no adapter.
 */
export async function createWebGpuBackend(options: WebGpuBackendOptions = {}): Promise<WebGpuBackend> {
  if (options.device) {
    const info = (options.device as { adapterInfo?: GPUAdapterInfo }).adapterInfo;
    return new WebGpuBackendImpl(options.device, false, profileOf(info, false, options));
  }
  let adapter = options.adapter ?? null;
  if (adapter === null) {
    const gpu = options.gpu ?? (globalThis as { navigator?: { gpu?: GPU } }).navigator?.gpu;
    if (gpu === undefined) {
      throw new UnavailableError(
        'WebGPU is not available here (no navigator.gpu). In Node, use createNodeWebGpuBackend() from ' +
          "'@tf/kernels-webgpu/node', which needs the optional 'webgpu' package.",
      );
    }
    adapter = await gpu.requestAdapter(options.powerPreference ? { powerPreference: options.powerPreference } : undefined);
    if (adapter === null) {
      throw new UnavailableError(
        "No WebGPU adapter was found. Without a GPU, Dawn can use SwiftShader: install Debian's chromium and libvulkan1 " +
          'packages and set VK_ICD_FILENAMES=/usr/lib/chromium/vk_swiftshader_icd.json.',
      );
    }
  }
  const wanted = [
    'maxStorageBufferBindingSize',
    'maxBufferSize',
    'maxComputeWorkgroupStorageSize',
    'maxStorageBuffersPerShaderStage',
  ] as const;
  const requiredLimits: Record<string, number> = {};
  for (const name of wanted) requiredLimits[name] = adapter.limits[name];
  const device = await adapter.requestDevice({ requiredLimits });
  const fallback = (adapter as { isFallbackAdapter?: boolean }).isFallbackAdapter === true;
  return new WebGpuBackendImpl(device, true, profileOf(adapter.info, fallback, options));
}

/** SwiftShader (Dawn's CPU Vulkan) or a fallback adapter count as CPU emulation. */
function profileOf(info: GPUAdapterInfo | undefined, fallback: boolean, options: WebGpuBackendOptions): DeviceProfile {
  const text = info ? `${info.vendor} ${info.architecture} ${info.device} ${info.description}` : '';
  const cpuEmulation = fallback || /swiftshader|llvmpipe|lavapipe|warp/i.test(text);
  return { cpuEmulation, matMul: options.matMul ?? (cpuEmulation ? 'register' : 'tiled') };
}

/** One command encoder's worth of work, and what happened to it once submitted. */
class Submission {
  readonly submitted: Promise<void>;
  markSubmitted!: () => void;
  /** Run after the submit (destroying per-submission staging buffers). */
  readonly afterSubmit: (() => void)[] = [];
  constructor() {
    this.submitted = new Promise<void>((resolve) => (this.markSubmitted = resolve));
  }
}

class WebGpuBackendImpl implements WebGpuBackend, GpuContext {
  readonly name = 'webgpu';
  readonly canReadSync = false;
  /** No float64 in WGSL: placement keeps float64 ops on the host. */
  readonly dtypes: readonly DType[] = ['float32', 'int32', 'bool'];
  readonly limits: GPUSupportedLimits;
  private readonly kernels: ReadonlyMap<string, GpuKernel>;
  private readonly storagePool: BufferPool;
  private readonly stagingPool: BufferPool;
  private readonly arena: UniformArena;
  private readonly pipelines = new Map<string, CachedPipeline>();
  private readonly live = new Set<GpuStorage>();
  private readonly constants = new WeakMap<object, GpuStorage>();
  private readonly checks = new DeviceChecks(this);
  private encoder: GPUCommandEncoder | undefined;
  private pass: GPUComputePassEncoder | undefined;
  private submission: Submission | undefined;
  private flushScheduled = false;
  private submits = 0;
  private readBacks = 0;
  private currentOp: OpRef | undefined;
  /** Errors WebGPU reported asynchronously that no call has surfaced yet. */
  private readonly asyncErrors: OpError[] = [];
  /** Error scopes and compile checks still in flight; a read waits for them before it returns. */
  private readonly pendingChecks = new Set<Promise<unknown>>();
  private disposed = false;
  private lostError: UnavailableError | undefined;
  private readonly lostPromise: Promise<never>;

  constructor(
    readonly device: GPUDevice,
    private readonly ownsDevice: boolean,
    readonly profile: DeviceProfile,
  ) {
    this.limits = device.limits;
    this.kernels = buildKernelTable();
    this.storagePool = new BufferPool(device, BufferUsage.STORAGE | BufferUsage.COPY_SRC | BufferUsage.COPY_DST, 'tensor');
    this.stagingPool = new BufferPool(device, BufferUsage.MAP_READ | BufferUsage.COPY_DST, 'readback', 64 * 1024 * 1024);
    this.arena = new UniformArena(device, device.limits.minUniformBufferOffsetAlignment);
    this.lostPromise = new Promise<never>((_, reject) => {
      device.lost.then((info) => {
        this.lostError = new UnavailableError(
          `The WebGPU device was lost (${info.reason}${info.message ? `: ${info.message}` : ''}). ` +
            'Its buffers are gone: create a new backend (a new Session) to continue.',
        );
        reject(this.lostError);
      });
    });
    this.lostPromise.catch(() => {});
    // Errors no error scope caught (work recorded outside `execute`) still surface, typed, on the next call.
    device.addEventListener?.('uncapturederror', (event) => {
      const error = (event as GPUUncapturedErrorEvent).error;
      const kind = /out of memory/i.test(error.message) ? 'out-of-memory' : 'validation';
      this.asyncErrors.push(typedGpuError(error, 'WebGPU reported an error outside any kernel', kind));
    });
  }

  get lost(): boolean {
    return this.disposed || this.lostError !== undefined;
  }

  // ---- Backend contract -------------------------------------------------------------------

  supports(opType: string): boolean {
    return this.kernels.has(opType);
  }

  allocate(info: TensorInfo): GpuStorage {
    this.assertUsable();
    if (wgslTypeOf(info.dtype) === undefined) {
      throw new UnimplementedError(
        `The WebGPU backend cannot store ${info.dtype} tensors (WGSL has no 64-bit floats); place ops on ${info.dtype} values on the CPU.`,
      );
    }
    const size = sizeOf(info.shape);
    const byteLength = size * BYTES_PER_ELEMENT;
    if (byteLength > this.limits.maxBufferSize) {
      throw new ResourceExhaustedError(
        `OOM when allocating tensor with shape[${info.shape.join(',')}] and type ${info.dtype} on WebGPU: ${byteLength} bytes exceed ` +
          `this device's maxBufferSize of ${this.limits.maxBufferSize} bytes`,
      );
    }
    const storage: GpuStorage = { buffer: this.storagePool.acquire(byteLength), byteLength, dtype: info.dtype, size };
    this.live.add(storage);
    return storage;
  }

  release(storage: GpuStorage): void {
    // A second release, or one after dispose, is ignored: a buffer must never be pooled twice.
    if (!this.live.delete(storage)) return;
    this.storagePool.give(storage.buffer);
  }

  write(storage: GpuStorage, data: TypedArray): void {
    this.assertUsable();
    if (data.length !== storage.size) {
      throw new InvalidArgumentError(`write of ${data.length} elements into a WebGPU tensor of ${storage.size} elements`);
    }
    this.upload(storage, data);
  }

  readSync(_storage: GpuStorage): TypedArray {
    throw new FailedPreconditionError(
      'The WebGPU backend cannot read values synchronously (canReadSync is false): use sess.runAsync(...) or ' +
        'tensor.evalAsync(...) instead of run/eval.',
    );
  }

  async read(storage: GpuStorage): Promise<TypedArray> {
    this.assertUsable();
    const { dtype, size, byteLength } = storage;
    if (size === 0) return allocArray(dtype, 0);
    return this.readBack(
      byteLength,
      (encoder, staging) => encoder.copyBufferToBuffer(storage.buffer, 0, staging, 0, byteLength),
      (mapped) => fromGpuLayout(dtype, mapped, size),
    );
  }

  /**
   * Reads back the words of every device check recorded since the last settle (CheckNumerics), in
   * one copy after the work that wrote them; nothing at all when none is pending.
   */
  async settle(): Promise<void> {
    this.assertUsable();
    const checks = this.checks.take();
    if (checks.length === 0) return;
    const verdict = this.readBack(
      checks.length * BYTES_PER_ELEMENT,
      (encoder, staging) =>
        checks.forEach((check, i) => encoder.copyBufferToBuffer(check.word.buffer, 0, staging, i * BYTES_PER_ELEMENT, BYTES_PER_ELEMENT)),
      (mapped) => new Uint32Array(mapped.slice(0, checks.length * BYTES_PER_ELEMENT)),
    );
    // The copies are recorded: later work reusing these buffers is ordered after them.
    for (const check of checks) this.release(check.word);
    const words = await verdict;
    const failed = checks.findIndex((_, i) => words[i] !== 0);
    if (failed !== -1) throw checks[failed]!.describe(words[failed]!);
  }

  execute(call: KernelCall<GpuStorage>): void {
    this.assertUsable();
    this.throwPendingError();
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
    this.currentOp = call;
    try {
      kernel(call, this);
    } finally {
      this.currentOp = undefined;
    }
  }

  flush(): void {
    this.assertUsable();
    if (this.encoder === undefined) return;
    this.endPass();
    const encoder = this.encoder;
    const submission = this.submission!;
    this.encoder = undefined;
    this.submission = undefined;
    this.arena.upload(this.device.queue);
    this.device.queue.submit([encoder.finish()]);
    this.submits++;
    const validation = this.device.popErrorScope();
    const memory = this.device.popErrorScope();
    const context = `WebGPU rejected the work of a run (submit ${this.submits})`;
    this.track(
      Promise.all([validation, memory]).then(([v, m]) => {
        if (v !== null) this.asyncErrors.push(typedGpuError(v, context, 'validation'));
        if (m !== null) this.asyncErrors.push(typedGpuError(m, context, 'out-of-memory'));
      }),
    );
    for (const done of submission.afterSubmit) done();
    submission.markSubmitted();
    this.storagePool.trim();
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (this.encoder !== undefined && this.lostError === undefined) {
      // Unrecorded work is dropped; the error scopes it opened must not stay on a caller's device.
      this.pass?.end();
      this.device.popErrorScope().catch(() => {});
      this.device.popErrorScope().catch(() => {});
    }
    this.pass = undefined;
    this.encoder = undefined;
    this.checks.take();
    if (this.submission) {
      for (const done of this.submission.afterSubmit) done();
      this.submission.markSubmitted();
      this.submission = undefined;
    }
    for (const storage of this.live) storage.buffer.destroy();
    this.live.clear();
    this.storagePool.destroyFree();
    this.stagingPool.destroyFree();
    this.arena.destroy();
    this.pipelines.clear();
    if (this.ownsDevice) this.device.destroy();
  }

  // ---- Extras -------------------------------------------------------------------------------

  stats(): WebGpuStats {
    return { pipelines: this.pipelines.size, submits: this.submits, readBacks: this.readBacks, buffers: this.storagePool.stats() };
  }

  shaderSources(): ReadonlyMap<string, string> {
    return new Map([...this.pipelines].map(([key, p]) => [key, p.source]));
  }

  // ---- GpuContext (what kernels use) ---------------------------------------------------------

  run(program: Program): void {
    const op = this.currentOp ?? { type: program.name, name: program.name };
    checkBindingSizes(program, this.limits, op);
    const workgroupSize = workgroupSizeOf(program);
    const invocations = workgroupSize[0] * workgroupSize[1] * workgroupSize[2];
    if (invocations > this.limits.maxComputeInvocationsPerWorkgroup) {
      throw new InternalError(`${program.name}: workgroup of ${invocations} invocations exceeds the device limit`, op.name);
    }
    const grid = dispatchGrid(program.dispatch, invocations, this.limits, op);
    if (grid[0] === 0 || grid[1] === 0 || grid[2] === 0) return;
    const layout = new UniformLayout(program.variables, program.uniforms ?? []);
    const key = fullCacheKey(program, layout, workgroupSize);
    let cached = this.pipelines.get(key);
    if (cached === undefined) {
      cached = compileProgram(this.device, program, layout, workgroupSize, key);
      this.pipelines.set(key, cached);
      const { source } = cached;
      this.track(
        cached.error.then((e) => {
          if (e) {
            this.asyncErrors.push(
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

    // A buffer bound writable must not be bound again in the same dispatch (WebGPU rejects it):
    // when an output aliases another binding, compute into a copy and copy back afterwards.
    const buffers = program.variables.map((v) => v.storage.buffer);
    const copiesBack: { temp: GpuStorage; target: GpuStorage }[] = [];
    program.variables.forEach((v, i) => {
      if (v.access !== 'read_write') return;
      if (!program.variables.some((u, j) => j !== i && u.storage.buffer === v.storage.buffer)) return;
      const temp = this.temp(v.storage.dtype, v.storage.size);
      this.copy(v.storage, temp);
      buffers[i] = temp.buffer;
      copiesBack.push({ temp, target: v.storage });
    });

    const slot = this.arena.allocate(layout.pack());
    const entries: GPUBindGroupEntry[] = program.variables.map((v, binding) => ({
      binding,
      resource: { buffer: buffers[binding]!, offset: 0, size: Math.max(BYTES_PER_ELEMENT * v.components, v.storage.byteLength) },
    }));
    entries.push({ binding: program.variables.length, resource: { buffer: slot.buffer, offset: slot.offset, size: slot.size } });
    const bindGroup = this.device.createBindGroup({ layout: cached.layout, entries });
    const pass = this.ensurePass();
    pass.setPipeline(cached.pipeline);
    pass.setBindGroup(0, bindGroup);
    pass.dispatchWorkgroups(grid[0], grid[1], grid[2]);
    for (const { temp, target } of copiesBack) {
      this.copy(temp, target);
      this.release(temp);
    }
  }

  copy(src: GpuStorage, dst: GpuStorage, options: { bytes?: number; srcOffset?: number; dstOffset?: number } = {}): void {
    const bytes = options.bytes ?? src.byteLength;
    const srcOffset = options.srcOffset ?? 0;
    const dstOffset = options.dstOffset ?? 0;
    if (bytes === 0 || (src.buffer === dst.buffer && srcOffset === dstOffset)) return;
    if (srcOffset + bytes > src.byteLength || dstOffset + bytes > dst.byteLength) {
      throw new InternalError(
        `copy of ${bytes} bytes between tensors of ${src.byteLength} and ${dst.byteLength} bytes`,
        this.currentOp?.name,
      );
    }
    this.endPass();
    this.ensureEncoder().copyBufferToBuffer(src.buffer, srcOffset, dst.buffer, dstOffset, bytes);
  }

  clear(dst: GpuStorage): void {
    if (dst.byteLength === 0) return;
    this.endPass();
    this.ensureEncoder().clearBuffer(dst.buffer, 0, dst.byteLength);
  }

  upload(dst: GpuStorage, data: TypedArray): void {
    if (dst.size === 0) return;
    const words = toGpuLayout(dst.dtype, data);
    const bytes = new Uint8Array(words.buffer, words.byteOffset, dst.byteLength);
    if (this.encoder === undefined) {
      // Nothing is recorded yet, so a queue write is already in order.
      this.device.queue.writeBuffer(dst.buffer, 0, bytes);
      return;
    }
    // Work is recorded but not submitted; a queue write would land before it. Stage and copy instead.
    const staging = this.device.createBuffer({
      size: dst.byteLength,
      usage: BufferUsage.COPY_SRC,
      mappedAtCreation: true,
      label: 'upload',
    });
    new Uint8Array(staging.getMappedRange()).set(bytes);
    staging.unmap();
    this.endPass();
    this.encoder.copyBufferToBuffer(staging, 0, dst.buffer, 0, dst.byteLength);
    this.submission!.afterSubmit.push(() => staging.destroy());
  }

  temp(dtype: DType, size: number): GpuStorage {
    return this.allocate({ dtype, shape: [size] });
  }

  constant(owner: object, dtype: DType, data: TypedArray): GpuStorage {
    const existing = this.constants.get(owner);
    if (existing !== undefined && existing.dtype === dtype && existing.size === data.length) return existing;
    const size = data.length;
    const byteLength = size * BYTES_PER_ELEMENT;
    const buffer = this.device.createBuffer({
      size: Math.max(16, byteLength),
      usage: BufferUsage.STORAGE | BufferUsage.COPY_SRC | BufferUsage.COPY_DST,
      label: 'constant',
    });
    const storage: GpuStorage = { buffer, byteLength, dtype, size };
    this.upload(storage, data);
    this.constants.set(owner, storage);
    return storage;
  }

  checkWord(call: GpuCall, describe: (word: number) => OpError): GpuStorage {
    return this.checks.wordFor(call.state, describe);
  }

  // ---- Internals ----------------------------------------------------------------------------

  /**
   * Records `copy` into a staging buffer of `byteLength` bytes after the work enqueued so far,
   * submits it (with whatever else is recorded in this task), and converts the mapped bytes.
   * Errors WebGPU reported for any work submitted so far (the result depends on it) reject it.
   */
  private async readBack<T>(
    byteLength: number,
    copy: (encoder: GPUCommandEncoder, staging: GPUBuffer) => void,
    convert: (mapped: ArrayBuffer) => T,
  ): Promise<T> {
    const staging = this.stagingPool.acquire(byteLength);
    this.endPass();
    copy(this.ensureEncoder(), staging);
    const submission = this.submission!;
    this.scheduleFlush();
    this.readBacks++;
    let mapped = false;
    try {
      await this.unlessLost(submission.submitted);
      await this.unlessLost(staging.mapAsync(MapMode.READ, 0, byteLength));
      mapped = true;
      const result = convert(staging.getMappedRange(0, byteLength));
      staging.unmap();
      mapped = false;
      await this.unlessLost(Promise.all([...this.pendingChecks]));
      this.throwPendingError();
      return result;
    } finally {
      if (this.lostError === undefined && !this.disposed) {
        if (mapped) staging.unmap();
        this.stagingPool.give(staging);
      }
    }
  }

  private ensureEncoder(): GPUCommandEncoder {
    if (this.encoder === undefined) {
      this.device.pushErrorScope('out-of-memory');
      this.device.pushErrorScope('validation');
      this.encoder = this.device.createCommandEncoder({ label: 'tf-run' });
      this.submission = new Submission();
    }
    return this.encoder;
  }

  private ensurePass(): GPUComputePassEncoder {
    this.pass ??= this.ensureEncoder().beginComputePass();
    return this.pass;
  }

  private endPass(): void {
    if (this.pass === undefined) return;
    this.pass.end();
    this.pass = undefined;
  }

  /** Submits at the end of the current task, so reads issued together share one submit. */
  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    queueMicrotask(() => {
      this.flushScheduled = false;
      if (!this.lost) this.flush();
    });
  }

  private unlessLost<T>(promise: Promise<T>): Promise<T> {
    return Promise.race([promise, this.lostPromise]);
  }

  private assertUsable(): void {
    if (this.lostError) throw this.lostError;
    if (this.disposed) throw new FailedPreconditionError('The WebGPU backend was disposed (its Session was closed); create a new one.');
  }

  /**
   * Throws the first error WebGPU reported since the last one was thrown; later ones are usually
   * its consequences (a dispatch with a pipeline that failed to compile), so they are dropped.
   */
  private throwPendingError(): void {
    const error = this.asyncErrors[0];
    if (error === undefined) return;
    const more = this.asyncErrors.length - 1;
    this.asyncErrors.length = 0;
    if (more > 0) error.message += `\n(and ${more} more WebGPU error${more > 1 ? 's' : ''} after it)`;
    throw error;
  }

  private track(check: Promise<unknown>): void {
    const settled: Promise<void> = check.then(
      () => void this.pendingChecks.delete(settled),
      () => void this.pendingChecks.delete(settled),
    );
    this.pendingChecks.add(settled);
  }
}

/** A GPUError as the matching TF error. */
function typedGpuError(error: GPUError, context: string, kind: 'validation' | 'out-of-memory'): OpError {
  return kind === 'out-of-memory'
    ? new ResourceExhaustedError(`${context}: out of GPU memory: ${error.message}`)
    : new InternalError(`${context}: ${error.message}`);
}

function numbered(source: string): string {
  return source
    .split('\n')
    .map((line, i) => `${String(i + 1).padStart(4)}: ${line}`)
    .join('\n');
}
