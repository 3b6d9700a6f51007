import * as tf from '@tf/graph';
import { Session } from '@tf/session';
import { GradientDescentOptimizer } from '@tf/train';
import { measure, type Timing } from './stats.js';
import { useTfjs, type TfjsBackend } from './tfjs-backends.js';

/** The seed MLP (API.md §1): 784 → hidden (relu) → 10, softmax cross entropy, SGD 0.1. */
export interface MlpShape {
  readonly batch: number;
  readonly hidden: number;
}

function randomBatch({ batch }: MlpShape, seed: number): { x: Float32Array; y: Float32Array } {
  let s = seed >>> 0;
  const next = () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
  const x = Float32Array.from({ length: batch * 784 }, next);
  const y = new Float32Array(batch * 10);
  for (let i = 0; i < batch; i++) y[i * 10 + Math.floor(next() * 10)] = 1;
  return { x, y };
}

/** Our step: `sess.run([trainStep, cost], feeds)`, the loss read back every step. */
export async function ourMlpStep(shape: MlpShape, repeats: number, warmup: number): Promise<Timing> {
  const graph = new tf.Graph();
  const { step, close } = graph.asDefault(() => {
    tf.setRandomSeed(1);
    const x = tf.placeholder('float32', [null, 784], 'x');
    const t = tf.placeholder('float32', [null, 10], 't');
    const W1 = tf.Variable(tf.truncatedNormal([784, shape.hidden], { stddev: 0.05 }), { name: 'W1' });
    const b1 = tf.Variable(tf.zeros([shape.hidden]), { name: 'b1' });
    const h1 = tf.nn.relu(tf.add(tf.matmul(x, W1), b1));
    const W2 = tf.Variable(tf.truncatedNormal([shape.hidden, 10], { stddev: 0.05 }), { name: 'W2' });
    const b2 = tf.Variable(tf.zeros([10]), { name: 'b2' });
    const logits = tf.add(tf.matmul(h1, W2), b2);
    const cost = tf.reduceMean(tf.nn.softmaxCrossEntropyWithLogits({ labels: t, logits }));
    const trainStep = new GradientDescentOptimizer(0.1).minimize(cost);
    const sess = new Session({ graph });
    sess.run(tf.globalVariablesInitializer());
    const { x: xs, y: ys } = randomBatch(shape, 7);
    const feeds: [tf.Tensor, tf.NDArray][] = [
      [x, new tf.NDArray('float32', [shape.batch, 784], xs)],
      [t, new tf.NDArray('float32', [shape.batch, 10], ys)],
    ];
    return { step: () => sess.run([trainStep, cost], feeds)[1].item(), close: () => sess.close() };
  });
  try {
    return await measure(step, repeats, warmup);
  } finally {
    close();
  }
}

/** TensorFlow.js's step, written the idiomatic way: `optimizer.minimize` in `tidy`, `dataSync()` of the loss. */
export async function tfjsMlpStep(backend: TfjsBackend, shape: MlpShape, repeats: number, warmup: number): Promise<Timing> {
  const tfjs = await useTfjs(backend);
  const { x: xs, y: ys } = randomBatch(shape, 7);
  const x = tfjs.tensor2d(xs, [shape.batch, 784]);
  const y = tfjs.tensor2d(ys, [shape.batch, 10]);
  const W1 = tfjs.variable(tfjs.truncatedNormal([784, shape.hidden], 0, 0.05, 'float32', 1));
  const b1 = tfjs.variable(tfjs.zeros([shape.hidden]));
  const W2 = tfjs.variable(tfjs.truncatedNormal([shape.hidden, 10], 0, 0.05, 'float32', 2));
  const b2 = tfjs.variable(tfjs.zeros([10]));
  const optimizer = tfjs.train.sgd(0.1);
  const step = () =>
    tfjs.tidy(() => {
      const cost = optimizer.minimize(() => {
        const h1 = tfjs.relu(tfjs.add(tfjs.matMul(x, W1), b1));
        const logits = tfjs.add(tfjs.matMul(h1, W2), b2);
        return tfjs.losses.softmaxCrossEntropy(y, logits) as import('@tensorflow/tfjs').Scalar;
      }, true)!;
      return cost.dataSync()[0];
    });
  try {
    return await measure(step, repeats, warmup);
  } finally {
    tfjs.dispose([x, y, W1, b1, W2, b2]);
    optimizer.dispose();
  }
}
