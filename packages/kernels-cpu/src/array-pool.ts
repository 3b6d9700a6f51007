import { ValueError, type DType, type TypedArray } from '@tf/graph';
import { allocArray, dtypeOfArray } from '@tf/graph/backend';

/** Default byte budget of released arrays a pool keeps: 256 MiB, like the WebGPU buffer pool's. */
export const DEFAULT_POOL_BYTES = 256 * 1024 * 1024;
/** Default number of released arrays kept per dtype and length. */
export const DEFAULT_MAX_PER_SIZE = 8;

export interface ArrayPoolOptions {
  /**
   * Most bytes of released arrays kept for reuse; past it, the arrays of the length least recently
   * given back go to the garbage collector first. 0 disables pooling; Infinity removes the
   * budget. Default 256 MiB.
   */
  readonly maxBytes?: number;
  /** Most released arrays kept per dtype and length. Default 8. */
  readonly maxPerSize?: number;
  /**
   * Where new arrays come from (default: ordinary typed arrays), and what happens to an array the
   * pool drops (default: nothing, the garbage collector takes it). The CPU backend allocates
   * float32 arrays in its WebAssembly heap and frees them here.
   */
  readonly storage?: ArrayStorage;
}

/** How a pool creates arrays and disposes of those it drops. */
export interface ArrayStorage {
  create(dtype: DType, size: number): TypedArray;
  destroy(array: TypedArray): void;
}

const ORDINARY_ARRAYS: ArrayStorage = { create: allocArray, destroy: () => {} };

/** What the pool holds: arrays handed out and not given back, and released arrays kept for reuse. */
export interface ArrayPoolStats {
  readonly liveArrays: number;
  readonly liveBytes: number;
  readonly pooledArrays: number;
  readonly pooledBytes: number;
}

/** Released arrays of one dtype and length. */
interface Bucket {
  readonly key: number;
  readonly arrays: TypedArray[];
  readonly bytes: number;
}

/** Small integers per dtype, so a bucket's key is one number (no string built per allocation). */
const DTYPE_CODE: Readonly<Record<DType, number>> = { float32: 0, float64: 1, int32: 2, bool: 3 };

/**
 * Released arrays kept for reuse, by dtype and length: a training loop allocates the same shapes
 * every step, so most allocations become a pop. Contents are stale, which is fine because
 * kernels write every output element.
 *
 * Bounded: at most `maxPerSize` arrays per dtype and length, and at most `maxBytes` in all. The
 * buckets sit in a Map in the order arrays were last given back to them, so eviction drops arrays
 * of the least recently used lengths first (a stream of ever-new batch lengths keeps recycling the
 * budget instead of growing it). The hot path (a take, a give to the bucket given to last) is a
 * Map lookup and an array pop or push.
 */
export class ArrayPool {
  /** Buckets in least-recently-given-to order (re-inserted on each give to another bucket). */
  private readonly free = new Map<number, Bucket>();
  /** Arrays handed out and not given back: a second give (or a foreign array) is ignored. */
  private readonly out = new WeakSet<TypedArray>();
  private readonly maxBytes: number;
  private readonly maxPerSize: number;
  private readonly storage: ArrayStorage;
  /** The bucket given to last: already at the end of `free`'s order. */
  private last: Bucket | undefined;
  private liveArrays = 0;
  private liveBytes = 0;
  private pooledArrays = 0;
  private pooledBytes = 0;
  private createdArrays = 0;
  /** Buckets holding at least one array (the rest are empty and swept when they pile up). */
  private filled = 0;

  constructor(options: ArrayPoolOptions = {}) {
    this.maxBytes = options.maxBytes ?? DEFAULT_POOL_BYTES;
    this.maxPerSize = options.maxPerSize ?? DEFAULT_MAX_PER_SIZE;
    this.storage = options.storage ?? ORDINARY_ARRAYS;
    // Infinity is allowed (no budget); NaN, negatives and non-numbers are not.
    if (typeof this.maxBytes !== 'number' || !(this.maxBytes >= 0)) {
      throw new ValueError(`poolBytes must be a non-negative number of bytes, but got ${String(this.maxBytes)}`);
    }
    if (!Number.isSafeInteger(this.maxPerSize) || this.maxPerSize < 0) {
      throw new ValueError(`poolArraysPerSize must be a non-negative integer, but got ${String(this.maxPerSize)}`);
    }
  }

