import * as tf from '@tf/graph';
import { webGpuSkipReason } from '@tf/kernels-webgpu/testing';
import { describe, expect, it } from 'vitest';
import { FailedPreconditionError, Session } from '../src/index.js';

// The one WebGPU test set-up: SwiftShader where there is no GPU; without an adapter, skip locally
// (the reason printed once) and fail under CI=true.
const available = (await webGpuSkipReason("new Session({ device: 'webgpu' }) tests")) === undefined;

function model() {
  const graph = new tf.Graph();
  return graph.asDefault(() => {
    tf.setRandomSeed(3);
    const x = tf.placeholder('float32', [null, 4], 'x');
    const t = tf.placeholder('float32', [null, 3], 't');
    const W = tf.Variable(tf.truncatedNormal([4, 3], { stddev: 0.5 }), { name: 'W' });
    const b = tf.Variable(tf.zeros([3]), { name: 'b' });
    const logits = tf.add(tf.matmul(x, W), b);
    const loss = tf.reduceMean(tf.nn.softmaxCrossEntropyWithLogits({ labels: t, logits }));
    const [dW, db] = tf.gradients(loss, [W, b]);
    const step = tf.group([W.assignSub(tf.mul(dW!, 0.5)), b.assignSub(tf.mul(db!, 0.5))]);
    return { graph, x, t, W, loss, step, init: tf.globalVariablesInitializer() };
  });
}

const feeds = (m: ReturnType<typeof model>) =>
  [
    [
      m.x,
      [
        [1, 2, 3, 4],
        [0, -1, 2, 1],
        [3, 0, -2, 1],
      ],
    ],
    [
      m.t,
      [
        [1, 0, 0],
        [0, 1, 0],
        [0, 0, 1],
      ],
    ],
  ] as [tf.Tensor, number[][]][];

describe.runIf(available)("new Session({ device: 'webgpu' })", () => {
  it('queues op-only runs while the device starts, trains like the CPU, and fetches with runAsync', async () => {
    const m = model();
    const gpu = new Session({ graph: m.graph, device: 'webgpu' });
    const cpu = new Session({ graph: m.graph });
    // Both sessions draw the same initial weights: the variables are fed the CPU's values.
    gpu.run(m.init);
    cpu.run(m.init);
    const W0 = cpu.run(m.W);
    await gpu.runAsync(m.W.initializer, [[m.W.initialValue, W0]]);
    for (let i = 0; i < 5; i++) {
      gpu.run(m.step, feeds(m));
      cpu.run(m.step, feeds(m));
    }
    expect(gpu.device).toBe('webgpu');
    const [gpuLoss, gpuW] = await gpu.runAsync([m.loss, m.W], feeds(m));
    const [cpuLoss, cpuW] = cpu.run([m.loss, m.W], feeds(m));
    expect(gpuLoss.item()).toBeCloseTo(cpuLoss.item() as number, 4);
    Array.from(gpuW.data).forEach((v, i) => expect(v).toBeCloseTo(cpuW.data[i]!, 4));
    gpu.close();
    cpu.close();
  });

  it('says to use the async form for a synchronous tensor fetch', async () => {
    const m = model();
    const gpu = new Session({ graph: m.graph, device: 'webgpu' });
    expect(() => gpu.run(m.loss, feeds(m))).toThrow(FailedPreconditionError);
    gpu.run(m.init);
    await gpu.ready;
    expect(() => gpu.run(m.loss, feeds(m))).toThrow(/runAsync|evalAsync/);
    expect((await m.loss.evalAsync(feeds(m), gpu)).shape).toEqual([]);
    gpu.close();
  });
});
