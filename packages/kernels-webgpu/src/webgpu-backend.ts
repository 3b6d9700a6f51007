import { type DType, FailedPreconditionError, InvalidArgumentError, type OpError, type TypedArray } from '@tf/graph';
import { allocArray, type Backend, type BackendMemory, type KernelCall, type PlanSummary, type TensorInfo } from '@tf/graph/backend';
import type { BufferPoolStats, GpuStorage } from './buffer-pool.js';
import { CommandRecorder } from './command-recorder.js';
import { DeviceChecks } from './device-checks.js';
import { openDevice, type WebGpuBackendOptions } from './device-setup.js';
import { Dispatcher } from './dispatcher.js';
import { ErrorTracker } from './error-tracker.js';
import { BYTES_PER_ELEMENT, fromGpuLayout } from './gpu-dtype.js';
import type { DeviceProfile, GpuCall, GpuContext } from './kernels/shared/types.js';
import { preparePlan } from './plan-preparer.js';
import type { Program } from './program.js';
import { TensorStore } from './tensor-store.js';

// The backend as one object, over modules with one concept each (see the README's source map):
// device-setup.ts (adapter, device, limits, profile), tensor-store.ts (buffers of tensors,
// temporaries, constants), command-recorder.ts (encoder, passes, submit, read-back staging),
// error-tracker.ts (error scopes, async errors, device loss), device-checks.ts (CheckNumerics
// words and their settle) and dispatcher.ts (kernel table, kernel context, pipelines, limits).

export type { WebGpuBackendOptions } from './device-setup.js';

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
  /**
   * GPU buffers held: live (tensors, temporaries, variables, constants, uniform and staging
   * buffers in use) and pooled (released, kept for reuse). All zero after `dispose`.
   */
  memory(): BackendMemory;
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
  const { device, ownsDevice, profile } = await openDevice(options);
  return new WebGpuBackendImpl(device, ownsDevice, profile);
}

/** The `Backend` contract and the kernels' `GpuContext`, each call checked and handed to the module that does it. */
class WebGpuBackendImpl implements WebGpuBackend, GpuContext {
  readonly name = 'webgpu';
  readonly canReadSync = false;
  /** No float64 in WGSL: placement keeps float64 ops on the host. */
  readonly dtypes: readonly DType[] = ['float32', 'int32', 'bool'];
  readonly limits: GPUSupportedLimits;
  private readonly errors: ErrorTracker;
  private readonly commands: CommandRecorder;
  private readonly store: TensorStore;
  private readonly dispatcher: Dispatcher;
  private readonly checks = new DeviceChecks(this);

  constructor(
    readonly device: GPUDevice,
    private readonly ownsDevice: boolean,
    readonly profile: DeviceProfile,
  ) {
    this.limits = device.limits;
    this.errors = new ErrorTracker(device);
    this.commands = new CommandRecorder(device, this.errors, () => this.flush());
    this.store = new TensorStore(device, this.errors, this.commands);
    this.dispatcher = new Dispatcher(device, this.errors, this.commands, this.store);
  }

  get lost(): boolean {
    return this.errors.lost;
  }

  // ---- Backend contract -------------------------------------------------------------------

  supports(opType: string): boolean {
    return this.dispatcher.supports(opType);
  }

  allocate(info: TensorInfo): GpuStorage {
    return this.store.allocate(info);
  }

  release(storage: GpuStorage): void {
    this.store.release(storage);
  }

  write(storage: GpuStorage, data: TypedArray): void {
    this.errors.assertUsable();
    if (data.length !== storage.size) {
      throw new InvalidArgumentError(`write of ${data.length} elements into a WebGPU tensor of ${storage.size} elements`);
    }
    this.commands.upload(storage, data);
  }

  readSync(_storage: GpuStorage): TypedArray {
    throw new FailedPreconditionError(
      'The WebGPU backend cannot read values synchronously (canReadSync is false): use sess.runAsync(...) or ' +
        'tensor.evalAsync(...) instead of run/eval.',
    );
  }

  async read(storage: GpuStorage): Promise<TypedArray> {
    this.errors.assertUsable();
    const { dtype, size, byteLength } = storage;
    if (size === 0) return allocArray(dtype, 0);
    return this.commands.readBack(
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
    this.errors.assertUsable();
    const checks = this.checks.take();
    if (checks.length === 0) return;
    const verdict = this.commands.readBack(
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
    this.errors.assertUsable();
    this.errors.throwPendingError();
    this.dispatcher.execute(call, this);
  }

  /**
   * Compiles the pipelines of the plan's steps whose tensors it is shown (a session passes the
   * shapes of the run being planned, or of `sess.prepare`'s feeds), recording nothing.
   */
  prepare(plan: PlanSummary): void {
    this.errors.assertUsable();
    const compileOnly: GpuContext = {
      device: this.device,
      limits: this.limits,
      profile: this.profile,
      run: (program) => this.dispatcher.run(program),
      copy: () => {},
      clear: () => {},
      upload: () => {},
      temp: (dtype, size) => this.store.temp(dtype, size),
      release: (storage) => this.store.release(storage),
      // Constants are uploaded once per backend whenever first met: now is as good as the first run.
      constant: (owner, dtype, data) => this.store.constant(owner, dtype, data),
      checkWord: () => {
        throw new Error('a device check is only recorded by a run');
      },
    };
    preparePlan(plan, this.dispatcher, this.store, compileOnly);
  }

  flush(): void {
    this.errors.assertUsable();
    // Right after a submit is the one safe moment to destroy pooled buffers (see BufferPool).
    if (this.commands.submit()) this.store.trim();
  }

  dispose(): void {
    if (!this.errors.markDisposed()) return;
    this.commands.discard();
    this.checks.take();
    this.store.dispose();
    this.commands.destroy();
    this.dispatcher.dispose();
    if (this.ownsDevice) this.device.destroy();
  }

  memory(): BackendMemory {
    const store = this.store.memory();
    const commands = this.commands.memory();
    return {
      liveBuffers: store.liveBuffers + commands.liveBuffers,
      liveBytes: store.liveBytes + commands.liveBytes,
      pooledBuffers: store.pooledBuffers + commands.pooledBuffers,
      pooledBytes: store.pooledBytes + commands.pooledBytes,
    };
  }

  // ---- Extras -------------------------------------------------------------------------------

  stats(): WebGpuStats {
    return {
      pipelines: this.dispatcher.pipelineCount,
      submits: this.commands.submits,
      readBacks: this.commands.readBacks,
      buffers: this.store.stats(),
    };
  }

  shaderSources(): ReadonlyMap<string, string> {
    return this.dispatcher.shaderSources();
  }

  // ---- GpuContext (what kernels use) ---------------------------------------------------------

  run(program: Program): void {
    this.dispatcher.run(program);
  }

  copy(src: GpuStorage, dst: GpuStorage, options: { bytes?: number; srcOffset?: number; dstOffset?: number } = {}): void {
    this.commands.copy(src, dst, options, this.dispatcher.currentOp?.name);
  }

  clear(dst: GpuStorage): void {
    this.commands.clear(dst);
  }

  upload(dst: GpuStorage, data: TypedArray): void {
    this.commands.upload(dst, data);
  }

  temp(dtype: DType, size: number): GpuStorage {
    return this.store.temp(dtype, size);
  }

  constant(owner: object, dtype: DType, data: TypedArray): GpuStorage {
    return this.store.constant(owner, dtype, data);
  }

  checkWord(call: GpuCall, describe: (word: number) => OpError): GpuStorage {
    return this.checks.wordFor(call.state, describe);
  }
}