  take(dtype: DType, size: number): TypedArray {
    const bucket = this.free.get(size * 4 + DTYPE_CODE[dtype]);
    let array = bucket?.arrays.pop();
    if (array === undefined) {
      array = this.storage.create(dtype, size);
      this.createdArrays++;
    } else {
      this.pooledArrays--;
      this.pooledBytes -= bucket!.bytes;
      if (bucket!.arrays.length === 0) this.filled--;
    }
    this.out.add(array);
    this.liveArrays++;
    this.liveBytes += array.byteLength;
    return array;
  }

  give(array: TypedArray): void {
    if (!this.out.delete(array)) return;
    const bytes = array.byteLength;
    this.liveArrays--;
    this.liveBytes -= bytes;
    // Beyond the budget, drop it rather than hoard memory.
    if (bytes > this.maxBytes) {
      this.storage.destroy(array);
      return;
    }
    let bucket = this.last;
    const key = array.length * 4 + DTYPE_CODE[dtypeOfArray(array)];
    if (bucket === undefined || bucket.key !== key) {
      bucket = this.free.get(key);
      if (bucket === undefined) {
        bucket = { key, arrays: [], bytes };
      } else {
        this.free.delete(key);
      }
      // Most recently given to: last in the Map's order, evicted last.
      this.free.set(key, bucket);
      this.last = bucket;
    }
    if (bucket.arrays.length >= this.maxPerSize) {
      this.storage.destroy(array);
      return;
    }
    if (bucket.arrays.length === 0) this.filled++;
    bucket.arrays.push(array);
    this.pooledArrays++;
    this.pooledBytes += bytes;
    if (this.pooledBytes > this.maxBytes) this.evict();
    else if (this.free.size > 2 * this.filled + 1024) this.sweep();
  }

  /** The array leaves the pool's accounting for good (handed to a caller, never given back). */
  forget(array: TypedArray): void {
    if (!this.out.delete(array)) return;
    this.liveArrays--;
    this.liveBytes -= array.byteLength;
  }

  /** Arrays `take` created because the pool held none of the dtype and length (ever; `clear` keeps it). */
  get created(): number {
    return this.createdArrays;
  }

  stats(): ArrayPoolStats {
    return { liveArrays: this.liveArrays, liveBytes: this.liveBytes, pooledArrays: this.pooledArrays, pooledBytes: this.pooledBytes };
  }

  /** Drops every released array (live arrays stay counted until given back). */
  clear(): void {
    for (const bucket of this.free.values()) for (const array of bucket.arrays) this.storage.destroy(array);
    this.free.clear();
    this.last = undefined;
    this.pooledArrays = 0;
    this.pooledBytes = 0;
    this.filled = 0;
  }

  /** Drops arrays of the least recently given-to lengths until the pool is within its budget. */
  private evict(): void {
    for (const bucket of this.free.values()) {
      const { arrays } = bucket;
      if (arrays.length > 0) {
        while (arrays.length > 0 && this.pooledBytes > this.maxBytes) {
          this.storage.destroy(arrays.pop()!);
          this.pooledArrays--;
          this.pooledBytes -= bucket.bytes;
        }
        if (arrays.length > 0) return;
        this.filled--;
      }
      // Deleting the entry being visited is safe while iterating a Map.
      this.free.delete(bucket.key);
      if (bucket === this.last) this.last = undefined;
      if (this.pooledBytes <= this.maxBytes) return;
    }
  }

  /** Removes empty buckets (lengths no longer allocated), so the Map stays the size of what it holds. */
  private sweep(): void {
    for (const bucket of this.free.values()) {
      if (bucket.arrays.length === 0 && bucket !== this.last) this.free.delete(bucket.key);
    }
  }
}
