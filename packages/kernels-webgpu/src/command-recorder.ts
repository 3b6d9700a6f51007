import { InternalError, type TypedArray } from '@tf/graph';
import type { BackendMemory } from '@tf/graph/backend';
import { BufferPool, BufferUsage, MapMode, type GpuStorage } from './buffer-pool.js';
import type { ErrorTracker } from './error-tracker.js';
import { toGpuLayout } from './gpu-dtype.js';
import { CHUNK_BYTES, UniformArena } from './uniform-arena.js';

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

/**
 * The command stream: everything a run does is recorded into one command encoder (compute passes,
 * buffer copies, clears, staged uploads) and submitted once, by `submit` (the backend's `flush`)
 * or, when a read-back needs the work, at the end of the current task. Also owns what is tied to
 * a submission: the uniform arena (written right before the submit) and the staging buffers that
 * read results back.
 */
export class CommandRecorder {
  readonly arena: UniformArena;
  private readonly stagingPool: BufferPool;
  private encoder: GPUCommandEncoder | undefined;
  private pass: GPUComputePassEncoder | undefined;
  private submission: Submission | undefined;
  private flushScheduled = false;
  private submitCount = 0;
  private readBackCount = 0;
  /** Upload staging buffers waiting for their submit (then destroyed). */
  private uploadBuffers = 0;
  private uploadBytes = 0;

  constructor(
    private readonly device: GPUDevice,
    private readonly errors: ErrorTracker,
    /** The backend's flush, which a read-back schedules (it also trims the tensor pool). */
    private readonly flush: () => void,
  ) {
    this.stagingPool = new BufferPool(device, BufferUsage.MAP_READ | BufferUsage.COPY_DST, 'readback', 64 * 1024 * 1024);
    this.arena = new UniformArena(device, device.limits.minUniformBufferOffsetAlignment);
  }

  /** Command buffers submitted so far. */
  get submits(): number {
    return this.submitCount;
  }

  /** Buffers mapped to read results back so far. */
  get readBacks(): number {
    return this.readBackCount;
  }

  /** The open compute pass, begun (in a new encoder if need be) when there is none. */
  computePass(): GPUComputePassEncoder {
    this.pass ??= this.ensureEncoder().beginComputePass();
    return this.pass;
  }

  /** Records a buffer copy; `opName` names the op in the error for an out-of-range one. */
  copy(
    src: GpuStorage,
    dst: GpuStorage,
    options: { bytes?: number; srcOffset?: number; dstOffset?: number },
    opName: string | undefined,
  ): void {
    const bytes = options.bytes ?? src.byteLength;
    const srcOffset = options.srcOffset ?? 0;
    const dstOffset = options.dstOffset ?? 0;
    if (bytes === 0 || (src.buffer === dst.buffer && srcOffset === dstOffset)) return;
    if (srcOffset + bytes > src.byteLength || dstOffset + bytes > dst.byteLength) {
      throw new InternalError(`copy of ${bytes} bytes between tensors of ${src.byteLength} and ${dst.byteLength} bytes`, opName);
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
    this.uploadBuffers++;
    this.uploadBytes += staging.size;
    this.submission!.afterSubmit.push(() => {
      this.uploadBuffers--;
      this.uploadBytes -= staging.size;
      staging.destroy();
    });
  }

  /** Submits the recorded work, if any; `false` when nothing was recorded. */
  submit(): boolean {
    if (this.encoder === undefined) return false;
    this.endPass();
    const encoder = this.encoder;
    const submission = this.submission!;
    this.encoder = undefined;
    this.submission = undefined;
    this.arena.upload(this.device.queue);
    this.device.queue.submit([encoder.finish()]);
    this.submitCount++;
    this.errors.closeScopes(`WebGPU rejected the work of a run (submit ${this.submitCount})`);
    for (const done of submission.afterSubmit) done();
    submission.markSubmitted();
    return true;
  }

  /**
   * Records `copy` into a staging buffer of `byteLength` bytes after the work enqueued so far,
   * submits it (with whatever else is recorded in this task), and converts the mapped bytes.
   * Errors WebGPU reported for any work submitted so far (the result depends on it) reject it.
   */
  async readBack<T>(
    byteLength: number,
    copy: (encoder: GPUCommandEncoder, staging: GPUBuffer) => void,
    convert: (mapped: ArrayBuffer) => T,
  ): Promise<T> {
    const staging = this.stagingPool.acquire(byteLength);
    this.endPass();
    copy(this.ensureEncoder(), staging);
    const submission = this.submission!;
    this.scheduleFlush();
    this.readBackCount++;
    let mapped = false;
    try {
      await this.errors.unlessLost(submission.submitted);
      await this.errors.unlessLost(staging.mapAsync(MapMode.READ, 0, byteLength));
      mapped = true;
      const result = convert(staging.getMappedRange(0, byteLength));
      staging.unmap();
      mapped = false;
      await this.errors.unlessLost(this.errors.inFlight());
      this.errors.throwPendingError();
      return result;
    } finally {
      if (!this.errors.lost) {
        if (mapped) staging.unmap();
        this.stagingPool.give(staging);
      } else {
        // Device lost or backend disposed: the buffer is destroyed, not pooled (destroy unmaps).
        this.stagingPool.discard(staging);
      }
    }
  }

  /**
   * Drops the work recorded and not submitted (on dispose): its error scopes are closed unless
   * the device is gone, and its submission's clean-ups run so waiting reads go on to fail.
   */
  discard(): void {
    if (this.encoder !== undefined && !this.errors.deviceLost) {
      this.pass?.end();
      this.errors.dropScopes();
    }
    this.pass = undefined;
    this.encoder = undefined;
    if (this.submission) {
      for (const done of this.submission.afterSubmit) done();
      this.submission.markSubmitted();
      this.submission = undefined;
    }
  }

  /**
   * Buffers of the command stream: uniform chunks, read-back staging buffers in use and upload
   * staging buffers not submitted yet are live; free read-back staging buffers are pooled.
   */
  memory(): BackendMemory {
    const { inUse, inUseBytes, free, freeBytes } = this.stagingPool.stats();
    const uniforms = this.arena.bufferCount;
    return {
      liveBuffers: inUse + uniforms + this.uploadBuffers,
      liveBytes: inUseBytes + uniforms * CHUNK_BYTES + this.uploadBytes,
      pooledBuffers: free,
      pooledBytes: freeBytes,
    };
  }

  /** Destroys the staging and uniform buffers (after `discard`, on dispose). */
  destroy(): void {
    this.stagingPool.destroyFree();
    this.arena.destroy();
  }

  private ensureEncoder(): GPUCommandEncoder {
    if (this.encoder === undefined) {
      this.errors.openScopes();
      this.encoder = this.device.createCommandEncoder({ label: 'tf-run' });
      this.submission = new Submission();
    }
    return this.encoder;
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
      if (!this.errors.lost) this.flush();
    });
  }
}
