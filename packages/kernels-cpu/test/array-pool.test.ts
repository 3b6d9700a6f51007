import { ValueError, type TypedArray } from '@tf/graph';
import { describe, expect, it } from 'vitest';
import { ArrayPool, DEFAULT_MAX_PER_SIZE, DEFAULT_POOL_BYTES } from '../src/array-pool.js';
import { createCpuBackend, DEFAULT_POOL_BYTES as exported } from '../src/index.js';

const KiB = 1024;

describe('ArrayPool: a byte budget with least-recently-used eviction', () => {
  it('defaults: 256 MiB, 8 arrays per dtype and length (exported for docs and tests)', () => {
    expect(DEFAULT_POOL_BYTES).toBe(256 * 1024 * 1024);
    expect(exported).toBe(DEFAULT_POOL_BYTES);
    expect(DEFAULT_MAX_PER_SIZE).toBe(8);
  });

  it('counts live and pooled arrays and bytes', () => {
    const pool = new ArrayPool();
    const a = pool.take('float32', 10);
    const b = pool.take('float64', 10);
    expect(pool.stats()).toEqual({ liveArrays: 2, liveBytes: 120, pooledArrays: 0, pooledBytes: 0 });
    pool.give(a);
    expect(pool.stats()).toEqual({ liveArrays: 1, liveBytes: 80, pooledArrays: 1, pooledBytes: 40 });
    pool.give(a); // a double release changes nothing
    pool.give(new Float32Array(10)); // nor does an array the pool never handed out
    expect(pool.stats()).toEqual({ liveArrays: 1, liveBytes: 80, pooledArrays: 1, pooledBytes: 40 });
    expect(pool.take('float32', 10)).toBe(a);
    pool.forget(b); // handed to a caller for good
    expect(pool.stats()).toEqual({ liveArrays: 1, liveBytes: 40, pooledArrays: 0, pooledBytes: 0 });
    pool.give(b); // and never taken back
    expect(pool.stats().pooledArrays).toBe(0);
  });

  it('never keeps more than its budget: the least recently released lengths go first', () => {
    const pool = new ArrayPool({ maxBytes: 10 * KiB });
    // 4 KiB each: three lengths of float32.
    const [a, b, c] = [1000, 1001, 1002].map((n) => pool.take('float32', n)) as [TypedArray, TypedArray, TypedArray];
    pool.give(a);
    pool.give(b);
    expect(pool.stats().pooledArrays).toBe(2);
    pool.give(c); // 12 KiB > 10 KiB: a's length (least recently released) is evicted
    expect(pool.stats()).toMatchObject({ pooledArrays: 2, pooledBytes: 8012 });
    expect(pool.take('float32', 1000)).not.toBe(a);
    expect(pool.take('float32', 1001)).toBe(b);
    expect(pool.take('float32', 1002)).toBe(c);
  });

  it('a length released again becomes the most recent and survives eviction', () => {
    const pool = new ArrayPool({ maxBytes: 10 * KiB });
    const a1 = pool.take('float32', 1000);
    const a2 = pool.take('float32', 1000);
    const b = pool.take('float32', 1001);
    const c = pool.take('float32', 1002);
    pool.give(a1);
    pool.give(b);
    // a's length is released again: now the most recent, so b's (the oldest) makes room.
    pool.give(a2);
    expect(pool.stats()).toMatchObject({ pooledArrays: 2, pooledBytes: 8000 });
    // Over again: a's length is now the oldest, and losing one of its arrays is enough.
    pool.give(c);
    expect(pool.stats()).toMatchObject({ pooledArrays: 2, pooledBytes: 8008 });
    expect(pool.take('float32', 1002)).toBe(c);
    expect(pool.take('float32', 1001)).not.toBe(b);
    expect([a1, a2]).toContain(pool.take('float32', 1000));
  });

  it('keeps at most maxPerSize arrays of one length, and none larger than the budget', () => {
    const pool = new ArrayPool({ maxBytes: 1000, maxPerSize: 2 });
    const arrays = [1, 2, 3].map(() => pool.take('int32', 4));
    for (const a of arrays) pool.give(a);
    expect(pool.stats()).toMatchObject({ liveArrays: 0, pooledArrays: 2, pooledBytes: 32 });
    const big = pool.take('float32', 1000);
    pool.give(big);
    expect(pool.stats()).toMatchObject({ liveArrays: 0, pooledArrays: 2, pooledBytes: 32 });
  });

  it('maxBytes 0 pools nothing, but still counts live arrays', () => {
    const pool = new ArrayPool({ maxBytes: 0 });
    const a = pool.take('float32', 3);
    expect(pool.stats().liveArrays).toBe(1);
    pool.give(a);
    expect(pool.stats()).toEqual({ liveArrays: 0, liveBytes: 0, pooledArrays: 0, pooledBytes: 0 });
    expect(pool.take('float32', 3)).not.toBe(a);
  });

  it('thousands of distinct lengths stay within the budget and the bucket map stays small', () => {
    const pool = new ArrayPool({ maxBytes: 64 * KiB });
    for (let n = 1; n <= 5000; n++) {
      const a = pool.take('float32', n);
      const b = pool.take('float32', n);
      pool.give(a);
      pool.give(b);
      expect(pool.stats().pooledBytes).toBeLessThanOrEqual(64 * KiB);
    }
    expect(pool.stats().liveArrays).toBe(0);
    // Every bucket left holds arrays within the budget: a few lengths, not 5000.
    const buckets = (pool as unknown as { free: Map<number, unknown> }).free.size;
    expect(buckets).toBeLessThan(100);
  });

  it('empty buckets of lengths no longer used are swept', () => {
    const pool = new ArrayPool();
    for (let n = 1; n <= 5000; n++) {
      const a = pool.take('float32', n);
      pool.give(a);
      pool.take('float32', n); // taken again: its bucket is empty, and never refilled
    }
    const buckets = (pool as unknown as { free: Map<number, unknown> }).free.size;
    expect(buckets).toBeLessThanOrEqual(1025);
    expect(pool.stats()).toMatchObject({ liveArrays: 5000, pooledArrays: 0 });
  });

  it('clear drops the pooled arrays; live ones stay counted until released', () => {
    const pool = new ArrayPool();
    const a = pool.take('bool', 5);
    const b = pool.take('bool', 5);
    pool.give(a);
    pool.clear();
    expect(pool.stats()).toEqual({ liveArrays: 1, liveBytes: 5, pooledArrays: 0, pooledBytes: 0 });
    pool.give(b);
    expect(pool.stats()).toEqual({ liveArrays: 0, liveBytes: 0, pooledArrays: 1, pooledBytes: 5 });
  });
});

