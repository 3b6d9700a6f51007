import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { mnist } from '@tf/datasets';
import type * as tf from '@tf/graph';
import { Session, type SessionMemory } from '@tf/session';
import { describe, expect, it } from 'vitest';
import { seedMlp } from '../mnist-mlp-webgpu.js';
import { webGpuUnavailable } from './webgpu-available.js';

// The CI-sized soak of issue 13: docs/api.md §1's seed MLP trained for 10 epochs on a small subset
// of the built-in MNIST sample, then 10,000 inference runs with varying batch sizes (1 to 100 on
// the CPU; 1 to 10 on WebGPU, since without a GPU SwiftShader computes on the CPU at ~5-10 ms a
// run). After warm-up (every batch size), the live buffers of every device stay exactly flat
// (sess.memory()), the CPU pool stays within its budget, and the process's memory stays within
// a generous bound (the garbage collector decides when dropped arrays go). Counts and bytes, never
// time.

const TRAIN_EXAMPLES = 500;
const BATCH = 50;
const EPOCHS = 10;
const INFERENCE_RUNS = 10_000;
const WARM_UP_RUNS = 100;
const GROUP = 20;
const MiB = 1024 * 1024;

// A full garbage collection before measuring the JS heap makes it deterministic: what is left is
// what something still references. (Node's documented way to reach gc() without --expose-gc.)
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const heapAfterGc = () => {
  gc();
  return process.memoryUsage().heapUsed;
};

const { train, valid } = await mnist.load();
const skipReason = await webGpuUnavailable();
if (skipReason) process.stderr.write(`Skipping the WebGPU soak test: ${skipReason}\n`);

/** Batch sizes 1..maxBatch in a scrambled but fixed order, repeated (37 is prime to 10 and 100). */
const batchSizes = (maxBatch: number) => (i: number) => ((i * 37) % maxBatch) + 1;

function liveBuffers(memory: SessionMemory): Record<string, number> {
  return Object.fromEntries(Object.entries(memory.devices).map(([device, m]) => [device, m.liveBuffers]));
}

async function soak(device: 'cpu' | 'webgpu', maxBatch: number) {
  const batchSize = batchSizes(maxBatch);
  const m = seedMlp(1);
  const sess = new Session({ graph: m.graph, device });
  try {
    await sess.runAsync(m.init);
    const images = train.images.slice(0, TRAIN_EXAMPLES);
    const labels = train.labels.slice(0, TRAIN_EXAMPLES);
    const costs: number[] = [];
    for (let epoch = 0; epoch < EPOCHS; epoch++) {
      for (let start = 0; start < TRAIN_EXAMPLES; start += BATCH) {
        sess.run(m.trainStep, [
          [m.x, images.slice(start, start + BATCH)],
          [m.t, labels.slice(start, start + BATCH)],
        ]);
      }
      const feeds: [tf.Tensor, tf.NDArray][] = [
        [m.x, images],
        [m.t, labels],
      ];
      costs.push((await sess.runAsync(m.cost, feeds)).item() as number);
    }
    // It learned: the cost fell, and the held-out accuracy is far above chance.
    expect(costs[EPOCHS - 1]).toBeLessThan(costs[0]!);
    const validAccuracy = (
      await sess.runAsync(m.accuracy, [
        [m.x, valid.images],
        [m.t, valid.labels],
      ])
    ).item() as number;
    expect(validAccuracy).toBeGreaterThan(0.6);
    const afterTraining = sess.memory();

    const infer = async (i: number) => {
      const n = batchSize(i);
      const start = (i * 13) % (valid.images.shape[0]! - n);
      const logits = await sess.runAsync(m.hFc, [[m.x, valid.images.slice(start, start + n)]]);
      expect(logits.shape).toEqual([n, 10]);
    };
    // Runs go in groups issued together (as a server would), so on WebGPU their read-backs overlap.
    const group = (first: number) => Promise.all(Array.from({ length: GROUP }, (_, k) => infer(first + k)));
    // Warm-up: every batch size at least once.
    for (let i = 0; i < WARM_UP_RUNS; i += GROUP) await group(i);
    const warm = sess.memory();
    const warmHeap = heapAfterGc();
    const warmRss = process.memoryUsage().rss;
    let peakRss = warmRss;
    for (let i = WARM_UP_RUNS; i < INFERENCE_RUNS; i += GROUP) {
      await group(i);
      if (i % 500 === 0) {
        expect(liveBuffers(sess.memory()), `live buffers after ${i} inference runs`).toEqual(liveBuffers(warm));
        peakRss = Math.max(peakRss, process.memoryUsage().rss);
      }
    }
    const end = sess.memory();
    // Exactly flat: the variables, plus on WebGPU the graph's constants and uniform buffers.
    expect(liveBuffers(end)).toEqual(liveBuffers(warm));
    expect(end.variables).toEqual({ count: 4, bytes: (784 * 256 + 256 + 256 * 10 + 10) * 4 });
    expect(end.devices['cpu']!.pooledBytes).toBeLessThanOrEqual(256 * MiB);
    expect(end.plans.cached).toBe(afterTraining.plans.cached + 1);
    // ~1 KB a run retained anywhere would be 10 MB here.
    const endHeap = heapAfterGc();
    expect(endHeap - warmHeap, 'JS heap growth after warm-up (after a full GC)').toBeLessThan(4 * MiB);
    expect(peakRss - warmRss, 'RSS growth after warm-up').toBeLessThan(256 * MiB);
    const mb = (bytes: number) => `${Math.round(bytes / MiB)} MB`;
    process.stderr.write(
      `soak ${device}: RSS ${mb(warmRss)} after warm-up, peak ${mb(peakRss)}; JS heap ${mb(warmHeap)} → ${mb(endHeap)}; ` +
        `live buffers ${JSON.stringify(liveBuffers(end))}\n`,
    );
    return { costs, validAccuracy, warmRss, peakRss };
  } finally {
    sess.close();
    // close() returns everything: every device's counters are back to zero.
    for (const [device, memory] of Object.entries(sess.memory().devices)) {
      expect(memory, `${device} after close`).toEqual({ liveBuffers: 0, liveBytes: 0, pooledBuffers: 0, pooledBytes: 0 });
    }
  }
}

describe('soak: 10 epochs of the seed MLP, then 10,000 inference runs of varying batch sizes', () => {
  it('on the CPU: live buffers flat, pool within budget, RSS bounded', async () => {
    const { validAccuracy } = await soak('cpu', 100);
    expect(validAccuracy).toBeGreaterThan(0.6);
  }, 300_000);

  it.skipIf(skipReason !== undefined)(
    'on WebGPU: device buffers flat after warm-up, RSS bounded, zero after close',
    async () => {
      await soak('webgpu', 10);
    },
    900_000,
  );
});
