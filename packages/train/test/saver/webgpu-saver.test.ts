import * as tf from '@tf/graph';
import { webGpuBackendForTests } from '@tf/kernels-webgpu/testing';
import { Session } from '@tf/session';
import { afterAll, describe, expect, it } from 'vitest';
import { AdamOptimizer, latestCheckpoint, memoryFileStore, Saver } from '../../src/index.js';

// Checkpoints of a WebGPU session: the saver reads variables and slots back from the device, and
// restores by feeding them in one run. A checkpoint moves between devices: saved on WebGPU, it
// restores into a CPU session and the reverse, bit for bit.
const gpu = await webGpuBackendForTests('WebGPU saver tests');
afterAll(() => gpu?.dispose());

function build() {
  const graph = new tf.Graph();
  const parts = graph.asDefault(() => {
    const x = tf.constant([
      [1, 2],
      [3, -1],
      [0.5, 0.25],
    ]);
    const y = tf.constant([[1], [0], [2]]);
    const W = tf.Variable(tf.constant([[0.1], [-0.2]]), { name: 'dense/W' });
    const loss = tf.reduceMean(tf.square(tf.sub(tf.matmul(x, W), y)));
    return { W, loss, train: new AdamOptimizer(0.1).minimize(loss), init: tf.globalVariablesInitializer() };
  });
  return { graph, ...parts };
}

describe.runIf(gpu)('Saver with a WebGPU session', () => {
  it('saves what the device holds and restores across devices, bit for bit', async () => {
    const store = memoryFileStore();
    const onGpu = build();
    using gpuSession = new Session({ graph: onGpu.graph, backend: gpu! });
    gpuSession.run(onGpu.init);
    for (let i = 0; i < 3; i++) gpuSession.run(onGpu.train);
    const saver = onGpu.graph.asDefault(() => new Saver({ store }));
    await saver.save(gpuSession, 'gpu/model', { globalStep: 3 });
    const [w, m] = await gpuSession.runAsync([onGpu.W.value(), onGpu.graph.getTensorByName('dense/W/Adam:0')]);

    const onCpu = build();
    using cpuSession = new Session({ graph: onCpu.graph });
    const cpuSaver = onCpu.graph.asDefault(() => new Saver({ store }));
    await cpuSaver.restore(cpuSession, (await latestCheckpoint('gpu', store))!);
    expect(Array.from(cpuSession.run(onCpu.W).data)).toEqual(Array.from(w!.data));
    expect(Array.from(cpuSession.run('dense/W/Adam:0')!.data)).toEqual(Array.from(m!.data));

    // And back: the CPU session's state, restored into the WebGPU session.
    cpuSession.run(onCpu.train);
    await cpuSaver.save(cpuSession, 'cpu/model');
    await saver.restore(gpuSession, 'cpu/model');
    const [w2] = await gpuSession.runAsync([onGpu.W.value()]);
    expect(Array.from(w2!.data)).toEqual(Array.from(cpuSession.run(onCpu.W).data));
  });
});
