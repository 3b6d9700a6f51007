import * as tf from '@tf/graph';
import { mulberry32 } from '@tf/graph/backend';
import { webGpuBackendForTests } from '@tf/kernels-webgpu/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { Session } from '../src/index.js';

// `sess.prepare(fetches, feeds)` builds the run's plan ahead and, on WebGPU, compiles every pipeline
// its steps dispatch for those feeds' shapes (backward steps included: their shapes come from shape
// arithmetic evaluated at plan time), without running anything.
const gpu = await webGpuBackendForTests('Session.prepare tests');
afterAll(() => gpu?.dispose());

/** A dense layer and a softmax layer trained by SGD, as the seed MLP (smaller). */
function model() {
  const graph = new tf.Graph();
  return graph.asDefault(() => {
    const random = mulberry32(3);
    const init = (shape: number[]) =>
      new tf.NDArray(
        'float32',
        shape,
        Float32Array.from({ length: shape[0]! * (shape[1] ?? 1) }, () => random() - 0.5),
      );
    const x = tf.placeholder('float32', [null, 20], 'x');
    const t = tf.placeholder('float32', [null, 4], 't');
    const w1 = tf.Variable(init([20, 6]), { name: 'w1' });
    const b1 = tf.Variable(tf.zeros([6]), { name: 'b1' });
    const w2 = tf.Variable(init([6, 4]), { name: 'w2' });
    const h = tf.nn.relu(tf.add(tf.matmul(x, w1), b1));
    const logits = tf.matmul(h, w2);
    const cost = tf.reduceMean(tf.nn.softmaxCrossEntropyWithLogits({ labels: t, logits }));
    const vars = [w1, b1, w2];
    const grads = tf.gradients(cost, vars);
    const step = tf.group(vars.map((v, i) => v.assignSub(tf.mul(grads[i]!, 0.5))));
    return { graph, x, t, w1, cost, step, init: tf.globalVariablesInitializer() };
  });
}

function feeds(m: ReturnType<typeof model>, batch: number): [tf.Tensor, tf.NDArray][] {
  const random = mulberry32(batch);
  return [
    [
      m.x,
      new tf.NDArray(
        'float32',
        [batch, 20],
        Float32Array.from({ length: batch * 20 }, () => random()),
      ),
    ],
    [
      m.t,
      new tf.NDArray(
        'float32',
        [batch, 4],
        Float32Array.from({ length: batch * 4 }, (_, i) => (i % 4 === 1 ? 1 : 0)),
      ),
    ],
  ];
}

describe.runIf(gpu)('Session.prepare on WebGPU', () => {
  const backend = gpu!;

  it('compiles every pipeline of a training step ahead: its first run compiles none, changes nothing, and trains as without it', async () => {
    const losses = async (prepare: boolean) => {
      const m = model();
      const sess = new Session({ graph: m.graph, backend });
      await sess.runAsync(m.init);
      const w1 = (await sess.runAsync(m.w1)).data.slice();
      const f = feeds(m, 16);
      if (prepare) {
        const before = backend.stats().pipelines;
        await sess.prepare([m.step, m.cost], f);
        // Nothing ran: the variable is unchanged.
        expect(Array.from((await sess.runAsync(m.w1)).data)).toEqual(Array.from(w1));
        const prepared = backend.stats().pipelines;
        expect(prepared).toBeGreaterThan(before);
        expect(sess.cachedPlanCount).toBe(3); // init, w1's read, and the prepared step
        const out: number[] = [];
        for (let i = 0; i < 3; i++) out.push((await sess.runAsync([m.step, m.cost], f))[1].item() as number);
        expect(backend.stats().pipelines, 'pipelines compiled by the first runs').toBe(prepared);
        sess.close();
        return out;
      }
      const out: number[] = [];
      for (let i = 0; i < 3; i++) out.push((await sess.runAsync([m.step, m.cost], f))[1].item() as number);
      sess.close();
      return out;
    };
    // Unprepared first: the pipelines it compiles are then cached, so prepare would find nothing new.
    // A fresh backend-wide cache is not available, so the prepared session goes first.
    const prepared = await losses(true);
    const plain = await losses(false);
    expect(prepared).toEqual(plain);
  });

  it('prepares another batch size of a cached plan on request', async () => {
    const m = model();
    const sess = new Session({ graph: m.graph, backend });
    await sess.runAsync(m.init);
    await sess.prepare([m.step, m.cost], feeds(m, 12));
    const plans = sess.cachedPlanCount;
    await sess.prepare([m.step, m.cost], feeds(m, 7)); // [7, 6] activations: scalar kernels where [12, 6] took vec4 ones
    expect(sess.cachedPlanCount).toBe(plans);
    const prepared = backend.stats().pipelines;
    await sess.runAsync([m.step, m.cost], feeds(m, 7));
    expect(backend.stats().pipelines).toBe(prepared);
    sess.close();
  });
});

describe('Session.prepare on the CPU', () => {
  it('builds and caches the plan the run then uses, and runs nothing', async () => {
    const m = model();
    const sess = new Session({ graph: m.graph });
    sess.run(m.init);
    const w1 = sess.run(m.w1).data.slice();
    const f = feeds(m, 5);
    const plans = sess.cachedPlanCount;
    await sess.prepare([m.step, m.cost], f);
    expect(sess.cachedPlanCount).toBe(plans + 1);
    expect(Array.from(sess.run(m.w1).data)).toEqual(Array.from(w1));
    sess.run([m.step, m.cost], f);
    expect(sess.cachedPlanCount).toBe(plans + 1);
    sess.close();
  });
});
