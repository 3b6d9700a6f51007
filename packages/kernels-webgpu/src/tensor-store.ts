import { type DType, ResourceExhaustedError, type TypedArray, UnimplementedError } from '@tf/graph';
import { sizeOf, type TensorInfo } from '@tf/graph/backend';
import type { BackendMemory } from '@tf/graph/backend';
import { BufferPool, type BufferPoolStats, BufferUsage, type GpuStorage } from './buffer-pool.js';
import type { CommandRecorder } from './command-recorder.js';
import type { ErrorTracker } from './error-tracker.js';
import { BYTES_PER_ELEMENT, wgslTypeOf } from './gpu-dtype.js';

/**
 * Tensor storage: pooled buffers for tensors and temporaries (each released once, pooled again),
 * constants uploaded once per owner, and every live buffer, so dispose can destroy them.
 */
export class TensorStore {
  private readonly pool: BufferPool;
  private readonly live = new Set<GpuStorage>();
  /** Bytes of the live buffers (their size classes). */
  private liveBytes = 0;
  private readonly constants = new WeakMap<object, GpuStorage>();
  /**
   * Every constant buffer, for `memory()` and dispose. A constant lives as long as its owner (a
   * `Const` op's value): once the owner is collected, its buffer is destroyed. By then the work
   * that read it was submitted (the plan that ran it held the owner), which destroying allows.
   */
  private readonly constantBuffers = new Set<GpuStorage>();
  private readonly ownerGone = new FinalizationRegistry<GpuStorage>((storage) => {
    if (this.constantBuffers.delete(storage)) storage.buffer.destroy();
  });

  constructor(
    private readonly device: GPUDevice,
    private readonly errors: ErrorTracker,
    private readonly commands: CommandRecorder,
  ) {
    this.pool = new BufferPool(device, BufferUsage.STORAGE | BufferUsage.COPY_SRC | BufferUsage.COPY_DST, 'tensor');
  }

  allocate(info: TensorInfo): GpuStorage {
    this.errors.assertUsable();
    if (wgslTypeOf(info.dtype) === undefined) {
      throw new UnimplementedError(
        `The WebGPU backend cannot store ${info.dtype} tensors (WGSL has no 64-bit floats); place ops on ${info.dtype} values on the CPU.`,
      );
    }
    const size = sizeOf(info.shape);
    const byteLength = size * BYTES_PER_ELEMENT;
    const { maxBufferSize } = this.device.limits;
    if (byteLength > maxBufferSize) {
      throw new ResourceExhaustedError(
        `OOM when allocating tensor with shape[${info.shape.join(',')}] and type ${info.dtype} on WebGPU: ${byteLength} bytes exceed ` +
          `this device's maxBufferSize of ${maxBufferSize} bytes`,
      );
    }
    const storage: GpuStorage = { buffer: this.pool.acquire(byteLength), byteLength, dtype: info.dtype, size };
    this.live.add(storage);
    this.liveBytes += storage.buffer.size;
    return storage;
  }

  release(storage: GpuStorage): void {
    // A second release, or one after dispose, is ignored: a buffer must never be pooled twice.
    if (!this.live.delete(storage)) return;
    this.liveBytes -= storage.buffer.size;
    this.pool.give(storage.buffer);
  }

  temp(dtype: DType, size: number): GpuStorage {
    return this.allocate({ dtype, shape: [size] });
  }

  /** A buffer holding `data` for as long as `owner` lives: uploaded once, reused by every run. */
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
    this.commands.upload(storage, data);
    // A replaced constant (its owner's dtype or size changed) stays counted until dispose: it may
    // still be read by work not submitted yet.
    if (existing !== undefined) this.ownerGone.unregister(existing);
    this.constants.set(owner, storage);
    this.constantBuffers.add(storage);
    this.ownerGone.register(owner, storage, storage);
    return storage;
  }

  /** Destroys free buffers beyond the pool's budget: only right after a submit (see BufferPool). */
  trim(): void {
    this.pool.trim();
  }

  stats(): BufferPoolStats {
    return this.pool.stats();
  }

  /** Live buffers are the tensors' and temporaries' in use plus the constants; pooled, the free ones. */
  memory(): BackendMemory {
    let constantBytes = 0;
    for (const storage of this.constantBuffers) constantBytes += storage.buffer.size;
    const { free, freeBytes } = this.pool.stats();
    return {
      liveBuffers: this.live.size + this.constantBuffers.size,
      liveBytes: this.liveBytes + constantBytes,
      pooledBuffers: free,
      pooledBytes: freeBytes,
    };
  }

  /** Destroys every live, constant and pooled buffer (on dispose). */
  dispose(): void {
    for (const storage of this.live) storage.buffer.destroy();
    this.live.clear();
    this.liveBytes = 0;
    for (const storage of this.constantBuffers) {
      this.ownerGone.unregister(storage);
      storage.buffer.destroy();
    }
    this.constantBuffers.clear();
    this.pool.forgetInUse();
    this.pool.destroyFree();
  }
}
