import { BufferUsage } from './buffer-pool.js';

export const CHUNK_BYTES = 64 * 1024;

/** Where one dispatch's uniforms live: a slice of a chunk buffer. */
export interface UniformSlot {
  readonly buffer: GPUBuffer;
  readonly offset: number;
  readonly size: number;
}

interface Chunk {
  readonly buffer: GPUBuffer;
  readonly shadow: Uint8Array;
  used: number;
}

/**
 * Per-dispatch uniform data (shapes, strides, scalars) for one command encoder, packed into a few
 * 64 KiB uniform buffers instead of one buffer per dispatch. Dispatches fill a CPU-side shadow;
 * `upload()` writes it with `queue.writeBuffer` right before the encoder is submitted. Chunks are
 * reused by the next encoder: a `writeBuffer` is ordered after earlier submits on the queue, so it
 * cannot overwrite uniforms that submitted work still reads.
 */
export class UniformArena {
  private readonly chunks: Chunk[] = [];
  private current = 0;

  constructor(
    private readonly device: GPUDevice,
    private readonly alignment: number,
  ) {}

  /** Reserves space for `words` (32-bit) and copies them in. */
  allocate(words: Uint32Array): UniformSlot {
    const size = Math.max(16, words.byteLength);
    if (size > CHUNK_BYTES) throw new Error(`uniform block of ${size} bytes exceeds ${CHUNK_BYTES}`);
    let chunk = this.chunks[this.current];
    if (chunk !== undefined && chunk.used + size > CHUNK_BYTES) chunk = this.chunks[++this.current];
    if (chunk === undefined) {
      chunk = {
        buffer: this.device.createBuffer({ size: CHUNK_BYTES, usage: BufferUsage.UNIFORM | BufferUsage.COPY_DST, label: 'uniforms' }),
        shadow: new Uint8Array(CHUNK_BYTES),
        used: 0,
      };
      this.chunks[this.current] = chunk;
    }
    const offset = chunk.used;
    chunk.shadow.set(new Uint8Array(words.buffer, words.byteOffset, words.byteLength), offset);
    chunk.used = align(offset + size, this.alignment);
    return { buffer: chunk.buffer, offset, size };
  }

  /** Writes every chunk used since the last upload to the GPU and starts over. */
  upload(queue: GPUQueue): void {
    for (let i = 0; i <= this.current && i < this.chunks.length; i++) {
      const chunk = this.chunks[i]!;
      if (chunk.used > 0) queue.writeBuffer(chunk.buffer, 0, chunk.shadow, 0, Math.min(chunk.used, CHUNK_BYTES));
      chunk.used = 0;
    }
    this.current = 0;
  }

  /** Uniform buffers created (each CHUNK_BYTES), reused by every encoder. */
  get bufferCount(): number {
    return this.chunks.length;
  }

  destroy(): void {
    for (const chunk of this.chunks) chunk.buffer.destroy();
    this.chunks.length = 0;
  }
}

function align(n: number, to: number): number {
  return Math.ceil(n / to) * to;
}
