import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import * as tf from '@tf/graph';
import { createWebGpuBackend } from '@tf/kernels-webgpu';
import { nodeGpuForTests, webGpuSkipReason } from '@tf/kernels-webgpu/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_PLAN_CACHE_SIZE, Session, ValueError } from '../src/index.js';
import { planKey } from '../src/plan-cache.js';

// Bounded memory (issue 13): the CPU pool has a byte budget, the plan cache is an LRU, memory()
// counts what a session holds, and close() gives it all back. Memory is measured in bytes and
// counts, never in time; bounds on process memory are generous (garbage the pool dropped may
// not be collected yet) but far below what unbounded growth reaches.

const MiB = 1024 * 1024;
const ZERO = { liveBuffers: 0, liveBytes: 0, pooledBuffers: 0, pooledBytes: 0 };

// The JS heap after a full garbage collection is deterministic: what is left is referenced.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const heapAfterGc = () => {
  gc();
  return process.memoryUsage().heapUsed;
};

beforeEach(() => tf.resetDefaultGraph());

/** A layer on a batch of any length: y = sum(relu(x · W)), x [n, 16]. */
function layer() {
  const x = tf.placeholder('float32', [null, 16], 'x');
  const W = tf.Variable(tf.fill([16, 16], 0.01), { name: 'W' });
  const h = tf.nn.relu(tf.matmul(x, W));
  return { x, W, h, y: tf.reduceSum(h) };
}

function batch(rows: number): tf.NDArray {
  return new tf.NDArray('float32', [rows, 16], new Float32Array(rows * 16).fill(1));
}

describe('plan cache: an LRU of planCacheSize plans, keyed without ambiguity', () => {
  // The report: with names joined by ',', a tensor named 'p:0,q:0' was served the plan of
  // [p:0, q:0] (`s.run(w)` returned 1, not 99). Such names are now refused when an op is created;
  // the key does not rely on it.
  it('keys quote every name: a tensor named like two tensors is its own signature', () => {
    expect(planKey(['p:0', 'q:0'], [], [])).not.toBe(planKey(['p:0,q:0'], [], []));
    expect(planKey(['a:0'], ['b'], [])).not.toBe(planKey(['a:0', 'b'], [], []));
    expect(planKey(['a:0|b'], [], [])).not.toBe(planKey(['a:0'], ['b'], []));
    expect(planKey([], [], ['x:0'])).not.toBe(planKey(['x:0'], [], []));
    expect(planKey(['"],["'], [], [])).not.toBe(planKey([''], [''], []));
  });

  it(`defaults to ${DEFAULT_PLAN_CACHE_SIZE} plans; least recently used signatures are dropped and planned again`, () => {
    const x = tf.placeholder('float32', [], 'x');
    const outputs = Array.from({ length: 6 }, (_, i) => tf.add(x, i, `plus${i}`));
    using s = new Session({ planCacheSize: 3 });
    expect(s.memory().plans).toEqual({ cached: 0, capacity: 3 });
    for (const [i, y] of outputs.entries()) expect(s.run(y, [[x, 10]]).item()).toBe(10 + i);
    expect(s.cachedPlanCount).toBe(3);
    // plus3 is the least recently used of the three held: using it keeps it over plus4.
    s.run(outputs[3]!, [[x, 0]]);
    s.run(outputs[0]!, [[x, 0]]);
    expect(s.cachedPlanCount).toBe(3);
    expect(s.run(outputs[3]!, [[x, 1]]).item()).toBe(4);
    expect(s.run(outputs[4]!, [[x, 1]]).item()).toBe(5);
    expect(new Session().memory().plans.capacity).toBe(DEFAULT_PLAN_CACHE_SIZE);
  });

  it('planCacheSize 0 keeps none; a negative or fractional size is a ValueError', () => {
    const c = tf.constant(3);
    using s = new Session({ planCacheSize: 0 });
    expect(s.run(c).item()).toBe(3);
    expect(s.cachedPlanCount).toBe(0);
    expect(() => new Session({ planCacheSize: -1 })).toThrow(ValueError);
    expect(() => new Session({ planCacheSize: 2.5 })).toThrow(ValueError);
  });

  it('thousands of distinct signatures: the cache stays at its size, and so does the heap', () => {
    const x = tf.placeholder('float32', [], 'x');
    // Each signature's plan reads a chain of 20 ops, so a plan is not tiny.
    const outputs = Array.from({ length: 3000 }, (_, i) => {
      let y = tf.add(x, i);
      for (let k = 0; k < 19; k++) y = tf.neg(y);
      return y;
    });
    using s = new Session();
    let warmHeap = 0;
    for (const [i, y] of outputs.entries()) {
      expect(s.run(y, [[x, 1]]).item()).toBe(-(1 + i));
      expect(s.cachedPlanCount).toBeLessThanOrEqual(DEFAULT_PLAN_CACHE_SIZE);
      if (i === 500) warmHeap = heapAfterGc();
    }
    expect(s.memory().plans).toEqual({ cached: DEFAULT_PLAN_CACHE_SIZE, capacity: DEFAULT_PLAN_CACHE_SIZE });
    // Unbounded, the 2,500 plans made after the first 500 stay referenced: ~33 MB (~12 KB each).
    // Bounded, what grows is the per-op kernel state of the 50,000 ops run (~4 MB), which the
    // graph's size bounds.
    expect(heapAfterGc() - warmHeap).toBeLessThan(12 * MiB);
  });
});