describe('createCpuBackend: pool options and memory()', () => {
  it('refuses a negative, NaN or non-numeric budget and a fractional per-size cap (ValueError)', () => {
    for (const poolBytes of [-1, Number.NaN, '1' as unknown as number]) {
      expect(() => createCpuBackend({ poolBytes })).toThrow(ValueError);
    }
    expect(() => createCpuBackend({ poolArraysPerSize: 1.5 })).toThrow(/poolArraysPerSize must be a non-negative integer/);
    expect(() => createCpuBackend({ poolBytes: Number.POSITIVE_INFINITY })).not.toThrow();
  });

  it('memory() counts allocations, releases and detached arrays; poolBytes bounds the pool', () => {
    const backend = createCpuBackend({ poolBytes: 1000 });
    const a = backend.allocate({ dtype: 'float32', shape: [100] });
    const b = backend.allocate({ dtype: 'float32', shape: [200] });
    expect(backend.memory()).toEqual({ liveBuffers: 2, liveBytes: 1200, pooledBuffers: 0, pooledBytes: 0 });
    backend.release(a);
    backend.release(b); // 800 bytes: over the 1000-byte budget with a, so a's length is dropped
    expect(backend.memory()).toEqual({ liveBuffers: 0, liveBytes: 0, pooledBuffers: 1, pooledBytes: 800 });
    const c = backend.allocate({ dtype: 'int32', shape: [3] });
    expect(backend.detach!(c)).toBe(c);
    expect(backend.memory()).toMatchObject({ liveBuffers: 0, liveBytes: 0 });
    backend.dispose();
    expect(backend.memory()).toEqual({ liveBuffers: 0, liveBytes: 0, pooledBuffers: 0, pooledBytes: 0 });
  });

  it('poolArraysPerSize caps one length', () => {
    const backend = createCpuBackend({ poolArraysPerSize: 1 });
    const arrays = [0, 1, 2].map(() => backend.allocate({ dtype: 'float32', shape: [2] }));
    for (const a of arrays) backend.release(a);
    expect(backend.memory().pooledBuffers).toBe(1);
  });
});
