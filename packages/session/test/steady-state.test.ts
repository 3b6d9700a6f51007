import * as tf from '@tf/graph';
import { createCpuBackend } from '@tf/kernels-cpu';
import { beforeEach, describe, expect, it } from 'vitest';
import { Session } from '../src/index.js';

// Steady-state training allocates nothing per step (issue 14): once a step has run, every output
// the next steps need comes from the CPU backend's pool, except the fetched values handed to the
// caller. Counted (arrays the backend created), not timed. Kernel scratch (im2col columns, the
// WebAssembly GEMM's memory) is outside this count.

beforeEach(() => tf.resetDefaultGraph());

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

/** The seed MLP (784 → hidden → 10, relu, softmax cross entropy) on a small batch, trained by SGD or Adam. */
function mlp(optimizer: 'sgd' | 'adam', hidden: number, batch: number) {
  const x = tf.placeholder('float32', [null, 784], 'x');
  const t = tf.placeholder('float32', [null, 10], 't');
  const W1 = tf.Variable(tf.truncatedNormal([784, hidden], { stddev: 0.05, seed: 1 }), { name: 'W1' });
  const b1 = tf.Variable(tf.zeros([hidden]), { name: 'b1' });
  const W2 = tf.Variable(tf.truncatedNormal([hidden, 10], { stddev: 0.05, seed: 2 }), { name: 'W2' });
  const b2 = tf.Variable(tf.zeros([10]), { name: 'b2' });
  const logits = tf.add(tf.matmul(tf.nn.relu(tf.add(tf.matmul(x, W1), b1)), W2), b2);
  const cost = tf.reduceMean(tf.nn.softmaxCrossEntropyWithLogits({ labels: t, logits }));
  const vars = [W1, b1, W2, b2];
  const grads = tf.gradients(cost, vars);
  const updates = vars.map((v, i) => {
    const grad = grads[i]!;
    if (optimizer === 'sgd') return tf.applyGradientDescent({ var: v, alpha: 0.1, delta: grad });
    const slot = (name: string) => tf.Variable(tf.zerosLike(v), { name: `${v.name.split(':')[0]}/${name}` });
    return tf.applyAdam({
      var: v,
      m: slot('m'),
      v: slot('v'),
      grad,
      beta1Power: 0.9,
      beta2Power: 0.999,
      lr: 1e-3,
      beta1: 0.9,
      beta2: 0.999,
      epsilon: 1e-8,
    });
  });
  const next = lcg(7);
  const xs = Float32Array.from({ length: batch * 784 }, next);
  const ys = new Float32Array(batch * 10);
  for (let i = 0; i < batch; i++) ys[i * 10 + Math.floor(next() * 10)] = 1;
  const feeds: [tf.Tensor, tf.NDArray][] = [
    [x, new tf.NDArray('float32', [batch, 784], xs)],
    [t, new tf.NDArray('float32', [batch, 10], ys)],
  ];
  return { cost, updates, feeds, init: tf.globalVariablesInitializer() };
}

describe('steady-state training on the CPU', () => {
  for (const optimizer of ['sgd', 'adam'] as const) {
    it(`creates no arrays after the first steps but the fetched loss (${optimizer})`, () => {
      const model = mlp(optimizer, 64, 100);
      const backend = createCpuBackend();
      const sess = new Session({ backend });
      try {
        sess.run(model.init);
        const train = () => sess.run(model.updates, model.feeds);
        const trainAndFetch = () => sess.run([model.cost, ...model.updates], model.feeds)[0]!.item() as number;
        const first = trainAndFetch();
        // Constant folding holds the step's constants the second time it computes them (here in
        // the first `train()`), taking their arrays from the pool for good: one more step refills it.
        train();
        train();
        // Updates only: every array a step needs comes from the pool.
        let created = backend.createdBuffers();
        for (let i = 0; i < 10; i++) train();
        expect(backend.createdBuffers() - created).toBe(0);
        // The loss fetched too: one array a step, the one handed to the caller (a fetched value
        // leaves the backend, so it cannot be reused), and nothing else.
        trainAndFetch();
        created = backend.createdBuffers();
        let last = first;
        for (let i = 0; i < 10; i++) last = trainAndFetch();
        expect(backend.createdBuffers() - created).toBe(10);
        expect(last).toBeLessThan(first); // it did train
      } finally {
        sess.close();
        backend.dispose();
      }
    });
  }
});
