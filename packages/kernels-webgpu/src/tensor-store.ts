import { type DType, ResourceExhaustedError, type TypedArray, UnimplementedError } from '@tf/graph';
import { sizeOf, type TensorInfo } from '@tf/graph/backend';
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
  private readonly constants = new WeakMap<object, GpuStorage>();

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
    return storage;
  }

  release(storage: GpuStorage): void {
    // A second release, or one after dispose, is ignored: a buffer must never be pooled twice.
    if (!this.live.delete(storage)) return;
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
    this.constants.set(owner, storage);
    return storage;
  }

  /** Destroys free buffers beyond the pool's budget: only right after a submit (see BufferPool). */
  trim(): void {
    this.pool.trim();
  }

  stats(): BufferPoolStats {
    return this.pool.stats();
  }

  /** Destroys every live and pooled buffer (on dispose). */
  dispose(): void {
    for (const storage of this.live) storage.buffer.destroy();
    this.live.clear();
    this.pool.destroyFree();
  }
}
