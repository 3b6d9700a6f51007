// The TF 1.x program this page runs, as it runs it: the page shows this file's text under
// "Program". `buildModel` builds the graph (API.md §1's MLP, or examples/mnist-cnn.ts's CNN), with
// name scopes the graph view can fold; `trainStep`, `evaluate` and `predict` are the only
// `sess.run` calls the page makes on it. The page chooses the session (WebGPU or CPU) and feeds
// the MNIST sample from `mnist.load({ source: sampleUrl })`.
import * as tf from '@tf/graph';
import type { NDArray, Session } from '@tf/session';
import { AdagradOptimizer, AdamOptimizer, GradientDescentOptimizer, MomentumOptimizer, type Optimizer, RMSPropOptimizer } from '@tf/train';

export type ModelKind = 'mlp' | 'cnn';
export type OptimizerKind = 'sgd' | 'momentum' | 'adam' | 'rmsprop' | 'adagrad';

export interface Model {
  readonly graph: tf.Graph;
  readonly x: tf.Tensor; // images, [batch, 784]
  readonly t: tf.Tensor; // one-hot labels, [batch, 10]
  readonly learningRate: tf.Tensor; // fed on every step, so it can change while training
  readonly cost: tf.Tensor;
  readonly trainStep: tf.Operation;
  readonly accuracy: tf.Tensor;
  readonly probabilities: tf.Tensor;
  readonly init: tf.Operation;
}

function makeOptimizer(kind: OptimizerKind, learningRate: tf.Tensor): Optimizer {
  switch (kind) {
    case 'sgd':
      return new GradientDescentOptimizer(learningRate);
    case 'momentum':
      return new MomentumOptimizer(learningRate, 0.9);
    case 'adam':
      return new AdamOptimizer(learningRate);
    case 'rmsprop':
      return new RMSPropOptimizer(learningRate);
    case 'adagrad':
      return new AdagradOptimizer(learningRate);
  }
}

/** API.md §1: 784 → 256 (ReLU) → 10. */
function mlpLogits(x: tf.Tensor): tf.Tensor {
  const h1 = tf.nameScope('layer1', () => {
    const W1 = tf.Variable(tf.truncatedNormal([784, 256], { stddev: 0.05 }), { name: 'W1' });
    const b1 = tf.Variable(tf.zeros([256]), { name: 'b1' });
    return tf.nn.relu(tf.add(tf.matmul(x, W1), b1));
  });
  return tf.nameScope('layer2', () => {
    const W2 = tf.Variable(tf.truncatedNormal([256, 10], { stddev: 0.05 }), { name: 'W2' });
    const b2 = tf.Variable(tf.zeros([10]), { name: 'b2' });
    return tf.add(tf.matmul(h1, W2), b2);
  });
}

/** examples/mnist-cnn.ts: conv 5×5 → max-pool 2 → conv 5×5 → max-pool 2 → dense 7·7·16 → 10. */
function cnnLogits(x: tf.Tensor): tf.Tensor {
  const weight = (shape: number[], name: string) => tf.Variable(tf.truncatedNormal(shape, { stddev: 0.1 }), { name });
  const bias = (size: number, name: string) => tf.Variable(tf.fill([size], 0.1), { name });
  const image = tf.reshape(x, [-1, 28, 28, 1]);
  const pool1 = tf.nameScope('conv1', () => {
    const conv = tf.nn.conv2d(image, weight([5, 5, 1, 8], 'W_conv1'), [1, 1, 1, 1], 'SAME');
    return tf.nn.maxPool(tf.nn.relu(tf.add(conv, bias(8, 'b_conv1'))), [1, 2, 2, 1], [1, 2, 2, 1], 'SAME');
  });
  const pool2 = tf.nameScope('conv2', () => {
    const conv = tf.nn.conv2d(pool1, weight([5, 5, 8, 16], 'W_conv2'), [1, 1, 1, 1], 'SAME');
    return tf.nn.maxPool(tf.nn.relu(tf.add(conv, bias(16, 'b_conv2'))), [1, 2, 2, 1], [1, 2, 2, 1], 'SAME');
  });
  return tf.nameScope('fc', () => {
    const flat = tf.reshape(pool2, [-1, 7 * 7 * 16]);
    return tf.add(tf.matmul(flat, weight([7 * 7 * 16, 10], 'W_fc')), bias(10, 'b_fc'));
  });
}

export function buildModel(kind: ModelKind, optimizer: OptimizerKind, seed = 1): Model {
  const graph = new tf.Graph();
  return graph.asDefault(() => {
    tf.setRandomSeed(seed);
    const x = tf.placeholder('float32', [null, 784], 'x');
    const t = tf.placeholder('float32', [null, 10], 't');
    const learningRate = tf.placeholderWithDefault(0.1, [], 'learning_rate');
    const logits = kind === 'mlp' ? mlpLogits(x) : cnnLogits(x);

    const cost = tf.nameScope('loss', () => tf.reduceMean(tf.nn.softmaxCrossEntropyWithLogits({ labels: t, logits })));
    const trainStep = makeOptimizer(optimizer, learningRate).minimize(cost);
    const accuracy = tf.nameScope('accuracy', () => tf.reduceMean(tf.cast(tf.equal(tf.argmax(logits, 1), tf.argmax(t, 1)), 'float32')));
    const probabilities = tf.nn.softmax(logits, 'probabilities');
    const init = tf.globalVariablesInitializer();
    return { graph, x, t, learningRate, cost, trainStep, accuracy, probabilities, init };
  });
}

/** One step of training on a batch; returns its loss. */
export async function trainStep(sess: Session, m: Model, images: NDArray, labels: NDArray, learningRate: number): Promise<number> {
  const { loss } = await sess.runAsync({ loss: m.cost, train: m.trainStep }, [
    [m.x, images],
    [m.t, labels],
    [m.learningRate, learningRate],
  ]);
  return loss.item() as number;
}

/** Accuracy on held-out digits (the validation split). */
export async function evaluate(sess: Session, m: Model, images: NDArray, labels: NDArray): Promise<number> {
  const accuracy = await sess.runAsync(m.accuracy, [
    [m.x, images],
    [m.t, labels],
  ]);
  return accuracy.item() as number;
}

/** The ten class probabilities of one 28×28 image (784 values in [0, 1], white on black). */
export async function predict(sess: Session, m: Model, image: Float32Array): Promise<number[]> {
  const probabilities = await sess.runAsync(m.probabilities, [[m.x, tf.NDArray.from(image, 'float32', [1, 784])]]);
  return Array.from(probabilities.data as Float32Array);
}