describe('memory(): live and pooled storage per device, variables, plans', () => {
  it('counts the variables between runs, intermediates only during them, and nothing after close', () => {
    const { x, W, y } = layer();
    const sess = new Session();
    const none = { count: 0, bytes: 0 };
    const empty = { devices: { cpu: ZERO }, variables: none, constants: { cpu: none }, plans: { cached: 0, capacity: 128 } };
    expect(sess.memory()).toEqual(empty);
    sess.run(W.initializer);
    expect(sess.memory().variables).toEqual({ count: 1, bytes: 16 * 16 * 4 });
    expect(sess.memory().devices['cpu']).toMatchObject({ liveBuffers: 1, liveBytes: 1024 });
    expect(sess.run(y, [[x, batch(4)]]).item()).toBeCloseTo(4 * 16 * 16 * 0.01);
    const after = sess.memory();
    // Only W stays live; the run's feed and intermediates went back to the pool.
    expect(after.devices['cpu']).toMatchObject({ liveBuffers: 1, liveBytes: 1024 });
    expect(after.devices['cpu']!.pooledBuffers).toBeGreaterThan(0);
    expect(after.plans.cached).toBe(2);
    expect(after.constants).toEqual({ cpu: none });
    // Computed again, the sum's reduction axes (a Const, int32 [0, 1]) are held from now on:
    // counted live too.
    sess.run(y, [[x, batch(4)]]);
    expect(sess.memory().constants).toEqual({ cpu: { count: 1, bytes: 8 } });
    expect(sess.memory().devices['cpu']).toMatchObject({ liveBuffers: 2, liveBytes: 1032 });
    sess.close();
    expect(sess.memory()).toEqual(empty);
  });

  it('a fetched value is handed over, not counted; failed runs release what they held', () => {
    const { x, W, h } = layer();
    using sess = new Session();
    sess.run(W.initializer);
    const kept = sess.run(h, [[x, batch(3)]]);
    expect(kept.shape).toEqual([3, 16]);
    expect(sess.memory().devices['cpu']!.liveBuffers).toBe(1);
    const wrong = tf.placeholder('float32', null, 'wrong');
    const bad = tf.matmul(wrong, W);
    for (let i = 0; i < 5; i++) expect(() => sess.run(bad, [[wrong, new tf.NDArray('float32', [2, 3], new Float32Array(6))]])).toThrow();
    expect(sess.memory().devices['cpu']!.liveBuffers).toBe(1);
  });

  it('3,000 distinct batch lengths: the pool stays within cpuPoolBytes, live buffers and process memory flat', () => {
    const { x, W, y } = layer();
    using sess = new Session({ cpuPoolBytes: 8 * MiB });
    sess.run(W.initializer);
    const run = (rows: number) => sess.run(y, [[x, batch(rows)]]).item();
    for (let rows = 800; rows < 1000; rows++) run(rows);
    const warm = process.memoryUsage();
    let pooledMax = 0;
    // Unbounded (up to 8 arrays kept per length), these would keep the feed, the product and the
    // relu of every length, 64–256 KB each: over 1.4 GB.
    for (let rows = 1000; rows < 4000; rows++) {
      expect(run(rows)).toBeCloseTo(rows * 16 * 16 * 0.01, 0);
      const cpu = sess.memory().devices['cpu']!;
      // W and the held reduction axes.
      expect(cpu.liveBuffers).toBe(2);
      pooledMax = Math.max(pooledMax, cpu.pooledBytes);
    }
    const end = process.memoryUsage();
    expect(pooledMax).toBeLessThanOrEqual(8 * MiB);
    // Dropped arrays wait for the garbage collector: a generous bound, well below 1.4 GB.
    expect(end.arrayBuffers - warm.arrayBuffers).toBeLessThan(256 * MiB);
    expect(end.rss - warm.rss).toBeLessThan(512 * MiB);
    expect(sess.cachedPlanCount).toBe(2);
  });

  it('the default budget is 256 MiB, and cpuPoolBytes 0 pools nothing', () => {
    const { x, W, y } = layer();
    using sess = new Session({ cpuPoolBytes: 0 });
    sess.run(W.initializer);
    sess.run(y, [[x, batch(10)]]);
    expect(sess.memory().devices['cpu']).toMatchObject({ liveBuffers: 1, pooledBuffers: 0, pooledBytes: 0 });
  });
});

