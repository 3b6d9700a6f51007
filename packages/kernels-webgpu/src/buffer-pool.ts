import type { DType } from '@tf/graph';

// The WebGPU flag values (fixed by the spec). Spelled out so this package never needs the
// `GPUBufferUsage` / `GPUMapMode` globals, which Node only has after installing Dawn's globals.
export const BufferUsage = {
  MAP_READ: 0x0001,
  COPY_SRC: 0x0004,
  COPY_DST: 0x0008,
  UNIFORM: 0x0040,
  STORAGE: 0x0080,
} as const;
export const MapMode = { READ: 0x0001 } as const;
export const ShaderStage = { COMPUTE: 0x4 } as const;

/**
 * A tensor's storage on the WebGPU backend: a pooled `GPUBuffer` (possibly larger than the
 * tensor, rounded up to a size class) holding `size` 32-bit elements of `dtype`.
 */
export interface GpuStorage {
  readonly buffer: GPUBuffer;
  /** Bytes the tensor occupies (`size * 4`); the buffer may be larger. */
  readonly byteLength: number;
  readonly dtype: DType;
  /** Number of elements. */
  readonly size: number;
}

/** Smallest buffer the pool hands out: zero-element tensors still get a bindable buffer. */
const MIN_BUFFER_BYTES = 16;

/**
 * The bucket a request of `bytes` is served from: four classes per power of two (at most 25%
 * slack), so a training loop's tensors of nearby sizes share buffers.
 */
export function sizeClass(bytes: number): number {
  if (bytes <= MIN_BUFFER_BYTES) return MIN_BUFFER_BYTES;
  const octave = 2 ** Math.floor(Math.log2(bytes));
  const step = Math.max(MIN_BUFFER_BYTES, octave / 4);
  return Math.ceil(bytes / step) * step;
}

export interface BufferPoolStats {
  /** Buffers created since the pool started. */
  readonly created: number;
  /** Allocations served from a released buffer. */
  readonly reused: number;
  /** Buffers handed out and not yet released. */
  readonly inUse: number;
  /** Bytes of those buffers (their size classes). */
  readonly inUseBytes: number;
  /** Released buffers waiting for reuse. */
  readonly free: number;
  /** Bytes of those free buffers. */
  readonly freeBytes: number;
}

/**
 * Released buffers by size class, reused by later allocations. Reuse inside one command encoder is
 * safe because WebGPU orders the commands that touch a buffer; destroying is not (a destroyed
 * buffer in an unsubmitted encoder fails the submit), so trimming waits for `trim()`, which the
 * backend calls only right after a submit.
 */
export class BufferPool {
  private readonly free = new Map<number, GPUBuffer[]>();
  private created = 0;
  private reused = 0;
  private inUse = 0;
  private inUseBytes = 0;
  private freeBytes = 0;

  constructor(
    private readonly device: GPUDevice,
    private readonly usage: number,
    private readonly label: string,
    /** Free bytes kept after a trim; the rest is destroyed. */
    private readonly maxFreeBytes = 256 * 1024 * 1024,
  ) {}

  acquire(bytes: number): GPUBuffer {
    const size = sizeClass(bytes);
    const buffer = this.free.get(size)?.pop();
    this.inUse++;
    this.inUseBytes += size;
    if (buffer !== undefined) {
      this.reused++;
      this.freeBytes -= size;
      return buffer;
    }
    this.created++;
    return this.device.createBuffer({ size, usage: this.usage, label: `${this.label}:${size}` });
  }

  give(buffer: GPUBuffer): void {
    this.inUse--;
    const size = buffer.size;
    this.inUseBytes -= size;
    let bucket = this.free.get(size);
    if (bucket === undefined) this.free.set(size, (bucket = []));
    bucket.push(buffer);
    this.freeBytes += size;
  }

  /** Destroys free buffers beyond the cap, largest first. Call only when no open encoder uses them. */
  trim(): void {
    if (this.freeBytes <= this.maxFreeBytes) return;
    const sizes = [...this.free.keys()].sort((a, b) => b - a);
    for (const size of sizes) {
      const bucket = this.free.get(size)!;
      while (bucket.length > 0 && this.freeBytes > this.maxFreeBytes) {
        bucket.pop()!.destroy();
        this.freeBytes -= size;
      }
    }
  }

  stats(): BufferPoolStats {
    let free = 0;
    for (const bucket of this.free.values()) free += bucket.length;
    return { created: this.created, reused: this.reused, inUse: this.inUse, inUseBytes: this.inUseBytes, free, freeBytes: this.freeBytes };
  }

  /** Destroys a buffer handed out instead of pooling it (the device is gone, or the pool is closing). */
  discard(buffer: GPUBuffer): void {
    this.inUse--;
    this.inUseBytes -= buffer.size;
    buffer.destroy();
  }

  /** Forgets the buffers handed out (their owner destroyed them): they no longer count as in use. */
  forgetInUse(): void {
    this.inUse = 0;
    this.inUseBytes = 0;
  }

  /** Destroys every free buffer (buffers still in use are the caller's to destroy). */
  destroyFree(): void {
    for (const bucket of this.free.values()) for (const buffer of bucket) buffer.destroy();
    this.free.clear();
    this.freeBytes = 0;
  }
}
