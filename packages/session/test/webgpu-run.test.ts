import * as tf from '@tf/graph';
import { mulberry32 } from '@tf/graph/backend';
import { webGpuBackendForTests } from '@tf/kernels-webgpu/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { Session } from '../src/index.js';

// How a WebGPU session runs a training graph: dense layers as fused matmul kernels, and each
// `runAsync` as one command submission (the run's work and its read-backs together).
const gpu = await webGpuBackendForTests('WebGPU run tests');
afterAll(() => gpu?.dispose());

/** Uniform in [-scale, scale): initial weights both backends start from exactly. */
function weights(shape: number[], scale: number, seed: number): tf.NDArray {
  const random = mulberry32(seed);
  return new tf.NDArray(
    'float32',
    shape,
    Float32Array.from({ length: shape[0]! * (shape[1] ?? 1) }, () => (2 * random() - 1) * scale),
  );
}

/** Two dense layers (784 → 64 relu → 10), softmax cross entropy, one SGD step. */
function mlp() {
  const graph = new tf.Graph();
  return graph.asDefault(() => {
    const x = tf.placeholder('float32', [null, 784], 'x');
    const labels = tf.placeholder('float32', [null, 10], 'labels');
    const w1 = tf.Variable(weights([784, 64], 0.05, 1));
    const b1 = tf.Variable(tf.fill([64], 0.1));
    const w2 = tf.Variable(weights([64, 10], 0.2, 2));
    const b2 = tf.Variable(tf.zeros([10]));
    const hidden = tf.nn.relu(tf.add(tf.matmul(x, w1), b1));
    const logits = tf.add(tf.matmul(hidden, w2), b2);
    const loss = tf.reduceMean(tf.nn.softmaxCrossEntropyWithLogits({ labels, logits }));
    const vars = [w1, b1, w2, b2];
    const grads = tf.gradients(loss, vars);
    const step = tf.group(vars.map((v, i) => v.assignSub(tf.mul(grads[i]!, 0.1))));
    return { graph, x, labels, hidden, logits, loss, step, init: tf.globalVariablesInitializer() };
  });
}

function batch(seed: number) {
  const random = mulberry32(seed);
  const x = new tf.NDArray(
    'float32',
    [32, 784],
    Float32Array.from({ length: 32 * 784 }, () => random()),
  );
  const labels = new tf.NDArray(
    'float32',
    [32, 10],
    Float32Array.from({ length: 320 }, (_, i) => (i % 10 === i % 7 ? 1 : 0)),
  );
  return { x, labels };
}

describe.runIf(gpu)('WebGPU session runs', () => {
  const backend = gpu!;

  it('trains fused dense layers to the same losses as the CPU and as unfused WebGPU kernels', async () => {
    const losses = async (session: Session, m: ReturnType<typeof mlp>) => {
      await session.runAsync(m.init);
      const out: number[] = [];
      for (let i = 0; i < 4; i++) {
        const { x, labels } = batch(1);
        const [, loss] = await session.runAsync(
          [m.step, m.loss],
          [
            [m.x, x],
            [m.labels, labels],
          ],
        );
        out.push(loss.item() as number);
      }
      session.close();
      return out;
    };
    const m = mlp();
    const sourcesBefore = backend.shaderSources().size;
    const fused = await losses(new Session({ graph: m.graph, backend }), m);
    const fusedPipelines = [...backend.shaderSources().keys()].filter((k) => k.includes(':bias'));
    expect(
      fusedPipelines.some((k) => k.includes(':bias:Relu')),
      'a matmul pipeline with a bias + Relu epilogue',
    ).toBe(true);
    expect(backend.shaderSources().size).toBeGreaterThan(sourcesBefore);
    const unfused = await losses(new Session({ graph: m.graph, backend, fuseOps: false }), m);
    const cpu = await losses(new Session({ graph: m.graph }), m);
    expect(fused[3]).toBeLessThan(fused[0]!);
    fused.forEach((loss, i) => {
      expect(Math.abs(loss - cpu[i]!), `step ${i} vs CPU`).toBeLessThan(1e-4 * Math.abs(cpu[i]!) + 1e-5);
      expect(Math.abs(loss - unfused[i]!), `step ${i} vs unfused`).toBeLessThan(1e-4 * Math.abs(unfused[i]!) + 1e-5);
    });
  });

  it('submits a train step and the read-back of its loss as one command buffer', async () => {
    const m = mlp();
    const session = new Session({ graph: m.graph, backend });
    await session.runAsync(m.init);
    const { x, labels } = batch(9);
    const feeds: [tf.Tensor, tf.NDArray][] = [
      [m.x, x],
      [m.labels, labels],
    ];
    await session.runAsync([m.step, m.loss], feeds);
    const before = backend.stats();
    await session.runAsync([m.step, m.loss, m.logits], feeds);
    const after = backend.stats();
    expect(after.submits - before.submits).toBe(1);
    expect(after.readBacks - before.readBacks).toBe(2);
    // A synchronous step submits once and reads nothing back.
    session.run(m.step, feeds);
    const sync = backend.stats();
    expect(sync.submits - after.submits).toBe(1);
    expect(sync.readBacks - after.readBacks).toBe(0);
    session.close();
  });
});