const webGpuReason = await webGpuSkipReason('WebGPU session memory tests');

describe.skipIf(webGpuReason)('memory() on WebGPU', () => {
  it('distinct batch lengths and signatures keep live buffers and pipelines flat; close gives every buffer back', async () => {
    const backend = await createWebGpuBackend({ gpu: nodeGpuForTests() });
    const { x, W, y } = layer();
    const extra = Array.from({ length: 40 }, (_, i) => tf.add(y, i));
    const sess = new Session({ backend, planCacheSize: 16 });
    sess.run(W.initializer);
    const run = (rows: number) => sess.runAsync([y, extra[rows % extra.length]!], [[x, batch(rows)]]);
    // Warm-up: every signature twice (constant folding holds each extra output's constant from its
    // second computation on, until close).
    for (let round = 0; round < 2; round++) for (let rows = 1; rows <= extra.length; rows++) await run(rows);
    const warm = sess.memory().devices['webgpu']!;
    const pipelines = backend.stats().pipelines;
    for (let rows = extra.length + 1; rows <= 240; rows++) {
      const [sum, shifted] = await run(rows);
      expect(sum!.item()).toBeCloseTo(rows * 16 * 16 * 0.01, 1);
      expect(shifted!.item()).toBeCloseTo(rows * 16 * 16 * 0.01 + (rows % extra.length), 1);
      const gpu = sess.memory().devices['webgpu']!;
      expect(gpu.liveBuffers).toBe(warm.liveBuffers);
      expect(gpu.liveBytes).toBe(warm.liveBytes);
    }
    // The tensor pool is trimmed to its 256 MiB budget after each submit; the read-back pool to 64 MiB.
    expect(sess.memory().devices['webgpu']!.pooledBytes).toBeLessThanOrEqual(320 * MiB);
    // Pipelines are keyed by program, not by shape: the same few serve every batch length.
    expect(backend.stats().pipelines).toBeLessThanOrEqual(pipelines + 2);
    expect(sess.cachedPlanCount).toBe(16);
    sess.close();
    // The session released its variables; the caller's backend keeps its pool until disposed.
    expect(backend.memory().liveBuffers).toBeLessThanOrEqual(warm.liveBuffers - 1);
    backend.dispose();
    expect(backend.memory()).toEqual(ZERO);
  });

  it("a session's own WebGPU device reports zero live buffers and bytes after close", async () => {
    const { x, W, y } = layer();
    const sess = new Session({ device: 'webgpu' });
    sess.run(W.initializer);
    for (let rows = 1; rows <= 10; rows++) await sess.runAsync(y, [[x, batch(rows)]]);
    expect(sess.memory().devices['webgpu']!.liveBuffers).toBeGreaterThan(1);
    expect(sess.memory().variables).toEqual({ count: 1, bytes: 1024 });
    sess.close();
    expect(sess.memory().devices).toEqual({ cpu: ZERO, webgpu: ZERO });
  });
});
